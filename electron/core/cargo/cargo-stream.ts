import { positionSchema, type Position, type PositionsPage } from '../../../shared/contract/gateway.js';
import type { ResumePoint } from '../db/cargo-repository.js';
import type { Logger } from '../log.js';
import { backoffMs } from '../sync/backoff.js';
import { GatewayError } from '../sync/gateway.js';
import { SseParser } from './sse-parser.js';

/** The two ways the gateway hands out positions (GatewayClient implements both). */
export interface CargoFeed {
  cargoStream(lastEventId: string | null, signal: AbortSignal, onText: (text: string) => void): Promise<void>;
  positions(since: string | null, limit: number): Promise<PositionsPage>;
}

export interface ReaderClock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realReaderClock: ReaderClock = {
  now: Date.now,
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      // An aborted signal never fires 'abort' again.
      if (signal.aborted) {
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

export interface CargoStreamReaderOptions {
  feed: CargoFeed;
  /** Where the last run stopped (the store's resume point). */
  resume: ResumePoint;
  /** Positions as they arrive, with the id of the stream's last complete event (none for a page). */
  onPositions(positions: readonly Position[], lastEventId: string | undefined): void;
  log: Logger;
  clock?: ReaderClock;
  /** [0, 1) for the backoff's jitter; tests pass a fixed one. */
  random?: () => number;
  /** Each wait before a new attempt, in ms (for tests and the journal). */
  onWait?: (ms: number) => void;
  /** Down longer than this, a resume may not be honoured (the gateway's buffer is finite): page first. */
  gapMs?: number;
  pageLimit?: number;
}

const DEFAULT_GAP_MS = 30_000;
const DEFAULT_PAGE_LIMIT = 5_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 30_000;

/**
 * Reads GET /v1/cargo/stream for as long as it runs. A dropped stream is opened again with
 * Last-Event-ID (the id of the last complete event: a half-received one is asked for again), after
 * a wait with exponential backoff and full jitter that starts over once a stream has delivered. It
 * falls back to positions?since= (the newest `at` it holds) when the stream is refused, and before
 * resuming after a gap longer than `gapMs` or a restart: the gateway may no longer hold the id, and
 * the contract gives no sign of that. Paged positions may repeat streamed ones; the store keeps
 * one point per cargo and time, and the newest `at` wins.
 */
export class CargoStreamReader {
  private lastEventId: string | null;
  private newestAtMs: number | null;
  private lastHeardAt: number;
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;
  private readonly clock: ReaderClock;

  constructor(private readonly options: CargoStreamReaderOptions) {
    this.lastEventId = options.resume.lastEventId;
    this.newestAtMs = options.resume.newestAtMs;
    this.clock = options.clock ?? realReaderClock;
    this.lastHeardAt = Number.NEGATIVE_INFINITY;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
  }

  /** A call, not a property: TypeScript would take a property as unchanged across awaits. */
  private isStopped(): boolean {
    return this.controller.signal.aborted;
  }

  private async loop(): Promise<void> {
    const { signal } = this.controller;
    const log = this.options.log;
    let attempt = 0;
    let catchUp = this.newestAtMs !== null;
    while (!this.isStopped()) {
      if (catchUp) await this.page(signal);
      if (this.isStopped()) break;
      const round = { delivered: false };
      let refusal: GatewayError | null = null;
      const parser = new SseParser(this.lastEventId ?? undefined);
      try {
        await this.options.feed.cargoStream(this.lastEventId, signal, (text) => {
          if (this.take(parser, text)) round.delivered = true;
        });
        log.info('cargo stream ended', { lastEventId: this.lastEventId });
      } catch (error) {
        if (this.isStopped()) break;
        const failure = error instanceof GatewayError ? error.failure : null;
        if (failure?.kind === 'http' || failure?.kind === 'credentials') refusal = error as GatewayError;
        log.warn('cargo stream failed', { kind: failure?.kind ?? 'error', message: error instanceof Error ? error.message : String(error) });
      }
      if (round.delivered) attempt = 0;
      const retryAfterMs = refusal?.failure.kind === 'http' ? refusal.failure.retryAfterMs : null;
      const wait = backoffMs(attempt++, { baseMs: BACKOFF_BASE_MS, maxMs: BACKOFF_MAX_MS, retryAfterMs, ...(this.options.random ? { random: this.options.random } : {}) });
      this.options.onWait?.(wait);
      await this.clock.sleep(wait, signal);
      catchUp = refusal !== null || this.clock.now() - this.lastHeardAt > (this.options.gapMs ?? DEFAULT_GAP_MS);
    }
  }

  /** Parses a piece of the stream; true when it held at least one position. */
  private take(parser: SseParser, text: string): boolean {
    const positions: Position[] = [];
    for (const event of parser.feed(text)) {
      if (event.type !== 'position') continue;
      const parsed = positionSchema.safeParse(safeJson(event.data));
      if (parsed.success) positions.push(parsed.data);
      else this.options.log.warn('cargo stream: an event is not a position; skipped', { eventId: event.id, issue: parsed.error.issues[0]?.message });
    }
    if (parser.lastEventId !== undefined) this.lastEventId = parser.lastEventId;
    if (positions.length === 0) return false;
    this.lastHeardAt = this.clock.now();
    this.deliver(positions, this.lastEventId ?? undefined);
    return true;
  }

  /** positions?since= the newest `at` held, until a short page; a failure leaves it to the next round. */
  private async page(signal: AbortSignal): Promise<void> {
    const limit = this.options.pageLimit ?? DEFAULT_PAGE_LIMIT;
    try {
      for (;;) {
        const since = this.newestAtMs === null ? null : new Date(this.newestAtMs).toISOString();
        const page = await this.options.feed.positions(since, limit);
        if (signal.aborted) return;
        if (page.positions.length > 0) this.deliver(page.positions, undefined);
        if (page.positions.length < limit) return;
      }
    } catch (error) {
      this.options.log.warn('cargo positions page failed', { message: error instanceof Error ? error.message : String(error) });
    }
  }

  private deliver(positions: readonly Position[], lastEventId: string | undefined): void {
    for (const p of positions) {
      const at = Date.parse(p.at);
      if (this.newestAtMs === null || at > this.newestAtMs) this.newestAtMs = at;
    }
    this.options.onPositions(positions, lastEventId);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
