import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { CargoFrame, HubArrivals } from '../../../shared/contract/cargo.js';
import type { Position } from '../../../shared/contract/gateway.js';
import { cargoRepository, type CargoRepository, type StoredPosition, type TrackPoint } from '../db/cargo-repository.js';
import type { Database } from '../db/connection.js';
import type { Logger } from '../log.js';
import { ArrivalBoard } from './arrivals.js';
import { CargoBatcher, realClock, type BatcherClock } from './cargo-batcher.js';
import { FrameBuilder } from './cargo-frame.js';
import { CargoStreamReader, type CargoFeed, type ReaderClock } from './cargo-stream.js';

export interface LiveCargoOptions {
  db: Database;
  /** Sends a `cargo:moved` frame to every connected renderer. */
  emit(frame: CargoFrame): void;
  log: Logger;
  batcherClock?: BatcherClock;
  readerClock?: ReaderClock;
  random?: () => number;
  onWait?: (ms: number) => void;
  gapMs?: number;
}

/** Writes wait this long to join a batch: one transaction per batch, not per position. */
const WRITE_EVERY_MS = 200;
/** Rows per transaction: a batch of 10,000 moves is written in slices, the event loop served between. */
const WRITE_SLICE = 2_500;
const LOAD_PAGE = 5_000;

/**
 * Live cargo in the core (issue 9, point 3): the stream reader feeds positions in; the newest `at`
 * per cargo wins (a late report only joins the track); the store writes them in batches, off the
 * path that reads the stream; the batcher pushes what moved to the renderers at most 4 times a
 * second. `load` reads the last known picture from SQLite, so a renderer sees it offline; `follow`
 * reads a gateway's stream once signed in to it, `unfollow` stops reading.
 */
export class LiveCargo {
  private readonly repo: CargoRepository;
  private readonly batcher: CargoBatcher;
  private reader: CargoStreamReader | undefined;
  /** The newest position of each cargo, by its index in the batcher's names. */
  private readonly latest: StoredPosition[] = [];
  private readonly atByCargo = new Map<string, number>();
  private readonly arrivalBoard = new ArrivalBoard();
  private unwritten: StoredPosition[] = [];
  private unwrittenEventId: string | undefined;
  private cancelWrite: (() => void) | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly clock: BatcherClock;

  constructor(private readonly options: LiveCargoOptions) {
    this.repo = cargoRepository(options.db);
    this.clock = options.batcherClock ?? realClock;
    this.batcher = new CargoBatcher({
      emit: (frame) => {
        options.emit(frame);
      },
      clock: this.clock,
    });
  }

  get epoch(): string {
    return this.batcher.epoch;
  }

  /** Reads the last known picture (in pages, yielding between them: 100k cargo is not one long stretch). */
  async load(): Promise<void> {
    for (let after = ''; ; ) {
      const page = this.repo.latestPage(after, LOAD_PAGE);
      for (const p of page) this.remember(p);
      const last = page.at(-1);
      if (last === undefined || page.length < LOAD_PAGE) break;
      after = last.cargoId;
      await yieldToLoop();
    }
  }

  /** Reads `feed`'s positions from where the store left off (a reader already running is stopped first). */
  async follow(feed: CargoFeed): Promise<void> {
    await this.unfollow();
    this.reader = new CargoStreamReader({
      feed,
      resume: this.repo.resumePoint(),
      onPositions: (positions, lastEventId) => {
        this.accept(positions, lastEventId);
      },
      log: this.options.log,
      ...(this.options.readerClock ? { clock: this.options.readerClock } : {}),
      ...(this.options.random ? { random: this.options.random } : {}),
      ...(this.options.onWait ? { onWait: this.options.onWait } : {}),
      ...(this.options.gapMs === undefined ? {} : { gapMs: this.options.gapMs }),
    });
    this.reader.start();
  }

  get following(): boolean {
    return this.reader !== undefined;
  }

  async unfollow(): Promise<void> {
    const reader = this.reader;
    this.reader = undefined;
    await reader?.stop();
  }

