import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { MAX_IN_FLIGHT, referenceDataSchema } from '../../shared/contract/gateway.js';
import { call, openStream, problemOf, token, type EventStream } from './simulator-http.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ tasks: 20, cargo: 5, evolve: false });
});
afterAll(async () => {
  await sim.close();
});

/** An upload that sends its headers and a few bytes, then waits: a slow request in flight. */
function slowUpload(bearer: string): { finish: () => Promise<number>; abort: () => void } {
  const req = http.request(`${sim.url}/v1/attachments/${'c'.repeat(64)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/octet-stream', 'content-length': '100' },
  });
  const status = new Promise<number>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => {
      resolve(0);
    });
  });
  req.write(Buffer.alloc(10));
  return {
    finish: () => {
      req.end(Buffer.alloc(90));
      return status;
    },
    abort: () => req.destroy(),
  };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition never held');
}

describe('simulator: at most 8 requests in flight per workstation', () => {
  it('answers 429 with Retry-After to the 9th concurrent request of a workstation, not to others', async () => {
    const busy = await token(sim, 'op-8000-001', 'ws-busy');
    const other = await token(sim, 'op-8000-002', 'ws-other');
    const uploads = Array.from({ length: MAX_IN_FLIGHT }, () => slowUpload(busy));
    let refused!: Awaited<ReturnType<typeof call>>;
    await until(async () => {
      refused = await call(sim, '/v1/reference', { token: busy });
      return refused.status === 429;
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(problemOf(refused).code).toBe('too_many_requests');
    // Nine or more at once: all refused while the eight are open.
    const burst = await Promise.all(Array.from({ length: 4 }, () => call(sim, '/v1/tasks/changes?limit=1', { token: busy })));
    expect(burst.map((r) => r.status)).toEqual([429, 429, 429, 429]);
    // Another workstation is not affected.
    referenceDataSchema.parse((await call(sim, '/v1/reference', { token: other })).body);
    // One finishes: there is room again.
    expect(await uploads[0]!.finish()).toBe(422); // its bytes are not what its name says
    await until(async () => (await call(sim, '/v1/reference', { token: busy })).status === 200);
    for (const upload of uploads.slice(1)) upload.abort();
  });

  it('counts an open event stream as one request in flight', async () => {
    const bearer = await token(sim, 'op-8000-001', 'ws-streams');
    const streams: EventStream[] = [];
    for (let i = 0; i < MAX_IN_FLIGHT; i++) streams.push(await openStream(sim, bearer));
    expect(streams.every((s) => s.status === 200)).toBe(true);
    const ninth = await call(sim, '/v1/cargo/positions', { token: bearer });
    expect(ninth.status).toBe(429);
    expect(ninth.headers.get('retry-after')).not.toBeNull();
    const refusedStream = await openStream(sim, bearer);
    expect(refusedStream.status).toBe(429);
    refusedStream.close();
    streams[0]!.close();
    await streams[0]!.closed;
    await until(async () => (await call(sim, '/v1/cargo/positions?limit=1', { token: bearer })).status === 200);
    for (const s of streams) s.close();
  });
});
