import { describe, expect, it } from 'vitest';
import { AT_HUB_STALE_AFTER_MS, freshness, HALF_LIFE_MS, MOVING_STALE_AFTER_MS, placeFix, type CargoFix } from '../../shared/domain/cargo-estimate.js';
import { corridorRoute, placeOnRoute, pointOnRoute } from '../../shared/domain/corridor-route.js';
import { bearing } from '../../shared/domain/geo.js';

const HOUR = 3_600_000;
const route = corridorRoute('trucks-asean')!;
const AT = Date.parse('2026-03-02T08:00:00Z');
const startKm = route.lengthKm / 2;
const here = pointOnRoute(route, startKm);
const homewards = bearing(here, pointOnRoute(route, startKm - 20));

const truck = (overrides: Partial<CargoFix> = {}): CargoFix => ({ ...here, atMs: AT, mode: 'road', corridor: 'trucks-asean', speedKmh: 60, heading: homewards, ...overrides });

describe('stale and estimated cargo', () => {
  it('is live within its expected interval and stale after it', () => {
    const fix = truck();
    expect(freshness(fix, placeFix(fix), AT + MOVING_STALE_AFTER_MS).kind).toBe('live');
    const unplaced = truck({ heading: undefined });
    expect(placeFix(unplaced)).toBeNull();
    expect(freshness(unplaced, null, AT + MOVING_STALE_AFTER_MS + 1)).toEqual({ kind: 'stale', ageMs: MOVING_STALE_AFTER_MS + 1 });
  });

  it('carries a silent moving cargo along its corridor at its speed, its confidence halving every half-life', () => {
    const fix = truck();
    const estimate = freshness(fix, placeFix(fix), AT + HOUR);
    expect(estimate.kind).toBe('estimated');
    if (estimate.kind !== 'estimated') return;
    // An hour at 60 km/h towards Chongqing, on the line.
    expect(placeOnRoute(route, estimate).alongKm).toBeCloseTo(startKm - 60, 1);
    expect(placeOnRoute(route, estimate).offKm).toBeLessThan(0.01);
    expect(estimate.confidence).toBeCloseTo(0.5 ** (HOUR / HALF_LIFE_MS.road), 6);
    const later = freshness(fix, placeFix(fix), AT + 2 * HOUR);
    expect(later.kind === 'estimated' && later.confidence).toBeCloseTo(estimate.confidence ** 2, 6);
    // Leaving Chongqing: carried the other way.
    const outbound = truck({ heading: (homewards + 180) % 360 });
    const away = freshness(outbound, placeFix(outbound), AT + HOUR);
    expect(away.kind === 'estimated' && placeOnRoute(route, away).alongKm).toBeCloseTo(startKm + 60, 1);
  });

  it('stops an estimate at the end of the line, and gives up once the confidence is too low', () => {
    const fix = truck({ speedKmh: 80 });
    const placed = placeFix(fix);
    const atEnd = freshness(fix, placed, AT + 3 * HOUR);
    expect(atEnd.kind === 'estimated' && placeOnRoute(route, atEnd).alongKm).toBeCloseTo(Math.max(0, startKm - 240), 1);
    expect(freshness(fix, placed, AT + 5 * HALF_LIFE_MS.road).kind).toBe('stale');
  });

  it('never moves cargo at its hub, and calls it stale only after hours', () => {
    const fix = truck({ milestone: 'gate_in' });
    expect(placeFix(fix)).toBeNull();
    expect(freshness(fix, null, AT + AT_HUB_STALE_AFTER_MS).kind).toBe('live');
    expect(freshness(fix, null, AT + AT_HUB_STALE_AFTER_MS + 1).kind).toBe('stale');
  });
});
