import type { TransportMode } from '../contract/enums.js';
import { corridorRoute, headsHome, isAtHub, MAX_OFF_ROUTE_KM, placeOnRoute, pointOnRoute, type CorridorRoute } from './corridor-route.js';

/**
 * How much to trust a cargo's last position (issue 9, point 4). Moving cargo reports every few
 * seconds (the simulator every ~10 s, trackers on trains and trucks about as often); a position
 * older than its expected interval is stale, shown with its age. A stale cargo moving on a known
 * corridor in a known direction is estimated: carried along the corridor's line at its last speed,
 * with a confidence that halves every `HALF_LIFE_MS` of its mode (a truck's plans change within the
 * hour, a barge keeps its course for half a day).
 */

/** A moving cargo's report is overdue after this long (several missed reports of ~10 s). */
export const MOVING_STALE_AFTER_MS = 2 * 60_000;
/** A cargo at a hub reports on events (gate in, inspection, release): overdue after this long. */
export const AT_HUB_STALE_AFTER_MS = 6 * 3_600_000;
export const HALF_LIFE_MS: Readonly<Record<TransportMode, number>> = {
  air: 30 * 60_000,
  road: 60 * 60_000,
  rail: 3 * 3_600_000,
  river: 6 * 3_600_000,
  sea: 6 * 3_600_000,
};
/** Below this confidence an estimate says too little to draw: the cargo stays stale at its last fix. */
export const MIN_CONFIDENCE = 0.05;

/** The fields of a position the estimate reads. */
export interface CargoFix {
  readonly lon: number;
  readonly lat: number;
  readonly atMs: number;
  readonly mode: TransportMode;
  readonly corridor: string;
  readonly speedKmh?: number | undefined;
  readonly heading?: number | undefined;
  readonly milestone?: string | undefined;
}

/** A fix placed on its corridor once (placing costs a walk over the line; estimating then is cheap). */
export interface PlacedFix {
  readonly route: CorridorRoute;
  readonly alongKm: number;
  /** +1 away from Chongqing, -1 towards it. */
  readonly sense: 1 | -1;
}

export type Freshness =
  | { readonly kind: 'live'; readonly ageMs: number }
  | { readonly kind: 'stale'; readonly ageMs: number }
  | { readonly kind: 'estimated'; readonly ageMs: number; readonly lon: number; readonly lat: number; readonly confidence: number };

/** Places a moving fix on its corridor, or null: no corridor line, off it, standing, or no heading to tell the direction. */
export function placeFix(fix: CargoFix): PlacedFix | null {
  if (isAtHub(fix.milestone)) return null;
  if (fix.speedKmh === undefined || fix.speedKmh <= 0 || fix.heading === undefined || fix.heading < 0) return null;
  const route = corridorRoute(fix.corridor);
  if (!route) return null;
  const placed = placeOnRoute(route, fix);
  if (placed.offKm > MAX_OFF_ROUTE_KM) return null;
  return { route, alongKm: placed.alongKm, sense: headsHome(route, placed.segment, fix.heading) ? -1 : 1 };
}

/**
 * The fix's state at `nowMs`; `placed` is placeFix(fix) (null: never estimated). An estimate stops
 * at the end of the corridor's line: cargo is not carried past its hub or its far terminus.
 */
export function freshness(fix: CargoFix, placed: PlacedFix | null, nowMs: number): Freshness {
  const ageMs = Math.max(0, nowMs - fix.atMs);
  const moving = !isAtHub(fix.milestone) && fix.speedKmh !== undefined && fix.speedKmh > 0;
  if (ageMs <= (moving ? MOVING_STALE_AFTER_MS : AT_HUB_STALE_AFTER_MS)) return { kind: 'live', ageMs };
  if (!placed || fix.speedKmh === undefined) return { kind: 'stale', ageMs };
  const confidence = 0.5 ** (ageMs / HALF_LIFE_MS[fix.mode]);
  if (confidence < MIN_CONFIDENCE) return { kind: 'stale', ageMs };
  const point = pointOnRoute(placed.route, placed.alongKm + placed.sense * fix.speedKmh * (ageMs / 3_600_000));
  return { kind: 'estimated', ageMs, lon: point.lon, lat: point.lat, confidence };
}