  /** Stops reading, writes what is in hand, stops pushing. */
  async stop(): Promise<void> {
    await this.unfollow();
    this.cancelWrite?.();
    this.cancelWrite = null;
    await this.writing;
    this.writeNow();
    this.batcher.stop();
  }

  /**
   * A page of the last known picture, by cargo index, in the frame's shape with every cargo named:
   * at most `limit` cargo and the frame's byte budget (a page with names outgrows a moves-only frame).
   */
  snapshot(after: number, limit: number): { frame: CargoFrame; next: number | null } {
    const from = Math.max(0, after + 1);
    // Dense: every index the names hand out belongs to a remembered cargo.
    const slice = this.latest.slice(from, from + limit);
    let baseS = Number.POSITIVE_INFINITY;
    for (const p of slice) baseS = Math.min(baseS, Math.floor(p.atMs / 1000));
    const builder = new FrameBuilder(this.batcher.names, { epoch: this.epoch, seq: this.batcher.sequence, baseS: Number.isFinite(baseS) ? baseS : 0 });
    let taken = 0;
    for (const p of slice) {
      if (!builder.add(p, true)) break;
      taken++;
    }
    const end = from + taken;
    return { frame: builder.finish(false), next: end < this.latest.length ? end - 1 : null };
  }

  /** Each Chongqing hub with the cargo expected there by `now + withinHours` (arrivals.ts). */
  arrivals(now: number, withinHours: number): HubArrivals[] {
    return this.arrivalBoard.expected(now, withinHours, (cargoIds) => this.repo.openTasksOf(cargoIds));
  }

  /** One cargo's track as stored, oldest first (positions of the last ~200 ms are still being written). */
  track(cargoId: string): TrackPoint[] {
    return this.repo.track(cargoId);
  }

  /** The positions written so far are on disk once this resolves (tests, and stop). */
  async flushed(): Promise<void> {
    this.cancelWrite?.();
    this.cancelWrite = null;
    await this.writing;
    while (this.unwritten.length > 0) {
      this.writeSlice();
      await yieldToLoop();
    }
  }

  private accept(positions: readonly Position[], lastEventId: string | undefined): void {
    for (const position of positions) {
      const p = stored(position);
      this.unwritten.push(p);
      const newest = this.atByCargo.get(p.cargoId);
      if (newest !== undefined && newest > p.atMs) continue;
      this.remember(p);
      this.batcher.push(p);
    }
    if (lastEventId !== undefined) this.unwrittenEventId = lastEventId;
    this.cancelWrite ??= this.clock.after(WRITE_EVERY_MS, () => {
      this.cancelWrite = null;
      this.writing = this.writeAll();
    });
  }

  private remember(p: StoredPosition): void {
    this.atByCargo.set(p.cargoId, p.atMs);
    const index = this.batcher.names.name(p);
    this.arrivalBoard.note(p, this.latest[index]);
    this.latest[index] = p;
  }

  /** Writes in slices, yielding between them, so a burst never holds the event loop for long. */
  private async writeAll(): Promise<void> {
    while (this.unwritten.length > 0) {
      this.writeSlice();
      if (this.unwritten.length > 0) await yieldToLoop();
    }
  }

  private writeSlice(): void {
    const slice = this.unwritten.length <= WRITE_SLICE ? this.unwritten : this.unwritten.slice(0, WRITE_SLICE);
    this.unwritten = slice === this.unwritten ? [] : this.unwritten.slice(WRITE_SLICE);
    // The resume point goes with the slice that ends the positions received so far.
    const last = this.unwritten.length === 0 ? this.unwrittenEventId : undefined;
    try {
      this.repo.writeBatch(slice, last === undefined ? {} : { lastEventId: last });
    } catch (error) {
      this.options.log.error('cargo positions not written', { rows: slice.length, error });
    }
  }

  private writeNow(): void {
    while (this.unwritten.length > 0) this.writeSlice();
  }
}

function stored(p: Position): StoredPosition {
  const { at, ...rest } = p;
  // Completed in place rather than copied by a spread followed by a new key (README "Hot paths and the young generation").
  return Object.assign(rest, { atMs: Date.parse(at) });
}
