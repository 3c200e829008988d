import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesPageSchema, MAX_IN_FLIGHT } from '../../shared/contract/index.js';
import { backoffMs, parseRetryAfter } from '../../electron/core/sync/backoff.js';
import { GatewayError, type GatewayFailure } from '../../electron/core/sync/gateway.js';
import { HttpClient, parseJsonBody } from '../../electron/core/sync/http.js';
import { RequestLimiter } from '../../electron/core/sync/limiter.js';

/**
 * A gateway that misbehaves on purpose, one path per kind of trouble. It records when each request
 * arrived and how many were open at once, so the limiter and the Retry-After pause are measured
 * from the server's side.
 */
const arrivals: { path: string; at: number }[] = [];
let open = 0;
let maxOpen = 0;
let server: http.Server;
let base: string;

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  arrivals.push({ path: url.pathname, at: Date.now() });
  open++;
  maxOpen = Math.max(maxOpen, open);
  res.on('close', () => {
    open--;
  });
  switch (url.pathname) {
    case '/ok':
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ changes: [], nextCursor: 'c1', hasMore: false }));
      return;
    case '/truncated':
      // Promises 1000 bytes, sends 40, closes.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"changes":[],"nextCursor":"c1","hasMo');
      setTimeout(() => req.socket.destroy(), 20);
      return;
    case '/reset':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"changes":[');
      setTimeout(() => req.socket.resetAndDestroy(), 20);
      return;
    case '/huge': {
      // 30 MB of valid JSON, streamed without a length: only the reader's cap can stop it.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < 30) {
          sent++;
          if (!res.write(sent === 1 ? Buffer.concat([Buffer.from('{"pad":"'), chunk.subarray(8)]) : chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end('"}');
      };
      pump();
      return;
    }
    case '/huge-declared':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(30 * 1024 * 1024) });
      res.write('{"pad":"');
      return; // never finishes: the declared length alone is refused
    case '/slow':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"changes":[],');
      setTimeout(() => res.end('"nextCursor":"c1","hasMore":false}'), 2000);
      return;
    case '/not-json':
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"changes": [], oops');
      return;
    case '/wrong-shape':
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ changes: 'none', nextCursor: 'c1', hasMore: false }));
      return;
    case '/busy':
      res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '1' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: 429, detail: 'slow down', code: 'rate_limited' }));
      return;
    case '/hold':
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 60);
      return;
    default:
      res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failureOf(promise: Promise<unknown>): Promise<GatewayFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error.failure;
    throw error;
  }
  throw new Error('the request succeeded');
}

const get = (client: HttpClient, path: string) => client.request({ method: 'GET', url: `${base}${path}` });

