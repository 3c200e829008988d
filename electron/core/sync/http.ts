import type { z } from 'zod';
import { MAX_GATEWAY_BODY_BYTES } from '../../../shared/contract/index.js';
import { parseRetryAfter } from './backoff.js';
import { readBody } from './body.js';
import { GatewayError, isUnanswered } from './gateway.js';
import { RequestLimiter } from './limiter.js';

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** The whole exchange, body included; default the client's. */
  timeoutMs?: number;
  /** Largest body read; default the client's. */
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** Wait in the queue excluded: the time the gateway took. */
  durationMs: number;
  /** Retry-After in ms, when the response carried a readable one. */
  retryAfterMs: number | null;
}

export interface HttpOptions {
  /** Tests may inject one; production uses Node's global fetch (undici). */
  fetch?: typeof fetch;
  limiter?: RequestLimiter;
  timeoutMs?: number;
  maxBytes?: number;
  /**
   * Told after every exchange whether the gateway answered (any status, even a body too large) or
   * not (refused, reset, timed out): what the status's `online` means, known at once rather than
   * when the caller's retries give up.
   */
  onReach?: (answered: boolean) => void;
}

/**
 * One request to the gateway: admitted by the limiter, bounded in time (AbortSignal.timeout over
 * headers and body) and in size (streamed, capped). Any HTTP status is returned for the caller to
 * judge; what never became a complete response throws GatewayError 'transport', 'timeout' or
 * 'too_large'. A 429 or 503 with Retry-After pauses the limiter for every caller.
 */
export class HttpClient {
  readonly limiter: RequestLimiter;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly onReach: (answered: boolean) => void;

  constructor(options: HttpOptions = {}) {
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.limiter = options.limiter ?? new RequestLimiter();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = options.maxBytes ?? MAX_GATEWAY_BODY_BYTES;
    this.onReach = options.onReach ?? (() => undefined);
  }

  request(request: HttpRequest): Promise<HttpResponse> {
    return this.limiter.run(() => this.exchange(request));
  }

  private async exchange(request: HttpRequest): Promise<HttpResponse> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    // Created when the request leaves the queue: time spent waiting for a slot is not the gateway's.
    const signal = AbortSignal.timeout(timeoutMs);
    const started = performance.now();
    try {
      const response = await this.fetchImpl(request.url, {
        method: request.method,
        headers: request.headers ?? {},
        // Node's fetch takes any Uint8Array; the DOM typings the tests compile with want one over a
        // plain ArrayBuffer. The bytes are the same either way.
        ...(request.body === undefined ? {} : { body: request.body as RequestInit['body'] }),
        signal,
        // The API never redirects; following one could replay a POST or carry the token elsewhere.
        redirect: 'error',
      });
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      if ((response.status === 429 || response.status === 503) && retryAfterMs !== null) this.limiter.pauseFor(retryAfterMs);
      const body = await readBody(response, request.maxBytes ?? this.maxBytes);
      this.onReach(true);
      return { status: response.status, headers: response.headers, body, durationMs: Math.round(performance.now() - started), retryAfterMs };
    } catch (error) {
      const failure = asGatewayError(error, signal, timeoutMs);
      this.onReach(!isUnanswered(failure.failure));
      throw failure;
    }
  }
}

/** Parses a complete body as JSON of the given shape: anything else is 'invalid_body', never partial data. */
export function parseJsonBody<T>(response: Pick<HttpResponse, 'status' | 'body'>, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(response.body.toString('utf8'));
  } catch {
    throw new GatewayError({ kind: 'invalid_body', status: response.status, message: `${what}: the body is not JSON (${response.body.length} bytes)` });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'wrong shape';
    throw new GatewayError({ kind: 'invalid_body', status: response.status, message: `${what}: the body is not the contract's shape (${where})` });
  }
  return parsed.data;
}

function asGatewayError(error: unknown, signal: AbortSignal, timeoutMs: number): GatewayError {
  if (error instanceof GatewayError) return error;
  if (signal.aborted) return new GatewayError({ kind: 'timeout', message: `no complete answer within ${timeoutMs} ms` });
  return new GatewayError({ kind: 'transport', message: transportMessage(error) });
}

/** undici wraps the socket's error in `cause`; its code (ECONNREFUSED, ECONNRESET…) is what an admin can act on. */
function transportMessage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = 'code' in current && typeof current.code === 'string' ? ` [${current.code}]` : '';
    parts.push(`${current.message}${code}`);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join(': ') : String(error);
}
