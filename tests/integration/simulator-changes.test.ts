import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../electron/simulator/server.js';
import { changesPageSchema, type ChangesPage, type TaskChange } from '../../shared/contract/gateway.js';
import { call, problemOf, token, testClock } from './simulator-http.js';

const started: Simulator[] = [];
async function simulator(options: SimulatorOptions): Promise<Simulator> {
  const sim = await startSimulator({ cargo: 0, evolve: false, now: testClock().now, ...options });
  started.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function page(sim: Simulator, bearer: string, cursor: string | null, limit: number): Promise<ChangesPage> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor !== null) query.set('cursor', cursor);
  const reply = await call(sim, `/v1/tasks/changes?${query.toString()}`, { token: bearer });
  if (reply.status !== 200) throw new Error(`changes: ${reply.status} ${reply.text}`);
  return changesPageSchema.parse(reply.body);
}

const versionOf = (c: TaskChange): number => (c.op === 'upsert' ? c.task.version : c.version);
const idOf = (c: TaskChange): string => (c.op === 'upsert' ? c.task.taskId : c.taskId);

/** Pulls until hasMore is false, applying changes as the client must (newer version wins). */
async function pullAll(sim: Simulator, bearer: string, from: string | null, limit: number) {
  const state = new Map<string, TaskChange>();
  const pages: ChangesPage[] = [];
  let cursor = from;
  let delivered = 0;
  for (;;) {
    const p = await page(sim, bearer, cursor, limit);
    pages.push(p);
    for (const change of p.changes) {
      delivered++;
      const known = state.get(idOf(change));
      if (known === undefined || versionOf(change) > versionOf(known)) state.set(idOf(change), change);
    }
    cursor = p.nextCursor;
    if (!p.hasMore) break;
    if (pages.length > 10_000) throw new Error('the feed never ends');
  }
  return { state, pages, cursor, delivered };
}

function expectMatches(sim: Simulator, state: Map<string, TaskChange>): void {
  const tasks = sim.tasks();
  expect(state.size).toBe(tasks.length);
  for (const task of tasks) {
    const change = state.get(task.taskId);
    if (task.status === 'cancelled') expect(change).toMatchObject({ op: 'cancel', taskId: task.taskId, version: task.version });
    else expect(change).toEqual({ op: 'upsert', task });
  }
}

