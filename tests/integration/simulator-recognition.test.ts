import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { referenceDataSchema, type GatewayTask, type ReferenceData, type ResultSubmission } from '../../shared/contract/gateway.js';
import { call, postResult, problemOf, testClock, token, validResult } from './simulator-http.js';

/** The simulator's checks of the corridor fields of a result (通报通检通放): `recognizes` and `countersign`. */
const clock = testClock();
let sim: Simulator;
let bearer: string;
let reference: ReferenceData;
const used = new Set<string>();

beforeAll(async () => {
  sim = await startSimulator({ tasks: 400, cargo: 20, evolve: false, feedQuirks: false, now: clock.now, seed: 8 });
  bearer = await token(sim, 'op-8000-001', 'ws-recognition');
  reference = referenceDataSchema.parse((await call(sim, '/v1/reference', { token: bearer })).body);
});
afterAll(async () => {
  await sim.close();
});

/** An open task no other test has used, with or without prior inspections upstream. */
function freshTask(withPrior: boolean): GatewayTask {
  const task = sim
    .tasks()
    .find((t) => ['pending', 'assigned', 'in_progress'].includes(t.status) && (t.priorInspections !== undefined) === withPrior && !used.has(t.taskId));
  if (task === undefined) throw new Error('no open task left');
  used.add(task.taskId);
  return task;
}

const priorOf = (task: GatewayTask): string => task.priorInspections?.[0]?.resultId ?? '';
/** Recognised, not re-inspected: nothing inspected here, so no checklist answers, findings or seals. */
const recognition = (task: GatewayTask, overrides: Partial<ResultSubmission> = {}): ResultSubmission =>
  validResult(task, reference, { outcome: 'not_inspected', recognizes: priorOf(task), findings: [], seals: [], checklist: [], ...overrides });
const send = (task: GatewayTask, result: ResultSubmission) => postResult(sim, bearer, task.taskId, result, result.resultId);

async function refused(task: GatewayTask, result: ResultSubmission): Promise<{ path: string; message: string }[]> {
  const reply = await send(task, result);
  expect(reply.status).toBe(422);
  const problem = problemOf(reply);
  expect(problem.code).toBe('invalid_result');
  expect(sim.task(task.taskId)).toEqual(task);
  return problem.errors ?? [];
}

describe('simulator: a prior inspection recognised, the representative countersigning', () => {
  it('accepts a not_inspected result that recognises a prior inspection of the task, and keeps every corridor field', async () => {
    const task = freshTask(true);
    const result = recognition(task, {
      countersign: { name: '李明', capacity: 'agent', signed: true },
      referenceVersion: reference.version,
      appVersion: '0.9.0',
    });
    const reply = await send(task, result);
    expect(reply.status).toBe(201);
    expect(sim.results().find((stored) => stored.resultId === result.resultId)?.body).toEqual(result);
  });

  it('answers 422 on recognizes when it names no prior inspection of that task', async () => {
    const other = freshTask(true);
    const task = freshTask(true);
    expect(await refused(task, recognition(task, { recognizes: priorOf(other) }))).toEqual([
      { path: 'recognizes', message: `${priorOf(other)} is not a prior inspection of task ${task.taskId}` },
    ]);
    const without = freshTask(false);
    expect((await refused(without, recognition(without, { recognizes: priorOf(task) }))).map((error) => error.path)).toEqual(['recognizes']);
  });

  it('answers 422 on recognizes when the result says it inspected after all', async () => {
    const task = freshTask(true);
    expect((await refused(task, validResult(task, reference, { recognizes: priorOf(task) }))).map((error) => error.path)).toEqual(['recognizes']);
  });

  it('answers 422 on countersign.refusalNote when the refusal is not noted, and accepts it noted', async () => {
    const task = freshTask(false);
    for (const countersign of [
      { name: '王芳', capacity: 'consignee', signed: false },
      { name: '王芳', capacity: 'consignee', signed: false, refusalNote: '  ' },
    ] as const) {
      expect((await refused(task, validResult(task, reference, { countersign }))).map((error) => error.path)).toEqual(['countersign.refusalNote']);
    }
    const noted = validResult(task, reference, { countersign: { name: '王芳', capacity: 'consignee', signed: false, refusalNote: '当事人拒绝签字 refused to sign' } });
    expect((await send(task, noted)).status).toBe(201);
  });

  it('answers 422 with the contract path for a countersign of the wrong shape', async () => {
    const task = freshTask(false);
    const result = { ...validResult(task, reference), countersign: { name: '王芳', capacity: 'broker', signed: true } };
    expect((await refused(task, result as unknown as ResultSubmission)).map((error) => error.path)).toEqual(['countersign.capacity']);
  });
});
