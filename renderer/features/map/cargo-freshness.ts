import { freshness, placeFix, type Freshness, type PlacedFix } from '../../../shared/domain/cargo-estimate.js';
import type { CargoRecord } from './cargo-picture.js';

/**
 * How much the map trusts a cargo's last position, by the one rule of shared/domain/cargo-estimate:
 * live, stale (its age shown) or estimated (carried along its corridor, with a confidence).
 *
 * Placing a fix on its corridor walks the corridor's line, so it is done once per position, and only
 * for a position that has outlived its interval: the picture makes a new record for every position,
 * so a record is the key, and a placement is forgotten with the record it belongs to.
 */
const placements = new WeakMap<CargoRecord, PlacedFix | null>();

export function freshnessOf(record: CargoRecord, nowMs: number): Freshness {
  const unplaced = freshness(record, null, nowMs);
  if (unplaced.kind === 'live') return unplaced;
  let placed = placements.get(record);
  if (placed === undefined) {
    placed = placeFix(record);
    placements.set(record, placed);
  }
  return placed === null ? unplaced : freshness(record, placed, nowMs);
}

/** Where the map draws a cargo at `nowMs`: its estimated position when it has one, else its last fix (searches fly there). */
export function drawnAt(record: CargoRecord, nowMs: number): { lon: number; lat: number } {
  const fix = freshnessOf(record, nowMs);
  return fix.kind === 'estimated' ? { lon: fix.lon, lat: fix.lat } : { lon: record.lon, lat: record.lat };
}
