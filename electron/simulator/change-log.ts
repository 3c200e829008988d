/**
 * The task change log, compacted: every change appends a slot for its task and retires the
 * task's previous slot, so reading from a position yields each task changed after it exactly once,
 * in its current state, and reading from 0 is the initial load ("the current state of every
 * task"). Positions are sequence numbers, never array indexes, so retired slots can be dropped
 * from memory at any time without moving a cursor.
 *
 * Expiry: the log keeps `retain` superseded entries; when one more is superseded, the oldest is
 * forgotten and cursors before it expire (410). A compacted log could serve them, but the
 * contract says a gateway may forget, and clients must be tested against that.
 */
export interface LogPage {
  readonly taskIds: readonly string[];
  /** Position to continue from: the last slot looked at. */
  readonly next: number;
  readonly hasMore: boolean;
}

export class ChangeLog {
  private seqs: number[] = [];
  private slots: string[] = [];
  private readonly liveSeq = new Map<string, number>();
  private readonly superseded: number[] = [];
  private supersededHead = 0;
  private dead = 0;
  private lastSeq = 0;
  private horizonSeq = 0;

  constructor(private readonly retain: number) {}

  /** The newest position. */
  get last(): number {
    return this.lastSeq;
  }

  /** Cursors with a position below this have expired. */
  get horizon(): number {
    return this.horizonSeq;
  }

  append(taskId: string): number {
    const seq = ++this.lastSeq;
    const previous = this.liveSeq.get(taskId);
    this.liveSeq.set(taskId, seq);
    this.seqs.push(seq);
    this.slots.push(taskId);
    if (previous !== undefined) {
      this.dead++;
      this.superseded.push(previous);
      while (this.superseded.length - this.supersededHead > this.retain) {
        const forgotten = this.superseded[this.supersededHead++] ?? 0;
        this.horizonSeq = Math.max(this.horizonSeq, forgotten);
      }
      if (this.supersededHead > 4096) {
        this.superseded.splice(0, this.supersededHead);
        this.supersededHead = 0;
      }
      if (this.dead > 4096 && this.dead > this.liveSeq.size) this.compact();
    }
    return seq;
  }

  /** Up to `limit` live slots after `after` whose task passes `accept`. */
  read(after: number, limit: number, accept: (taskId: string) => boolean): LogPage {
    const taskIds: string[] = [];
    let next = after;
    let i = this.firstIndexAfter(after);
    for (; i < this.seqs.length && taskIds.length < limit; i++) {
      const seq = this.seqs[i] ?? 0;
      const taskId = this.slots[i] ?? '';
      next = seq;
      if (this.liveSeq.get(taskId) === seq && accept(taskId)) taskIds.push(taskId);
    }
    // Skipping retired or foreign slots costs the client nothing, so the cursor moves past them.
    for (; i < this.seqs.length; i++) {
      const seq = this.seqs[i] ?? 0;
      const taskId = this.slots[i] ?? '';
      if (this.liveSeq.get(taskId) === seq && accept(taskId)) return { taskIds, next, hasMore: true };
      next = seq;
    }
    return { taskIds, next, hasMore: false };
  }

  /** A position `count` live slots before `after`, to deliver those again (at-least-once). */
  backUp(after: number, count: number): number {
    let i = this.firstIndexAfter(after) - 1;
    let found = 0;
    let position = after;
    for (; i >= 0 && found < count; i--) {
      const seq = this.seqs[i] ?? 0;
      if (this.liveSeq.get(this.slots[i] ?? '') === seq) {
        found++;
        position = seq - 1;
      }
    }
    return Math.max(0, position);
  }

  private firstIndexAfter(position: number): number {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] ?? 0) <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private compact(): void {
    const seqs: number[] = [];
    const slots: string[] = [];
    this.seqs.forEach((seq, i) => {
      const taskId = this.slots[i] ?? '';
      if (this.liveSeq.get(taskId) === seq) {
        seqs.push(seq);
        slots.push(taskId);
      }
    });
    this.seqs = seqs;
    this.slots = slots;
    this.dead = 0;
  }
}