describe('gateway HTTP requests', () => {
  it('reads a complete body and validates it with the contract', async () => {
    const response = await get(new HttpClient(), '/ok');
    expect(parseJsonBody(response, changesPageSchema, 'changes')).toEqual({ changes: [], nextCursor: 'c1', hasMore: false });
  });

  it('reports a body shorter than its Content-Length as a transport failure', async () => {
    const failure = await failureOf(get(new HttpClient(), '/truncated'));
    expect(failure.kind).toBe('transport');
  });

  it('reports a connection reset mid-body as a transport failure', async () => {
    const failure = await failureOf(get(new HttpClient(), '/reset'));
    expect(failure.kind).toBe('transport');
  });

  it('stops reading a 30 MB body at the 25 MiB cap and fails too_large', async () => {
    const failure = await failureOf(get(new HttpClient(), '/huge'));
    expect(failure).toMatchObject({ kind: 'too_large', status: 200 });
  });

  it('refuses a declared length above the cap without reading the body', async () => {
    const started = Date.now();
    const failure = await failureOf(get(new HttpClient(), '/huge-declared'));
    expect(failure).toMatchObject({ kind: 'too_large' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('honours a smaller cap when the caller sets one', async () => {
    const failure = await failureOf(new HttpClient({ maxBytes: 1024 }).request({ method: 'GET', url: `${base}/huge` }));
    expect(failure.kind).toBe('too_large');
  });

  it('times out a body that arrives too slowly', async () => {
    const started = Date.now();
    const failure = await failureOf(new HttpClient({ timeoutMs: 300 }).request({ method: 'GET', url: `${base}/slow` }));
    expect(failure.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('fails invalid_body on JSON that does not parse, and never returns part of it', async () => {
    const response = await get(new HttpClient(), '/not-json');
    let failure: GatewayFailure | null = null;
    try {
      parseJsonBody(response, changesPageSchema, 'changes');
    } catch (error) {
      if (error instanceof GatewayError) failure = error.failure;
    }
    expect(failure).toMatchObject({ kind: 'invalid_body', status: 200 });
  });

  it('fails invalid_body on JSON of the wrong shape', () => {
    return get(new HttpClient(), '/wrong-shape').then((response) => {
      expect(() => parseJsonBody(response, changesPageSchema, 'changes')).toThrow(/contract's shape \(changes:/);
    });
  });

  it('reports a refused connection as a transport failure', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const failure = await failureOf(new HttpClient().request({ method: 'GET', url: `http://127.0.0.1:${port}/ok` }));
    expect(failure.kind).toBe('transport');
    expect(failure.message).toMatch(/ECONNREFUSED/);
  });

  it('tells after each exchange whether the gateway answered: any status or a body too large yes, a reset, a timeout or a refusal no', async () => {
    const told: boolean[] = [];
    const client = new HttpClient({ timeoutMs: 300, maxBytes: 1024, onReach: (answered) => told.push(answered) });
    const outcomes = [
      await get(client, '/busy').then(() => 'answered'),
      await get(client, '/missing').then(() => 'answered'),
      ...(await Promise.all(['/huge', '/reset', '/slow'].map(async (path) => (await failureOf(get(client, path))).kind))),
      (await failureOf(client.request({ method: 'GET', url: 'http://127.0.0.1:1/ok' }))).kind,
    ];
    expect(outcomes).toEqual(['answered', 'answered', 'too_large', 'transport', 'timeout', 'transport']);
    expect(told.slice(0, 2)).toEqual([true, true]);
    // The three at once end in their own order: counted, not ordered.
    expect(told.slice(2, 5).sort()).toEqual([false, false, true]);
    expect(told.slice(5)).toEqual([false]);
  });

  it('starts no request for the Retry-After of a 429, whoever asks', async () => {
    const client = new HttpClient();
    const busy = await get(client, '/busy');
    const answeredAt = Date.now();
    expect(busy.status).toBe(429);
    expect(busy.retryAfterMs).toBe(1000);
    arrivals.length = 0;
    // Three callers while the pause holds: none may reach the server before it ends.
    const results = await Promise.all([get(client, '/ok'), get(client, '/ok'), get(client, '/hold')]);
    expect(results.map((item) => item.status)).toEqual([200, 200, 200]);
    expect(arrivals).toHaveLength(3);
    for (const arrival of arrivals) expect(arrival.at - answeredAt).toBeGreaterThanOrEqual(990);
  });

  it('keeps at most 8 requests in flight and queues the rest in order', async () => {
    const client = new HttpClient();
    open = 0;
    maxOpen = 0;
    arrivals.length = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        get(client, '/hold').then(() => {
          order.push(index);
        }),
      ),
    );
    expect(maxOpen).toBe(MAX_IN_FLIGHT);
    expect(arrivals).toHaveLength(30);
    expect(client.limiter.inFlight).toBe(0);
    // FIFO: the first eight finish before the last eight start.
    expect(order.slice(0, 8).every((index) => index < 16)).toBe(true);
  });
});

describe('request limiter', () => {
  it('admits in arrival order and never more than its limit', async () => {
    const limiter = new RequestLimiter(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (id: number) => async () => {
      started.push(id);
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running--;
      return id;
    };
    const done = await Promise.all([0, 1, 2, 3, 4, 5].map((id) => limiter.run(task(id))));
    expect(done).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('releases its slot when a request fails', async () => {
    const limiter = new RequestLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('extends a pause but never shortens it', async () => {
    const limiter = new RequestLimiter();
    limiter.pauseFor(300);
    limiter.pauseFor(50);
    const started = Date.now();
    await limiter.run(() => Promise.resolve());
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('backoff', () => {
  it('waits a random time below an exponential ceiling (full jitter)', () => {
    expect(backoffMs(0, { random: () => 0.999 })).toBe(499);
    expect(backoffMs(3, { random: () => 0.5 })).toBe(2000);
    expect(backoffMs(3, { random: () => 0 })).toBe(0);
    expect(backoffMs(40, { random: () => 0.999 })).toBe(59_940);
    expect(backoffMs(2, { baseMs: 100, maxMs: 300, random: () => 0.999 })).toBe(299);
  });

  it('honours a Retry-After that is longer than the jittered wait', () => {
    expect(backoffMs(0, { random: () => 0.5, retryAfterMs: 5000 })).toBe(5000);
    expect(backoffMs(10, { random: () => 0.5, retryAfterMs: 5000 })).toBe(30_000);
  });

  it('reads Retry-After as seconds or an HTTP date, capped at an hour', () => {
    const now = Date.parse('2026-11-20T08:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 08:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
