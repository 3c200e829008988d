import type { MethodOutput } from '../../../shared/contract/index.js';

/**
 * The journey replay's arithmetic (issue 9, point 5): a cargo's stored track (cargo:track, oldest
 * first) as times and places, the position at any time along it, and the slider's step.
 */
export interface ReplayPoint {
  readonly atMs: number;
  readonly lon: number;
  readonly lat: number;
  readonly speedKmh: number | null;
}

/** The times a replay's slider runs between (a journey's; a case replay's covers its audit entries too). */
export interface ReplayRange {
  readonly startMs: number;
  readonly endMs: number;
}

export interface ReplayTrack extends ReplayRange {
  /** Oldest first, at least one point. */
  readonly points: readonly ReplayPoint[];
}

export interface ReplayPosition {
  readonly lon: number;
  readonly lat: number;
  /** The speed of the report the cargo last made by then. */
  readonly speedKmh: number | null;
}

/** A journey is crossed in about this many steps of the slider (arrow keys), whatever its length. */
export const REPLAY_STEPS = 200;
/** Page Up / Page Down move this many steps. */
export const REPLAY_PAGE_STEPS = 20;

/**
 * The track of a cargo:track answer, or null when it holds no point with a readable time. Points
 * are put in time order (the core sends them so; a replay must never run backwards).
 */
export function replayTrack(answer: MethodOutput<'cargo:track'>): ReplayTrack | null {
  const points = answer.points
    .map(({ at, lon, lat, speedKmh }) => ({ atMs: Date.parse(at), lon, lat, speedKmh }))
    .filter((point) => Number.isFinite(point.atMs))
    .sort((a, b) => a.atMs - b.atMs);
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined) return null;
  return { points, startMs: first.atMs, endMs: last.atMs };
}

/**
 * Where the cargo was at `atMs`: between two reports, on the straight line between them in
 * proportion to the time (reports are seconds to minutes apart, far below the scale at which the
 * earth's curve shows); before the first or after the last report, at that report.
 */
export function positionAt(track: ReplayTrack, atMs: number): ReplayPosition {
  const { points } = track;
  // The last point at or before atMs (binary search: a capped track still holds hundreds).
  let low = 0;
  let high = points.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((points[middle]?.atMs ?? Infinity) <= atMs) low = middle;
    else high = middle - 1;
  }
  const before = points[low];
  if (before === undefined) throw new RangeError('a replay track holds at least one point');
  const after = points[low + 1];
  if (atMs <= before.atMs || after === undefined) return { lon: before.lon, lat: before.lat, speedKmh: before.speedKmh };
  const share = (atMs - before.atMs) / (after.atMs - before.atMs);
  return { lon: before.lon + (after.lon - before.lon) * share, lat: before.lat + (after.lat - before.lat) * share, speedKmh: before.speedKmh };
}

/** The slider's step in ms: the range in about REPLAY_STEPS steps, never under a second. */
export function replayStepMs(range: ReplayRange): number {
  return Math.max(1000, Math.ceil((range.endMs - range.startMs) / REPLAY_STEPS / 1000) * 1000);
}

/** The time a key moves the slider to (arrows a step, Page Up/Down a page, Home/End the ends), or null for another key. */
export function replayKeyTime(range: ReplayRange, atMs: number, key: string): number | null {
  const step = replayStepMs(range);
  const moves: Record<string, number> = {
    ArrowRight: atMs + step,
    ArrowUp: atMs + step,
    ArrowLeft: atMs - step,
    ArrowDown: atMs - step,
    PageUp: atMs + REPLAY_PAGE_STEPS * step,
    PageDown: atMs - REPLAY_PAGE_STEPS * step,
    Home: range.startMs,
    End: range.endMs,
  };
  const to = moves[key];
  return to === undefined ? null : Math.min(range.endMs, Math.max(range.startMs, to));
}
