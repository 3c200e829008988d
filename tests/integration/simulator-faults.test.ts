import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../electron/simulator/server.js';
import { problemSchema, referenceDataSchema, resultAcceptedSchema, tokenResponseSchema, type ReferenceData } from '../../shared/contract/gateway.js';
import { call, postResult, token, validResult, type Reply } from './simulator-http.js';

const started: Simulator[] = [];
async function simulator(options: SimulatorOptions): Promise<Simulator> {
  const sim = await startSimulator({ tasks: 100, cargo: 5, evolve: false, ...options });
  started.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

type Outcome = 'ok' | 'status_500' | 'status_503' | 'transport' | 'truncated';

/**
 * One sign-in over raw HTTP, to tell the failures apart: no answer at all (reset), or headers
 * whose Content-Length the body never reaches (truncated).
 */
function rawSignIn(sim: Simulator): Promise<{ outcome: Outcome; status?: number; body?: string; retryAfter?: string }> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ operatorId: 'op-8000-001', password: 'training', workstationId: 'w' });
    const req = http.request(`${sim.url}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' } }, (res) => {
      const expected = Number(res.headers['content-length']);
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      const settle = (): void => {
        const status = res.statusCode ?? 0;
        if (Buffer.byteLength(text) < expected) resolve({ outcome: 'truncated', status });
        else if (status === 500 || status === 503) resolve({ outcome: status === 500 ? 'status_500' : 'status_503', status, body: text, retryAfter: res.headers['retry-after'] });
        else resolve({ outcome: 'ok', status, body: text });
      };
      res.on('end', settle);
      res.on('aborted', settle);
      res.on('error', settle);
    });
    req.on('error', () => {
      resolve({ outcome: 'transport' });
    });
    req.end(body);
  });
}

/** What a client sees of one call: an answer, an error status, a dead connection or a cut body. */
async function attempt(request: () => Promise<Reply>): Promise<{ outcome: Outcome; reply?: Reply }> {
  let reply: Reply;
  try {
    reply = await request();
  } catch {
    return { outcome: 'transport' };
  }
  if (reply.status === 500) return { outcome: 'status_500', reply };
  if (reply.status === 503) return { outcome: 'status_503', reply };
  if (reply.text !== '' && reply.body === undefined) return { outcome: 'truncated', reply };
  return { outcome: 'ok', reply };
}

describe('simulator: random faults', () => {
  it('fails every request with faults=1, in every way the contract names', async () => {
    const sim = await simulator({ faults: 1, seed: 4 });
    const seen = new Map<Outcome, number>();
    for (let i = 0; i < 60; i++) {
      const { outcome, body, retryAfter } = await rawSignIn(sim);
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      if (outcome === 'status_500' || outcome === 'status_503') {
        const problem = problemSchema.parse(JSON.parse(body ?? ''));
        expect(problem.status).toBe(outcome === 'status_500' ? 500 : 503);
        if (outcome === 'status_503') expect(retryAfter).toBe('1');
      }
    }
    expect(seen.get('ok')).toBeUndefined();
    for (const kind of ['status_500', 'status_503', 'transport', 'truncated'] as const) expect(seen.get(kind), kind).toBeGreaterThan(0);
    // Unknown paths are not routed, so they are not faulted either.
    expect((await call(sim, '/v1/unknown')).status).toBe(404);
  });

  it('keeps idempotent results correct when answers get lost: a retrying client ends with exactly one result', async () => {
    const sim = await simulator({ faults: 0.4, seed: 9, feedQuirks: false });
    const retry = async (request: () => Promise<Reply>): Promise<Reply> => {
      for (let i = 0; i < 100; i++) {
        const { outcome, reply } = await attempt(request);
        if (outcome === 'ok' && reply !== undefined) return reply;
      }
      throw new Error('never succeeded');
    };
    const signIn = await retry(() => call(sim, '/v1/auth/token', { json: { operatorId: 'op-8000-001', password: 'training', workstationId: 'w' } }));
    const bearer = tokenResponseSchema.parse(signIn.body).accessToken;
    const reference: ReferenceData = referenceDataSchema.parse((await retry(() => call(sim, '/v1/reference', { token: bearer }))).body);
    const tasks = sim.tasks().filter((t) => t.status === 'pending' || t.status === 'assigned').slice(0, 12);
    const statuses: number[] = [];
    for (const task of tasks) {
      const result = validResult(task, reference);
      const reply = await retry(() => postResult(sim, bearer, task.taskId, result, result.resultId));
      statuses.push(reply.status);
      expect(resultAcceptedSchema.parse(reply.body).task.version).toBe(task.version + 1);
      expect(sim.results().filter((r) => r.resultId === result.resultId)).toHaveLength(1);
    }
    // Some answers were lost after the result was stored: the retry got the replayed 200.
    expect(statuses).toContain(200);
    expect(sim.results()).toHaveLength(tasks.length);
  });

  it('is off by default', async () => {
    const sim = await simulator({});
    const bearer = await token(sim);
    for (let i = 0; i < 30; i++) expect((await call(sim, '/v1/reference', { token: bearer })).status).toBe(200);
  });
});
