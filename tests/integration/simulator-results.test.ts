import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import {
  changesPageSchema,
  referenceDataSchema,
  resultAcceptedSchema,
  type GatewayTask,
  type ReferenceData,
  type ResultSubmission,
} from '../../shared/contract/gateway.js';
import { call, postResult, problemOf, token, testClock, validResult } from './simulator-http.js';

const clock = testClock();
let sim: Simulator;
let bearer: string;
let reference: ReferenceData;
const used = new Set<string>();

beforeAll(async () => {
  sim = await startSimulator({ tasks: 400, cargo: 20, evolve: false, feedQuirks: false, now: clock.now, seed: 8 });
  bearer = await token(sim, 'op-8000-001', 'ws-results');
  reference = referenceDataSchema.parse((await call(sim, '/v1/reference', { token: bearer })).body);
});
afterAll(async () => {
  await sim.close();
});

/** An open task no other test has used, preferably one with containers and several goods lines. */
function freshTask(): GatewayTask {
  const task = sim.tasks().find((t) => ['pending', 'assigned', 'in_progress'].includes(t.status) && t.containers.length > 0 && !used.has(t.taskId));
  if (task === undefined) throw new Error('no open task left');
  used.add(task.taskId);
  return task;
}

const send = (task: GatewayTask, result: ResultSubmission, key: string = result.resultId) => postResult(sim, bearer, task.taskId, result, key);

