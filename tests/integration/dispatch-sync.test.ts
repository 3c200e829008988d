import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { shiftAt, TRAINING_ACCOUNTS, type GatewayTask } from '../../shared/contract/index.js';
import { ensureOfficers } from '../fixtures/dispatch-world.js';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import { callAs, must, SECOND } from '../fixtures/inspection-calls.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * An assignment queued while the single window is unreachable, sent once with its answer lost,
 * then the core restarted and back online: the simulator applied it exactly once (the task's
 * version moved once) and the console records it delivered. Real simulator over 127.0.0.1 behind
 * two fault proxies: the outer one loses the answers of assignment calls, the inner one drops
 * every request (the link down).
 */
const BASE = Date.parse('2026-12-07T03:00:00Z'); // the day shift in Chongqing, far from a change of shift
let offset = 0;
const started = Date.now();
const clock = () => BASE + (Date.now() - started) + offset;

let temp: ReturnType<typeof makeTempDir>;
let simulator: Simulator;
let linkDown: FaultProxy;
let answerLost: FaultProxy;
let core: Core;

const startConsole = (): Core =>
  startCore({
    dataDir: path.join(temp.dir, 'data'),
    logSink: nullSink,
    clock,
    singleDatabase: true,
    sync: { intervalMs: 3_600_000, retryBudgetMs: 200, startTraining: () => Promise.resolve({ url: answerLost.url, stop: () => Promise.resolve() }) },
  });

beforeAll(async () => {
  temp = makeTempDir('dispatch-sync-');
  simulator = await startSimulator({ seed: 5, tasks: 40, cargo: 0, evolve: false });
  linkDown = await startFaultProxy({ target: simulator.url, seed: 1, rate: 0, kinds: ['reset_before'] });
  answerLost = await startFaultProxy({ target: linkDown.url, seed: 2, rate: 0, kinds: ['commit_lost'], spare: (url) => !url.endsWith('/assignment') });
  core = startConsole();
  ensureOfficers(core.accounts, [
    { operatorId: 'c-0', agency: 'customs' },
    { operatorId: 'c-1', agency: 'customs' },
    { operatorId: 'q-0', agency: 'quarantine' },
    { operatorId: 'q-1', agency: 'quarantine' },
  ]);
}, 60_000);

afterAll(async () => {
  await core.close();
  await answerLost.close();
  await linkDown.close();
  await simulator.close();
  temp.remove();
});

describe('an assignment made offline', () => {
  it('reaches the single window exactly once through a dead link, a lost answer and a restart', async () => {
    await core.sync.syncNow();
    const task = simulator
      .tasks()
      .find((item: GatewayTask) => item.status === 'pending' && item.inspection.agencies.every((agency) => agency === 'customs' || agency === 'quarantine'));
    if (!task) throw new Error('the simulator holds a pending task for customs and quarantine');
    const versionBefore = task.version;
    await must(core, 'roster:set', { portCode: task.portCode, ...shiftAt(clock()), officers: ['c-0', 'c-1', 'q-0', 'q-1'] }, SECOND);

    // The link is down: queued, shown on the task at once, tried and kept.
    linkDown.setRate(1);
    const queued = await must(core, 'dispatch:random', { taskId: task.taskId }, SECOND);
    expect((await must(core, 'tasks:get', { taskId: task.taskId }, SECOND)).assignedTo).toEqual([...queued.assignedTo].sort());
    await core.sync.syncNow();
    const [afterDown] = (await must(core, 'dispatch:forTask', { taskId: task.taskId }, SECOND)).assignments;
    expect(afterDown).toMatchObject({ assignmentId: queued.assignmentId, state: 'queued', lastError: expect.any(String) as unknown });
    expect(simulator.task(task.taskId)?.version).toBe(versionBefore);

    // Back, but the answer to the assignment is lost after the single window applied it.
    linkDown.setRate(0);
    answerLost.setRate(1);
    offset += 20 * 60_000;
    await core.sync.syncNow();
    expect(simulator.task(task.taskId)?.version).toBe(versionBefore + 1);
    expect((await must(core, 'dispatch:forTask', { taskId: task.taskId }, SECOND)).assignments[0]?.state).toBe('queued');
    // Sent without an answer: a new dispatch would race it, so it waits.
    expect(await callAs(core, 'dispatch:random', { taskId: task.taskId }, SECOND)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    // Restart, online: the same key replays the first answer instead of assigning again.
    await core.close();
    answerLost.setRate(0);
    offset += 20 * 60_000;
    core = startConsole();
    await core.sync.syncNow();
    const [delivered] = (await must(core, 'dispatch:forTask', { taskId: task.taskId }, SECOND)).assignments;
    expect(delivered).toMatchObject({ assignmentId: queued.assignmentId, state: 'delivered' });
    const remote = simulator.task(task.taskId);
    expect(remote?.version).toBe(versionBefore + 1);
    expect([...(remote?.assignedTo ?? [])].sort()).toEqual([...queued.assignedTo].sort());
    expect(await must(core, 'tasks:get', { taskId: task.taskId }, SECOND)).toMatchObject({ version: versionBefore + 1, assignedTo: [...queued.assignedTo].sort() });
    expect(answerLost.stats.faults.commit_lost).toBe(1);
    expect(core.db.audit.entriesFor(task.taskId).map((entry) => entry.action)).toEqual(['dispatch.random', 'dispatch.delivered']);
  }, 120_000);

  it('keeps an assignment the single window refuses with 409 as a conflict, with the task it answered', async () => {
    const task = simulator.tasks().find((item: GatewayTask) => item.status === 'pending' && item.inspection.agencies.every((agency) => agency === 'customs' || agency === 'quarantine'));
    if (!task) throw new Error('the simulator holds another pending task for customs and quarantine');
    const queued = await must(core, 'dispatch:random', { taskId: task.taskId }, SECOND);
    // Another workstation's supervisor assigns the task first.
    const supervisor = TRAINING_ACCOUNTS.find((account) => account.operatorId === 'sup-8000-001');
    if (!supervisor) throw new Error('the training accounts have a supervisor');
    const other = new GatewayClient({ baseUrl: simulator.url, credentials: { operatorId: supervisor.operatorId, password: supervisor.password, workstationId: 'ws-other' }, log: createLogger(nullSink) });
    await other.assign(task.taskId, ['op-8000-001', 'op-8000-002'], task.version, 'other-workstation-key');
    await core.sync.syncNow();
    const [conflict] = (await must(core, 'dispatch:forTask', { taskId: task.taskId }, SECOND)).assignments;
    expect(conflict).toMatchObject({
      assignmentId: queued.assignmentId,
      state: 'conflict',
      conflictVersion: task.version + 1,
      conflictStatus: 'assigned',
      conflictAssignedTo: ['op-8000-001', 'op-8000-002'],
      lastError: expect.any(String) as unknown,
    });
    expect((await must(core, 'dispatch:list', {}, SECOND)).assignments.map((item) => item.assignmentId)).toContain(queued.assignmentId);
    expect(await must(core, 'tasks:get', { taskId: task.taskId }, SECOND)).toMatchObject({ version: task.version + 1, assignedTo: ['op-8000-001', 'op-8000-002'] });
  }, 60_000);
});
