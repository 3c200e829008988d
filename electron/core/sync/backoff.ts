/**
 * Exponential backoff with full jitter (a random wait between 0 and the exponential ceiling), so
 * that workstations that lost the link together do not come back in lockstep. A Retry-After the
 * gateway sent wins when it asks for longer: the gateway knows its own load.
 */
export interface BackoffOptions {
  /** Ceiling of the first retry's wait. */
  baseMs?: number;
  /** No wait is longer than this, except a longer Retry-After. */
  maxMs?: number;
  /** [0, 1); tests pass a fixed one. */
  random?: () => number;
  /** The gateway's Retry-After for the failed call, if it sent one. */
  retryAfterMs?: number | null;
}

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 60_000;

/**
 * The wait before retry number `attempt` (0 for the first retry, 1 for the second…): uniform in
 * [0, min(maxMs, baseMs · 2^attempt)), or the Retry-After when that is larger.
 */
export function backoffMs(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? BACKOFF_BASE_MS;
  const max = options.maxMs ?? BACKOFF_MAX_MS;
  const random = options.random ?? Math.random;
  // 2^attempt overflows to Infinity long after the ceiling is reached; clamp the exponent anyway.
  const ceiling = Math.min(max, base * 2 ** Math.min(Math.max(0, Math.floor(attempt)), 30));
  const jittered = Math.floor(random() * ceiling);
  const retryAfter = options.retryAfterMs ?? 0;
  return Math.max(jittered, retryAfter);
}

/** Longest pause a Retry-After may impose: a gateway asking for a day would otherwise stop sync for a day. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Reads a Retry-After header: delay-seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent
 * or unreadable; capped at MAX_RETRY_AFTER_MS.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return null;
    ms = Math.max(0, at - now);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}