describe('simulator: results', () => {
  it('accepts a valid result once (201), moves the task per disposition, and logs the change', async () => {
    const task = freshTask();
    const result = validResult(task, reference, { disposition: 'hold', outcome: 'nonconform' });
    const reply = await send(task, result);
    expect(reply.status).toBe(201);
    const accepted = resultAcceptedSchema.parse(reply.body);
    expect(accepted.task).toMatchObject({ taskId: task.taskId, version: task.version + 1, status: 'held' });
    expect(sim.task(task.taskId)).toEqual(accepted.task);
    const stored = sim.results().find((r) => r.resultId === result.resultId);
    expect(stored).toMatchObject({ taskId: task.taskId, operatorId: 'op-8000-001', workstationId: 'ws-results', body: result });

    const feed = changesPageSchema.parse((await call(sim, '/v1/tasks/changes?limit=1000', { token: bearer })).body);
    expect(feed.changes.find((c) => c.op === 'upsert' && c.task.taskId === task.taskId)).toEqual({ op: 'upsert', task: accepted.task });

    for (const [disposition, status] of [['release', 'released'], ['refer', 'completed'], ['destroy', 'held']] as const) {
      const t = freshTask();
      const r = await send(t, validResult(t, reference, { disposition }));
      expect(resultAcceptedSchema.parse(r.body).task.status).toBe(status);
    }
  });

  it('replays the first answer (200, same body) for the same key and changes nothing, even with another body or a changed task', async () => {
    const task = freshTask();
    const result = validResult(task, reference);
    const first = await send(task, result);
    expect(first.status).toBe(201);
    const version = sim.task(task.taskId)!.version;
    const again = await send(task, result);
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    resultAcceptedSchema.parse(again.body);
    sim.touchTask(task.taskId);
    const changed = await send(task, { ...result, disposition: 'destroy', findings: [] });
    expect(changed.status).toBe(200);
    expect(changed.text).toBe(first.text);
    expect(sim.task(task.taskId)!.version).toBe(version + 1); // only the touch
    expect(sim.results().filter((r) => r.resultId === result.resultId)).toHaveLength(1);
  });

  it('creates one result when requests with the same key race each other', async () => {
    const task = freshTask();
    const result = validResult(task, reference);
    const replies = await Promise.all(Array.from({ length: 6 }, () => send(task, result)));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 200 || s === 429)).toBe(true);
    const bodies = new Set(replies.filter((r) => r.status !== 429).map((r) => r.text));
    expect(bodies.size).toBe(1);
    expect(sim.results().filter((r) => r.resultId === result.resultId)).toHaveLength(1);
    expect(sim.task(task.taskId)!.version).toBe(task.version + 1);
  });

  it('needs an Idempotency-Key equal to the resultId (400 without, 422 when different)', async () => {
    const task = freshTask();
    const result = validResult(task, reference);
    const missing = await postResult(sim, bearer, task.taskId, result);
    expect(missing.status).toBe(400);
    expect(problemOf(missing).code).toBe('bad_request');
    const other = await send(task, result, randomUUID());
    expect(other.status).toBe(422);
    const problem = problemOf(other);
    expect(problem.code).toBe('invalid_result');
    expect(problem.errors).toContainEqual({ path: 'resultId', message: 'must equal the Idempotency-Key header' });
    expect(sim.task(task.taskId)).toEqual(task);
  });

  it('rejects invalid results with 422 and one error per bad field, in dot notation', async () => {
    const task = freshTask();
    const base = validResult(task, reference);
    const cases: [Record<string, unknown>, string][] = [
      [{ inspectors: ['op-8000-001'] }, 'inspectors'],
      [{ inspectors: ['op-8000-001', 'op-8000-001'] }, 'inspectors'],
      [{ checklist: [{ itemId: 'zzz-99', answer: 'yes' }] }, 'checklist.0.itemId'],
      [{ findings: [{ agency: 'customs', code: 'C-NOPE', severity: 'major', text: '' }] }, 'findings.0.code'],
      [{ findings: [{ agency: 'customs', code: 'Q-PEST-LIVE', severity: 'critical', text: '' }] }, 'findings.0.agency'],
      [{ findings: [{ agency: 'customs', code: 'X-INFO', severity: 'loud', text: '' }] }, 'findings.0.severity'],
      [{ findings: [{ agency: 'customs', code: 'X-INFO', severity: 'info', text: '', goodsLine: 99 }] }, 'findings.0.goodsLine'],
      [{ findings: [{ agency: 'customs', code: 'X-INFO', severity: 'info', text: '', containerNo: 'CSQU3054383' }] }, 'findings.0.containerNo'],
      [{ seals: [{ containerNo: 'CSQU3054383', removed: [], applied: [] }] }, 'seals.0.containerNo'],
      [{ samples: [{ sampleId: 'S1', goodsLine: 42, quantity: 1, unit: 'kg', lab: 'lab' }] }, 'samples.0.goodsLine'],
      [{ completedAt: '2026-03-02T06:00:00.000Z' }, 'completedAt'],
      [{ outcome: 'fine' }, 'outcome'],
      [{ baseVersion: task.version + 5 }, 'baseVersion'],
    ];
    for (const [patch, path] of cases) {
      const resultId = randomUUID();
      const reply = await postResult(sim, bearer, task.taskId, { ...base, resultId, ...patch }, resultId);
      expect(reply.status, path).toBe(422);
      const problem = problemOf(reply);
      expect(problem.code).toBe('invalid_result');
      expect(problem.errors?.map((e) => e.path)).toEqual([path]);
    }
    const noId: Partial<ResultSubmission> = { ...base };
    delete noId.resultId;
    const reply = await postResult(sim, bearer, task.taskId, noId, randomUUID());
    expect(problemOf(reply).errors?.map((e) => e.path)).toContain('resultId');
    expect(sim.task(task.taskId)).toEqual(task);
  });

  it('answers 404 for an unknown task', async () => {
    const task = freshTask();
    const result = validResult(task, reference);
    const reply = await postResult(sim, bearer, 'JI-8000-2026-999999', result, result.resultId);
    expect(reply.status).toBe(404);
    expect(problemOf(reply).code).toBe('not_found');
  });

  it('answers 424 attachment_missing until the attachment is uploaded', async () => {
    const task = freshTask();
    const bytes = Buffer.from('photo of the door end');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const result = validResult(task, reference, { attachments: [{ sha256, name: 'door.jpg', mediaType: 'image/jpeg', bytes: bytes.length }] });
    const missing = await send(task, result);
    expect(missing.status).toBe(424);
    expect(problemOf(missing)).toMatchObject({ code: 'attachment_missing', errors: [{ path: 'attachments.0.sha256' }] });
    expect(sim.task(task.taskId)).toEqual(task);
    const put = await call(sim, `/v1/attachments/${sha256}`, { token: bearer, method: 'PUT', body: bytes, headers: { 'content-type': 'image/jpeg' } });
    expect(put.status).toBe(201);
    expect((await send(task, result)).status).toBe(201);
  });

  it('answers 409 task_changed with the task when it was cancelled, reassigned away, its inspection changed or closed', async () => {
    const setups: [string, (t: GatewayTask) => Promise<unknown>][] = [
      ['cancelled', (t) => Promise.resolve(sim.cancelTask(t.taskId, '报关单已撤销'))],
      ['reassigned', (t) => Promise.resolve(sim.reassignTask(t.taskId, ['op-8000-031', 'op-8000-032']))],
      ['inspection', (t) => Promise.resolve(sim.changeInspection(t.taskId))],
      ['closed by another result', (t) => send(t, validResult(t, reference))],
    ];
    for (const [label, change] of setups) {
      const task = freshTask();
      await change(task);
      const before = sim.task(task.taskId)!;
      const reply = await send(task, validResult(task, reference));
      expect(reply.status, label).toBe(409);
      const problem = problemOf(reply);
      expect(problem.code).toBe('task_changed');
      expect(problem.task).toEqual(before);
      expect(sim.task(task.taskId)).toEqual(before);
    }
  });

  it('accepts a result made on an older version when the change does not invalidate it', async () => {
    const task = freshTask();
    sim.touchTask(task.taskId);
    sim.reassignTask(task.taskId, ['op-8000-001', 'op-8000-040']);
    const reply = await send(task, validResult(task, reference));
    expect(reply.status).toBe(201);
    expect(resultAcceptedSchema.parse(reply.body).task.version).toBe(task.version + 3);
  });
});
