import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { assignmentResponseSchema, changesPageSchema, referenceDataSchema, type GatewayTask } from '../../shared/contract/gateway.js';
import { call, postResult, problemOf, token, validResult, type Reply } from './simulator-http.js';

let sim: Simulator;
let supervisor: string;
let inspector: string;
const used = new Set<string>();

beforeAll(async () => {
  sim = await startSimulator({ tasks: 200, cargo: 0, evolve: false, feedQuirks: false, seed: 21 });
  supervisor = await token(sim, 'sup-8000-001', 'ws-sup');
  inspector = await token(sim, 'op-8000-001', 'ws-insp');
});
afterAll(async () => {
  await sim.close();
});

function openTask(status: GatewayTask['status']): GatewayTask {
  const task = sim.tasks().find((t) => t.status === status && !used.has(t.taskId));
  if (task === undefined) throw new Error(`no ${status} task left`);
  used.add(task.taskId);
  return task;
}

/** `key` null sends no Idempotency-Key. */
const assign = (bearer: string, taskId: string, body: unknown, key: string | null = randomUUID()): Promise<Reply> =>
  call(sim, `/v1/tasks/${taskId}/assignment`, { token: bearer, json: body, headers: key === null ? {} : { 'idempotency-key': key } });

describe('simulator: assignment by supervisors', () => {
  it('dispatches a pending task (200 {task}) and logs the change', async () => {
    const task = openTask('pending');
    const reply = await assign(supervisor, task.taskId, { assignedTo: ['op-8000-001', 'op-8000-002'], baseVersion: task.version });
    expect(reply.status).toBe(200);
    const { task: assigned } = assignmentResponseSchema.parse(reply.body);
    expect(assigned).toMatchObject({ taskId: task.taskId, version: task.version + 1, status: 'assigned', assignedTo: ['op-8000-001', 'op-8000-002'] });
    const feed = changesPageSchema.parse((await call(sim, '/v1/tasks/changes?limit=1000', { token: supervisor })).body);
    expect(feed.changes).toContainEqual({ op: 'upsert', task: assigned });
    // Taking everyone off sends it back to pending.
    const cleared = assignmentResponseSchema.parse((await assign(supervisor, task.taskId, { assignedTo: [], baseVersion: assigned.version })).body).task;
    expect(cleared).toMatchObject({ status: 'pending', assignedTo: [], version: task.version + 2 });
  });

  it('replays the same key with the same 200 body and changes nothing', async () => {
    const task = openTask('assigned');
    const key = randomUUID();
    const body = { assignedTo: ['op-8000-010', 'op-8000-011'], baseVersion: task.version };
    const first = await assign(supervisor, task.taskId, body, key);
    const racing = await Promise.all([assign(supervisor, task.taskId, body, key), assign(supervisor, task.taskId, body, key)]);
    const later = await assign(supervisor, task.taskId, { ...body, assignedTo: ['op-8000-012', 'op-8000-013'] }, key);
    for (const reply of [...racing, later]) {
      expect(reply.status).toBe(200);
      expect(reply.text).toBe(first.text);
    }
    expect(sim.task(task.taskId)!.version).toBe(task.version + 1);
    expect(sim.task(task.taskId)!.assignedTo).toEqual(['op-8000-010', 'op-8000-011']);
  });

  it('refuses inspectors (403), a missing key (400), an invalid body (422), a stale version or a closed task (409)', async () => {
    const task = openTask('assigned');
    const body = { assignedTo: ['op-8000-003', 'op-8000-004'], baseVersion: task.version };
    expect(problemOf(await assign(inspector, task.taskId, body)).code).toBe('forbidden');
    const noKey = await assign(supervisor, task.taskId, body, null);
    expect(noKey.status).toBe(400);
    expect(problemOf(noKey).code).toBe('bad_request');
    for (const bad of [{ assignedTo: 'op-8000-003', baseVersion: 1 }, { assignedTo: [] }, { assignedTo: ['op-8000-003', 'op-8000-003'], baseVersion: task.version }]) {
      const reply = await assign(supervisor, task.taskId, bad);
      expect(reply.status).toBe(422);
      expect(problemOf(reply).errors?.length).toBeGreaterThan(0);
    }
    const stale = await assign(supervisor, task.taskId, { ...body, baseVersion: task.version - 1 });
    expect(stale.status).toBe(409);
    expect(problemOf(stale)).toMatchObject({ code: 'task_changed', task });
    const cancelled = sim.cancelTask(task.taskId);
    const closed = await assign(supervisor, task.taskId, { ...body, baseVersion: cancelled.version });
    expect(problemOf(closed)).toMatchObject({ status: 409, code: 'task_changed', task: cancelled });
    expect(problemOf(await assign(supervisor, 'JI-8000-2026-999999', body)).status).toBe(404);
    expect(sim.task(task.taskId)).toEqual(cancelled);
  });

  it('a reassignment away from the inspector makes the result made before it conflict (409)', async () => {
    const reference = referenceDataSchema.parse((await call(sim, '/v1/reference', { token: inspector })).body);
    const task = openTask('assigned');
    const moved = await assign(supervisor, task.taskId, { assignedTo: ['op-8000-020', 'op-8000-021'], baseVersion: task.version });
    expect(moved.status).toBe(200);
    const result = validResult(task, reference);
    const reply = await postResult(sim, inspector, task.taskId, result, result.resultId);
    expect(reply.status).toBe(409);
    expect(problemOf(reply).task).toEqual(assignmentResponseSchema.parse(moved.body).task);
  });
});
