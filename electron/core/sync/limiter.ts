import { MAX_IN_FLIGHT } from '../../../shared/contract/index.js';

/**
 * Admission to the gateway for one workstation: at most `maxInFlight` requests at once (the
 * gateway answers 429 beyond 8), the rest wait in arrival order. After a 429 or 503 with
 * Retry-After, `pauseFor` holds back every request not yet started, whoever asked for it: the pull,
 * the pusher and a connection test share one limiter, so one of them being told to wait makes all
 * of them wait. Requests already running are not interrupted.
 */
export class RequestLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private pausedUntilMs = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly maxInFlight: number = MAX_IN_FLIGHT) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError(`maxInFlight must be a positive integer, got ${maxInFlight}`);
  }

  /** Runs `task` once a slot is free and no pause is in force; the slot is held until it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
    try {
      return await task();
    } finally {
      this.active--;
      this.pump();
    }
  }

  /** No request starts for `ms` from now (a later pause extends an earlier one, never shortens it). */
  pauseFor(ms: number): void {
    const until = Date.now() + Math.max(0, ms);
    if (until <= this.pausedUntilMs) return;
    this.pausedUntilMs = until;
    this.pump();
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Epoch ms until which nothing starts; 0 or a past time when not paused. */
  get pausedUntil(): number {
    return this.pausedUntilMs;
  }

  private pump(): void {
    const wait = this.pausedUntilMs - Date.now();
    if (wait > 0) {
      if (this.waiting.length > 0) this.wakeAfter(wait);
      return;
    }
    while (this.active < this.maxInFlight) {
      const next = this.waiting.shift();
      if (!next) return;
      this.active++;
      next();
    }
  }

  private wakeAfter(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    // Timers may fire a millisecond early; pump() re-checks and sleeps again if so.
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, ms + 1);
  }
}
