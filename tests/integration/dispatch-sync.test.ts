import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCore, type Core, type CoreOptions } from '../../electron/core/core.js';
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
 * version moved once) and the console records it delivered. One made offline with no "sync now"
 * at all goes out by itself once the link returns. Real simulator over 127.0.0.1 behind two fault
 * proxies: the outer one loses the answers of assignment calls, the inner one drops every request
 * (the link down).
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

/** The console on the same data folder; `sync` adds to its sync options (the interval stays an hour: nothing waits for it). */
const startConsole = (sync: CoreOptions['sync'] = {}): Core =>
  startCore({
    dataDir: path.join(temp.dir, 'data'),
    logSink: nullSink,
    clock,
    singleDatabase: true,
    sync: { intervalMs: 3_600_000, retryBudgetMs: 200, startTraining: () => Promise.resolve({ url: answerLost.url, stop: () => Promise.resolve() }), ...sync },
  });

/** A task the simulator holds pending, for customs and quarantine (the officers on the roster), not dispatched yet. */
const pendingJointTask = (): GatewayTask => {
  const task = simulator.tasks().find((item: GatewayTask) => item.status === 'pending' && item.inspection.agencies.every((agency) => agency === 'customs' || agency === 'quarantine'));
  if (!task) throw new Error('the simulator holds a pending task for customs and quarantine');
  return task;
};

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
    const task = pendingJointTask();
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
    const task = pendingJointTask();
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
    // The sync status counts it as needing the supervisor, as it counts a result in conflict.
    expect(core.sync.status().assignments).toEqual({ queued: 0, conflict: 1, rejected: 0 });
  }, 60_000);

  it('made offline, goes out by itself once the link returns: the dispatch wakes the cycle, its failed attempt wakes it again', async () => {
    // Failed cycles back off by at most 2 s here (30 s in the console): the same rule, a shorter wait.
    await core.close();
    core = startConsole({ cycleBackoff: { baseMs: 1_000, maxMs: 2_000 } });
    const task = pendingJointTask();
    linkDown.setRate(1);
    const queued = await must(core, 'dispatch:random', { taskId: task.taskId }, SECOND);
    // No "sync now" anywhere: the dispatch asked for a cycle, which tried it on the dead link.
    await vi.waitFor(
      async () => {
        expect((await must(core, 'dispatch:forTask', { taskId: task.taskId }, SECOND)).assignments[0]).toMatchObject({ state: 'queued', lastError: expect.any(String) as unknown });
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(core.sync.status()).toMatchObject({ online: false, assignments: { queued: 1, conflict: 1, rejected: 0 } });
    expect(simulator.task(task.taskId)?.version).toBe(task.version);

    // Back: the backed-off cycle runs, and the assignment goes when its own retry falls due, not after the hour's interval.
    linkDown.setRate(0);
    await vi.waitFor(
      async () => {
        expect((await must(core, 'dispatch:forTask', { taskId: task.taskId }, SECOND)).assignments[0]).toMatchObject({ assignmentId: queued.assignmentId, state: 'delivered' });
      },
      { timeout: 30_000, interval: 100 },
    );
    const remote = simulator.task(task.taskId);
    expect(remote?.version).toBe(task.version + 1);
    expect([...(remote?.assignedTo ?? [])].sort()).toEqual([...queued.assignedTo].sort());
    expect(core.sync.status().assignments).toEqual({ queued: 0, conflict: 1, rejected: 0 });
  }, 60_000);

  it('whose answer was lost is sent again when its retry falls due, though the cycle succeeded and its interval is an hour', async () => {
    const task = pendingJointTask();
    const lostBefore = answerLost.stats.faults.commit_lost;
    answerLost.setRate(1);
    const queued = await must(core, 'dispatch:random', { taskId: task.taskId }, SECOND);
    // The pull goes through (only the assignment's answer is lost): no failed cycle, no backoff of the cycle.
    await vi.waitFor(
      () => {
        expect(answerLost.stats.faults.commit_lost).toBe(lostBefore + 1);
      },
      { timeout: 20_000, interval: 50 },
    );
    answerLost.setRate(0);
    await vi.waitFor(
      async () => {
        expect((await must(core, 'dispatch:forTask', { taskId: task.taskId }, SECOND)).assignments[0]).toMatchObject({ assignmentId: queued.assignmentId, state: 'delivered' });
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(simulator.task(task.taskId)?.version).toBe(task.version + 1);
    expect(core.sync.status()).toMatchObject({ lastError: null, assignments: { queued: 0 } });
  }, 60_000);
});
