import { describe, expect, it } from 'vitest';
import { cargoFeature, FeatureDiffer } from '../../renderer/features/map/cargo-features.js';
import { NO_FILTER } from '../../renderer/features/map/cargo-filter.js';
import { freshnessOf } from '../../renderer/features/map/cargo-freshness.js';
import type { CargoRecord } from '../../renderer/features/map/cargo-picture.js';
import { AT_HUB_STALE_AFTER_MS, freshness, HALF_LIFE_MS, MIN_CONFIDENCE, MOVING_STALE_AFTER_MS, placeFix } from '../../shared/domain/cargo-estimate.js';
import { corridorRoute } from '../../shared/domain/corridor-route.js';
import { bearing } from '../../shared/domain/geo.js';

/**
 * Stale and estimated cargo on the map (issue 9, point 4): the features the map source is given as
 * positions age, by the rule of shared/domain/cargo-estimate, and the differ sending only those
 * whose state or estimated position changed.
 */
const T0 = Date.parse('2026-12-01T08:00:00Z');
const yuxinou = corridorRoute('yuxinou')!;
const lanzhou = yuxinou.points.find((p) => p.id === 'lanzhou')!;
const chengdu = yuxinou.points.find((p) => p.id === 'chengdu')!;

/** A Yuxinou train at Lanzhou heading for Chongqing at 40 km/h, reported at T0. */
function train(i: number, extra: Partial<CargoRecord> = {}): CargoRecord {
  return {
    i,
    cargoId: `C-${i}`,
    transportDocNo: `RW-${i}`,
    containerNo: undefined,
    taskId: undefined,
    corridor: 'yuxinou',
    lon: lanzhou.lon,
    lat: lanzhou.lat,
    atMs: T0,
    mode: 'rail',
    speedKmh: 40,
    heading: bearing(lanzhou, chengdu),
    milestone: undefined,
    ...extra,
  };
}
const feature = (record: CargoRecord, nowMs: number) => cargoFeature(record, undefined, nowMs, NO_FILTER);

describe('stale and estimated cargo features', () => {
  it('draws a moving cargo past its interval at the position estimated along its corridor, hollow, with its age', () => {
    const record = train(0);
    expect(feature(record, T0 + MOVING_STALE_AFTER_MS).properties).toMatchObject({ stale: false, estimated: false, age: '' });
    const at = T0 + 30 * 60_000;
    const estimated = feature(record, at);
    expect(estimated.properties).toMatchObject({ stale: false, estimated: true, age: '30m' });
    // The shared rule's own estimate, not another one: half an hour at 40 km/h towards Chengdu.
    const expected = freshness(record, placeFix(record), at);
    expect(expected.kind).toBe('estimated');
    if (expected.kind !== 'estimated') return;
    expect(estimated.geometry.coordinates).toEqual([expected.lon, expected.lat]);
    expect(estimated.geometry.coordinates).not.toEqual([record.lon, record.lat]);
    expect(Math.hypot(expected.lon - chengdu.lon, expected.lat - chengdu.lat)).toBeLessThan(Math.hypot(lanzhou.lon - chengdu.lon, lanzhou.lat - chengdu.lat));
    expect(expected.confidence).toBeCloseTo(0.5 ** (30 / 180), 6);
  });

  it('falls back to stale at the last fix once the confidence is too low to draw, or when there is nothing to estimate from', () => {
    const record = train(0);
    const tooOld = T0 + Math.ceil(Math.log2(1 / MIN_CONFIDENCE) * HALF_LIFE_MS.rail) + 60_000;
    const gone = feature(record, tooOld);
    expect(gone.properties).toMatchObject({ stale: true, estimated: false });
    expect(gone.geometry.coordinates).toEqual([record.lon, record.lat]);
    // No heading: the direction is unknown, so the cargo stays where it was last seen, faded.
    const noHeading = feature(train(1, { heading: undefined }), T0 + 10 * 60_000);
    expect(noHeading.properties).toMatchObject({ stale: true, estimated: false, age: '10m' });
    expect(noHeading.geometry.coordinates).toEqual([lanzhou.lon, lanzhou.lat]);
  });

  it('keeps a cargo standing at a hub live for hours, then stale, never estimated', () => {
    const standing = train(2, { speedKmh: 0, milestone: 'gate_in' });
    expect(freshnessOf(standing, T0 + AT_HUB_STALE_AFTER_MS).kind).toBe('live');
    expect(feature(standing, T0 + AT_HUB_STALE_AFTER_MS + 60_000).properties).toMatchObject({ stale: true, estimated: false, age: '6h' });
  });

  it('sends only the features whose state or estimated position changed when the clock moves on, and a new report brings the cargo back live', () => {
    const live = train(0, { atMs: T0 + 10 * 60_000 });
    const moving = train(1);
    const standing = train(2, { speedKmh: 0, milestone: 'arrived' });
    const records = [live, moving, standing];
    const differ = new FeatureDiffer();
    const start = T0 + 11 * 60_000;
    differ.reset(records.map((r) => feature(r, start)));

    // Five seconds on: the live ones are unchanged; the estimate has moved.
    const next = differ.diff(records.map((r) => feature(r, start + 5_000)));
    expect(next.add).toEqual([]);
    expect(next.update.map((f) => f.id)).toEqual([1]);
    expect(next.update[0]!.properties.estimated).toBe(true);

    // The first one past its interval without news: it turns estimated too.
    const later = live.atMs + MOVING_STALE_AFTER_MS + 60_000;
    const turned = differ.diff(records.map((r) => feature(r, later)));
    expect(turned.update.map((f) => f.id).sort()).toEqual([0, 1]);
    expect(turned.update.find((f) => f.id === 0)!.properties).toMatchObject({ estimated: true });

    // A new report of the estimated cargo: live again, at the position it reported.
    const reported = train(1, { atMs: later, lon: chengdu.lon, lat: chengdu.lat });
    const back = differ.diff([feature(reported, later + 1_000)]);
    expect(back.update).toHaveLength(1);
    expect(back.update[0]!.properties).toMatchObject({ stale: false, estimated: false, age: '' });
    expect(back.update[0]!.geometry.coordinates).toEqual([chengdu.lon, chengdu.lat]);
  });
});
