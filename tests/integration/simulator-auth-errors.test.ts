import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { changesPageSchema, tokenResponseSchema } from '../../shared/contract/gateway.js';
import { call, problemOf, signIn, testClock } from './simulator-http.js';

const clock = testClock();
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ tasks: 50, cargo: 5, evolve: false, now: clock.now, tokenTtlSeconds: 600 });
});
afterAll(async () => {
  await sim.close();
});

describe('simulator: sign-in', () => {
  it('binds loopback and issues a token scoped to port 8000 with the account roles', async () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    const reply = await call(sim, '/v1/auth/token', { json: { operatorId: 'sup-8000-001', password: 'training', workstationId: 'ws-1' } });
    expect(reply.status).toBe(200);
    const token = tokenResponseSchema.parse(reply.body);
    expect(token.operator).toEqual({ id: 'sup-8000-001', name: '王芳', roles: ['supervisor'], agency: 'customs', portCode: '8000' });
    expect(Date.parse(token.expiresAt)).toBe(clock.now() + 600_000);
  });

  it('refuses a request without all three fields (400) and bad credentials (401)', async () => {
    for (const body of [{ operatorId: 'op-8000-001', password: 'training' }, { operatorId: 'op-8000-001', workstationId: 'w' }, {}, [], 'x']) {
      const reply = await call(sim, '/v1/auth/token', { json: body });
      expect(reply.status).toBe(400);
      expect(problemOf(reply).code).toBe('bad_request');
    }
    const malformed = await call(sim, '/v1/auth/token', { body: '{"operatorId":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(problemOf(malformed).code).toBe('bad_request');
    for (const [operatorId, password] of [
      ['op-8000-001', 'wrong'],
      ['nobody', 'training'],
    ]) {
      const reply = await call(sim, '/v1/auth/token', { json: { operatorId, password, workstationId: 'w' } });
      expect(reply.status).toBe(401);
      expect(problemOf(reply).status).toBe(401);
    }
  });

  it('requires a valid bearer token on every other call (401 unauthorized)', async () => {
    for (const authorization of [undefined, 'Bearer nonsense-token-0000000', 'Basic abc', 'Bearer ']) {
      const reply = await call(sim, '/v1/tasks/changes', authorization === undefined ? {} : { headers: { authorization } });
      expect(reply.status).toBe(401);
      expect(problemOf(reply).code).toBe('unauthorized');
    }
  });

  it('expires tokens on the simulator clock and revokes them all at once', async () => {
    const { accessToken } = await signIn(sim);
    expect((await call(sim, '/v1/tasks/changes?limit=1', { token: accessToken })).status).toBe(200);
    clock.advance(600_000);
    const expired = await call(sim, '/v1/tasks/changes?limit=1', { token: accessToken });
    expect(expired.status).toBe(401);
    expect(problemOf(expired).code).toBe('unauthorized');

    const fresh = (await signIn(sim)).accessToken;
    expect((await call(sim, '/v1/reference', { token: fresh })).status).toBe(200);
    sim.revokeTokens();
    expect(problemOf(await call(sim, '/v1/reference', { token: fresh })).code).toBe('unauthorized');
    expect((await call(sim, '/v1/reference', { token: (await signIn(sim)).accessToken })).status).toBe(200);
  });
});

describe('simulator: errors', () => {
  it('answers unknown paths with 404 and wrong methods with 405, as problem documents', async () => {
    const token = (await signIn(sim)).accessToken;
    for (const path of ['/v1/nothing', '/v2/tasks/changes', '/', '/v1/tasks/changes/', '/v1/cargo']) {
      const reply = await call(sim, path, { token });
      expect(reply.status, path).toBe(404);
      expect(problemOf(reply).code).toBe('not_found');
    }
    const wrong = await call(sim, '/v1/tasks/changes', { token, method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect(problemOf(wrong).status).toBe(405);
  });

  it('answers bad input with 4xx, never 5xx', async () => {
    const token = (await signIn(sim)).accessToken;
    const task = sim.tasks()[0]!;
    const cases: [string, { method?: string; body?: string; headers?: Record<string, string> }, number][] = [
      ['/v1/tasks/changes?limit=0', {}, 400],
      ['/v1/tasks/changes?limit=1001', {}, 400],
      ['/v1/tasks/changes?limit=ten', {}, 400],
      ['/v1/tasks/changes?limit=-1', {}, 400],
      ['/v1/tasks/changes?cursor=', {}, 400],
      ['/v1/cargo/positions?since=yesterday', {}, 400],
      ['/v1/cargo/positions?limit=0', {}, 400],
      ['/v1/cargo/positions?limit=10001', {}, 400],
      [`/v1/tasks/${task.taskId}/results`, { method: 'POST', body: '{not json', headers: { 'idempotency-key': 'k1', 'content-type': 'application/json' } }, 400],
      [`/v1/tasks/${task.taskId}/results`, { method: 'POST', body: '', headers: { 'idempotency-key': 'k2' } }, 400],
      ['/v1/tasks/%E0%A4%A/results', { method: 'POST', body: '{}', headers: { 'idempotency-key': 'k3' } }, 400],
      ['/v1/tasks/JI-0000-0000-000000/results', { method: 'POST', body: '{}', headers: { 'idempotency-key': 'k4' } }, 404],
    ];
    for (const [path, options, status] of cases) {
      const reply = await call(sim, path, { token, ...options });
      expect(reply.status, path).toBe(status);
      const problem = problemOf(reply);
      expect(problem.status).toBe(status);
      if (status === 400) expect(problem.code).toBe('bad_request');
    }
    // The feed still works after all that.
    expect(changesPageSchema.parse((await call(sim, '/v1/tasks/changes?limit=5', { token })).body).changes.length).toBeLessThanOrEqual(5);
  });
});
