import { randomUUID } from 'node:crypto';
import type { CargoFrame } from '../../../shared/contract/cargo.js';
import type { StoredPosition } from '../db/cargo-repository.js';
import { CargoNames, FRAME_BUDGET_BYTES, FrameBuilder } from './cargo-frame.js';

/** Time as the batcher sees it; tests pass a manual one. */
export interface BatcherClock {
  now(): number;
  /** Runs `run` after `ms`; returns the cancel. */
  after(ms: number, run: () => void): () => void;
}

export const realClock: BatcherClock = {
  now: Date.now,
  after(ms, run) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

/** At most 4 frames a second. */
export const MIN_FRAME_INTERVAL_MS = 250;

export interface CargoBatcherOptions {
  emit(frame: CargoFrame): void;
  clock?: BatcherClock;
  budgetBytes?: number;
}

/**
 * Collects the moves renderers have not seen and sends them as one `cargo:moved` frame, at most
 * one frame per 250 ms. A cargo that moves twice between frames is sent once, at its newest
 * position; what a frame's byte budget cannot hold goes out with the next one.
 */
export class CargoBatcher {
  readonly epoch = randomUUID();
  readonly names = new CargoNames();
  private readonly pending = new Map<string, StoredPosition>();
  private readonly clock: BatcherClock;
  private lastFrameAt = Number.NEGATIVE_INFINITY;
  private cancel: (() => void) | null = null;
  private seq = 0;

  constructor(private readonly options: CargoBatcherOptions) {
    this.clock = options.clock ?? realClock;
  }

  /** Frames sent so far. */
  get sequence(): number {
    return this.seq;
  }

  /** A cargo's newest position (the caller has already dropped late ones). */
  push(p: StoredPosition): void {
    const held = this.pending.get(p.cargoId);
    if (held === undefined || held.atMs <= p.atMs) this.pending.set(p.cargoId, p);
    this.schedule();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
    this.pending.clear();
  }

  private schedule(): void {
    if (this.cancel !== null || this.pending.size === 0) return;
    const wait = Math.max(0, this.lastFrameAt + MIN_FRAME_INTERVAL_MS - this.clock.now());
    this.cancel = this.clock.after(wait, () => {
      this.cancel = null;
      this.flush();
    });
  }

  private flush(): void {
    if (this.pending.size === 0) return;
    let baseS = Number.POSITIVE_INFINITY;
    for (const p of this.pending.values()) baseS = Math.min(baseS, Math.floor(p.atMs / 1000));
    const builder = new FrameBuilder(this.names, { epoch: this.epoch, seq: ++this.seq, baseS }, this.options.budgetBytes ?? FRAME_BUDGET_BYTES);
    for (const [cargoId, p] of this.pending) {
      if (!builder.add(p, false)) break;
      this.pending.delete(cargoId);
    }
    this.lastFrameAt = this.clock.now();
    this.options.emit(builder.finish(true));
    this.schedule();
  }
}