describe('simulator: task change feed', () => {
  it('loads every task from the beginning in pages of exactly limit when quirks are off', async () => {
    const sim = await simulator({ tasks: 250, feedQuirks: false });
    const bearer = await token(sim);
    const { state, pages, delivered } = await pullAll(sim, bearer, null, 100);
    expect(pages.map((p) => p.changes.length)).toEqual([100, 100, 50]);
    expect(delivered).toBe(250);
    expectMatches(sim, state);
    expect([...state.values()].some((c) => c.op === 'cancel' && c.reason !== '')).toBe(true);
    // Default limit is 100.
    expect((await page(sim, bearer, null, 100)).changes).toHaveLength(100);
    expect(changesPageSchema.parse((await call(sim, '/v1/tasks/changes', { token: bearer })).body).changes).toHaveLength(100);
  });

  it('sends short and empty pages with hasMore and re-delivers changes, and a client that follows the rules still converges', async () => {
    const sim = await simulator({ tasks: 600, seed: 3 });
    const bearer = await token(sim);
    const { state, pages, delivered } = await pullAll(sim, bearer, null, 4);
    expectMatches(sim, state);
    const short = pages.filter((p) => p.hasMore && p.changes.length < 4);
    expect(short.length).toBeGreaterThan(0);
    expect(short.some((p) => p.changes.length === 0)).toBe(true);
    expect(delivered).toBeGreaterThan(600); // at-least-once: some changes came twice
  });

  it('carries on from a cursor with every later change, each at a newer version', async () => {
    const sim = await simulator({ tasks: 300, seed: 5 });
    const bearer = await token(sim);
    const initial = await pullAll(sim, bearer, null, 200);
    const before = new Map(sim.tasks().map((t) => [t.taskId, t.version]));
    sim.tick(40);
    const target = sim.tasks().find((t) => t.status === 'pending' || t.status === 'assigned')!;
    const cancelled = sim.cancelTask(target.taskId, '布控指令已撤销');
    const later = await pullAll(sim, bearer, initial.cursor, 7);
    for (const change of later.state.values()) expect(versionOf(change)).toBeGreaterThan(before.get(idOf(change)) ?? 0);
    expect(later.state.get(target.taskId)).toEqual({ op: 'cancel', taskId: target.taskId, version: cancelled.version, reason: '布控指令已撤销' });
    // Applying both loads gives exactly the simulator's state.
    const merged = new Map(initial.state);
    for (const [id, change] of later.state) merged.set(id, change);
    expectMatches(sim, merged);
    // Nothing new: an empty last page, hasMore false.
    const idle = await page(sim, bearer, later.cursor, 50);
    expect(idle.hasMore).toBe(false);
    expect(idle.changes.filter((c) => versionOf(c) > (sim.task(idOf(c))?.version ?? 0))).toEqual([]);
  });

  it('answers 410 cursor_expired for cursors older than the log, and a reload from the beginning works', async () => {
    const sim = await simulator({ tasks: 100 });
    const bearer = await token(sim);
    const first = await page(sim, bearer, null, 10);
    sim.expireCursors();
    const gone = await call(sim, `/v1/tasks/changes?cursor=${encodeURIComponent(first.nextCursor)}`, { token: bearer });
    expect(gone.status).toBe(410);
    expect(problemOf(gone).code).toBe('cursor_expired');
    const reload = await pullAll(sim, bearer, null, 100);
    expectMatches(sim, reload.state);

    const small = await simulator({ tasks: 100, retainChanges: 5, feedQuirks: false });
    const bearer2 = await token(small);
    const start = await page(small, bearer2, null, 10);
    expect((await call(small, `/v1/tasks/changes?cursor=${encodeURIComponent(start.nextCursor)}`, { token: bearer2 })).status).toBe(200);
    for (let i = 0; i < 30; i++) small.touchTask(`JI-8000-2026-${String(1 + (i % 10)).padStart(6, '0')}`);
    const expired = await call(small, `/v1/tasks/changes?cursor=${encodeURIComponent(start.nextCursor)}`, { token: bearer2 });
    expect(expired.status).toBe(410);
    expect(problemOf(expired).code).toBe('cursor_expired');
  });

  it('answers 400 bad_request for cursors it never issued, 410 for its own from an earlier run', async () => {
    const sim = await simulator({ tasks: 40, seed: 11 });
    const other = await simulator({ tasks: 40, seed: 12 });
    const restarted = await simulator({ tasks: 40, seed: 11 });
    const bearer = await token(sim);
    const cursor = (await page(sim, bearer, null, 5)).nextCursor;
    const [payload = '', signature = ''] = cursor.split('.');
    const tampered = `${Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace(/\.\d+$/, '.1')).toString('base64url')}.${signature}`;
    for (const bad of ['abc', 'abc.def', `${cursor}x`, tampered, `${payload}.${signature}.x`, 'x'.repeat(2000)]) {
      const reply = await call(sim, `/v1/tasks/changes?cursor=${encodeURIComponent(bad)}`, { token: bearer });
      expect(reply.status, bad).toBe(400);
      expect(problemOf(reply).code).toBe('bad_request');
    }
    const foreign = await call(other, `/v1/tasks/changes?cursor=${encodeURIComponent(cursor)}`, { token: await token(other) });
    expect(problemOf(foreign).code).toBe('bad_request');
    // Same seed, another process: its own kind of cursor, but the log it pointed into is gone.
    const old = await call(restarted, `/v1/tasks/changes?cursor=${encodeURIComponent(cursor)}`, { token: await token(restarted) });
    expect(old.status).toBe(410);
    expect(problemOf(old).code).toBe('cursor_expired');
  });

  it('gives the same initial data for the same seed and task count', async () => {
    const a = await simulator({ tasks: 120, seed: 42 });
    const b = await simulator({ tasks: 120, seed: 42 });
    const c = await simulator({ tasks: 120, seed: 43 });
    expect(b.tasks()).toEqual(a.tasks());
    expect(c.tasks()).not.toEqual(a.tasks());
  });
});
