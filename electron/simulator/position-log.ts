import type { Position } from '../../shared/contract/gateway.js';

/**
 * Cargo positions as the gateway hands them out: a bounded buffer in emission order (event ids
 * for the stream's Last-Event-ID resume), the same entries ordered by `at` (positions?since=), and
 * the newest position of each cargo (what a stream opened without an id starts with).
 */
export type PositionDraft = Omit<Position, 'eventId'>;
export type PositionListener = (position: Position) => void;

interface Entry {
  readonly seq: number;
  readonly atMs: number;
  readonly position: Position;
}

const EVENT_ID = /^([0-9a-f]{12})-(\d{1,15})$/;

export class PositionLog {
  private events: Entry[] = [];
  private byAt: Entry[] = [];
  private readonly latestByCargo = new Map<string, Entry>();
  private readonly listeners = new Set<PositionListener>();
  private seq = 0;

  constructor(
    private readonly capacity: number,
    private readonly instance: string,
  ) {}

  append(draft: PositionDraft): Position {
    const seq = ++this.seq;
    const position: Position = { eventId: `${this.instance}-${seq}`, ...draft };
    const entry: Entry = { seq, atMs: Date.parse(position.at), position };
    this.events.push(entry);
    this.byAt.splice(this.upperBound(entry.atMs), 0, entry);
    // Trim in batches: a shift per event would move the whole array every time.
    if (this.events.length > this.capacity * 1.25) this.events.splice(0, this.events.length - this.capacity);
    if (this.byAt.length > this.capacity * 1.25) this.byAt.splice(0, this.byAt.length - this.capacity);
    const latest = this.latestByCargo.get(position.cargoId);
    if (latest === undefined || latest.atMs <= entry.atMs) this.latestByCargo.set(position.cargoId, entry);
    for (const listener of this.listeners) listener(position);
    return position;
  }

  /** Every event after `eventId`, or undefined when that id is not (or no longer) held here. */
  after(eventId: string): Position[] | undefined {
    const match = EVENT_ID.exec(eventId);
    if (match?.[1] !== this.instance || match[2] === undefined) return undefined;
    const seq = Number(match[2]);
    const first = this.events[0]?.seq ?? this.seq + 1;
    if (seq > this.seq || seq < first - 1) return undefined;
    return this.events.slice(seq - first + 1).map((e) => e.position);
  }

  /**
   * Positions whose `at` is after `sinceMs`, oldest first, at most `limit`. A page does not end in
   * the middle of positions sharing one `at` (unless they alone fill it), because the client pages
   * on with the last `at` it got and would skip the rest.
   */
  since(sinceMs: number | undefined, limit: number): Position[] {
    const from = sinceMs === undefined ? 0 : this.upperBound(sinceMs);
    let end = Math.min(this.byAt.length, from + limit);
    const last = this.byAt[end - 1];
    if (end < this.byAt.length && last !== undefined && this.byAt[end]?.atMs === last.atMs) {
      let cut = end - 1;
      while (cut > from && this.byAt[cut - 1]?.atMs === last.atMs) cut--;
      if (cut > from) end = cut;
    }
    return this.byAt.slice(from, end).map((e) => e.position);
  }

  /** The newest position of every cargo still followed, oldest first. */
  latest(): Position[] {
    return [...this.latestByCargo.values()].sort((a, b) => a.atMs - b.atMs || a.seq - b.seq).map((e) => e.position);
  }

  /** Events in emission order (inspection API). */
  all(): Position[] {
    return this.events.map((e) => e.position);
  }

  /** A cargo no longer followed drops out of the snapshot a new stream starts with. */
  forget(cargoId: string): void {
    this.latestByCargo.delete(cargoId);
  }

  subscribe(listener: PositionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Index of the first entry whose `at` is after atMs. */
  private upperBound(atMs: number): number {
    let lo = 0;
    let hi = this.byAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.byAt[mid]?.atMs ?? 0) <= atMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
