import type { AuditTimelineEntry } from '../../../shared/contract/index.js';
import type { ReplayRange, ReplayTrack } from '../map/track-replay.js';

/**
 * The case replay's arithmetic (issue 10, point 4): one time range over the cargo's track and the
 * task's audit entries together, and where each entry stands at the slider's time.
 */
export interface TimelineEntry extends AuditTimelineEntry {
  /** NaN when the core wrote a time that does not parse: such an entry is never reached. */
  readonly atMs: number;
}

export type EntryState = 'past' | 'current' | 'future';

export function timelineEntries(entries: readonly AuditTimelineEntry[]): TimelineEntry[] {
  return entries.map((entry) => ({ ...entry, atMs: Date.parse(entry.at) }));
}

/** From the earliest to the latest of the track's points and the entries' times; null when there is no time at all. */
export function caseRange(track: ReplayTrack | null, entries: readonly TimelineEntry[]): ReplayRange | null {
  const times = entries.map((entry) => entry.atMs).filter(Number.isFinite);
  if (track !== null) times.push(track.startMs, track.endMs);
  if (times.length === 0) return null;
  return { startMs: Math.min(...times), endMs: Math.max(...times) };
}

/**
 * Each entry's state at `atMs`: past at or before it, future after it, and current the latest one
 * at or before it (of entries at the same time, the last in chain order: the one written last).
 */
export function entryStates(entries: readonly TimelineEntry[], atMs: number): EntryState[] {
  let current = -1;
  entries.forEach((entry, index) => {
    if (entry.atMs <= atMs && (current === -1 || entry.atMs >= (entries[current]?.atMs ?? -Infinity))) current = index;
  });
  return entries.map((entry, index) => (index === current ? 'current' : entry.atMs <= atMs ? 'past' : 'future'));
}
