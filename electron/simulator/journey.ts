import type { TransportMode } from '../../shared/contract/enums.js';
import { bearing, roundTo } from '../../shared/domain/geo.js';
import type { Leg, Waypoint } from './route-geometry.js';

/**
 * A journey in real time: legs at typical speeds (including stops: a China-Europe train averages
 * far below its running speed), so a Yuxinou train takes about two weeks and a flight a night.
 */
const SPEED_KMH: Readonly<Record<TransportMode, number>> = { rail: 38, river: 12, sea: 28, road: 45, air: 760 };
const HOUR = 3_600_000;

export interface Journey {
  readonly legs: readonly Leg[];
  readonly speeds: readonly number[];
  /** Start time of each leg, ms. */
  readonly legStart: readonly number[];
  readonly departAt: number;
  readonly arriveAt: number;
}

export interface Fix {
  readonly lon: number;
  readonly lat: number;
  readonly mode: TransportMode;
  readonly speedKmh: number;
  readonly heading: number;
}

/** A waypoint passed on the way (border crossings become milestones). */
export interface Passage {
  readonly at: number;
  readonly waypoint: Waypoint;
  readonly mode: TransportMode;
}

export function durationMs(legs: readonly Leg[], pace: number): number {
  return legs.reduce((sum, leg) => sum + (leg.km / (SPEED_KMH[leg.mode] * pace)) * HOUR, 0);
}

/** `pace` scales every speed (a slow barge, a fast train), e.g. 0.85..1.15. */
export function planJourney(legs: readonly Leg[], departAt: number, pace: number): Journey {
  const speeds = legs.map((leg) => SPEED_KMH[leg.mode] * pace);
  const legStart: number[] = [];
  let t = departAt;
  legs.forEach((leg, i) => {
    legStart.push(t);
    t += (leg.km / (speeds[i] ?? 1)) * HOUR;
  });
  return { legs, speeds, legStart, departAt, arriveAt: t };
}

export function isMoving(journey: Journey | undefined, t: number): journey is Journey {
  return journey !== undefined && t >= journey.departAt && t < journey.arriveAt;
}

export function fixAt(journey: Journey, t: number): Fix {
  let i = 0;
  while (i + 1 < journey.legs.length && (journey.legStart[i + 1] ?? Infinity) <= t) i++;
  const leg = journey.legs[i];
  if (leg === undefined) throw new Error('a journey needs at least one leg');
  const start = journey.legStart[i] ?? journey.departAt;
  const end = journey.legStart[i + 1] ?? journey.arriveAt;
  const f = Math.min(1, Math.max(0, (t - start) / Math.max(1, end - start)));
  const moving = t >= journey.departAt && t < journey.arriveAt;
  return {
    lon: roundTo(leg.from.lon + (leg.to.lon - leg.from.lon) * f, 5),
    lat: roundTo(leg.from.lat + (leg.to.lat - leg.from.lat) * f, 5),
    mode: leg.mode,
    speedKmh: moving ? roundTo(journey.speeds[i] ?? 0, 1) : 0,
    heading: bearing(leg.from, leg.to),
  };
}

/** When each intermediate waypoint is passed, in order. */
export function passages(journey: Journey): Passage[] {
  return journey.legs.slice(1).map((leg, i) => ({ at: journey.legStart[i + 1] ?? journey.arriveAt, waypoint: leg.from, mode: leg.mode }));
}

export function origin(journey: Journey): Waypoint | undefined {
  return journey.legs[0]?.from;
}

export function destination(journey: Journey): Waypoint | undefined {
  return journey.legs[journey.legs.length - 1]?.to;
}
