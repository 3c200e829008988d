import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { SyncRepository } from '../../electron/core/db/sync-repository.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import { SyncJournal } from '../../electron/core/sync/journal.js';
import { pullUntilIdle, type PullDeps } from '../../electron/core/sync/pull.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../electron/simulator/server.js';
import { TRAINING_OPERATOR, type GatewayTask } from '../../shared/contract/index.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * The pull against the project's simulator over real HTTP on 127.0.0.1, into a real SQLite file.
 * The simulator's feed quirks are on (short and empty pages with hasMore, re-delivered changes).
 */
const log = createLogger(nullSink);
const INSPECTOR = TRAINING_OPERATOR.operatorId;
let temp: ReturnType<typeof makeTempDir>;
let db: Database;
let sync: SyncRepository;
let journal: SyncJournal;
let sim: Simulator | null = null;

beforeEach(() => {
  temp = makeTempDir('sync-pull-');
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log });
  sync = new SyncRepository(sqliteHandle(db), db.tasks);
  journal = new SyncJournal(sync, log);
});

afterEach(async () => {
  await sim?.close();
  sim = null;
  db.close();
  temp.remove();
});

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ port: 0, seed: 42, tasks: 1500, evolve: false, ...options });
  return sim;
}

function deps(simulator: Simulator, extra: Partial<PullDeps> = {}): PullDeps {
  const gateway = new GatewayClient({
    baseUrl: simulator.url,
    credentials: { operatorId: INSPECTOR, password: TRAINING_OPERATOR.password, workstationId: 'ws-pull-test' },
    log,
    journal,
  });
  return { gateway, db, log, journal, pageSize: 200, random: () => 0, ...extra };
}

interface Local {
  version: number;
  status: string;
  assignedTo: string[];
}
function localTasks(): Map<string, Local> {
  const rows = sqliteHandle(db)
    .prepare(
      `SELECT t.task_id AS taskId, t.version, t.status,
        (SELECT json_group_array(operator_id) FROM (SELECT operator_id FROM task_assignments a WHERE a.task_rid = t.rid ORDER BY operator_id)) AS assignedTo
       FROM tasks t`,
    )
    .all() as { taskId: string; version: number; status: string; assignedTo: string }[];
  return new Map(rows.map((row) => [row.taskId, { version: row.version, status: row.status, assignedTo: JSON.parse(row.assignedTo) as string[] }]));
}
const asLocal = (task: GatewayTask): Local => ({ version: task.version, status: task.status, assignedTo: [...task.assignedTo].sort() });

/**
 * The cache mirrors the single window: every task that is not cancelled, exactly; a cancelled task
 * as cancelled at its version if the cache had seen it, absent if it never had (a cancel carries no
 * task data to store).
 */
function expectMirrors(simulator: Simulator): void {
  const local = localTasks();
  const remote = new Map(simulator.tasks().map((task) => [task.taskId, task]));
  for (const taskId of local.keys()) expect(remote.has(taskId), taskId).toBe(true);
  for (const [taskId, task] of remote) {
    const mine = local.get(taskId);
    if (task.status === 'cancelled') {
      if (mine) expect({ taskId, version: mine.version, status: mine.status }).toEqual({ taskId, version: task.version, status: 'cancelled' });
    } else {
      expect(mine ? { taskId, ...mine } : { taskId, missing: true }).toEqual({ taskId, ...asLocal(task) });
    }
  }
}

function insertDraft(resultId: string, taskId: string, createdBy: string = INSPECTOR): void {
  const now = new Date().toISOString();
  sqliteHandle(db)
    .prepare(
      `INSERT INTO results (result_id, task_id, base_version, state, created_by, created_at, updated_at, app_version)
       VALUES (?, ?, 1, 'draft', ?, ?, ?, 'test')`,
    )
    .run(resultId, taskId, createdBy, now, now);
}
const draftRows = () => sqliteHandle(db).prepare('SELECT result_id, task_id, base_version, state, created_by FROM results ORDER BY result_id').all();
const journalRows = (call: string) => journal.query({ call, limit: 500 });
const openTasks = (simulator: Simulator) => simulator.tasks().filter((task) => ['pending', 'assigned', 'in_progress'].includes(task.status));

describe('pull from the single window', () => {
  it('loads every task on the first pull, one journal row per page, and ends caught up', async () => {
    const simulator = await start();
    const summary = await pullUntilIdle(deps(simulator));
    expect(summary.pages).toBeGreaterThanOrEqual(8);
    expect(summary.reloads).toBe(0);
    const live = simulator.tasks().filter((task) => task.status !== 'cancelled');
    expect(summary.upserts).toBe(live.length);
    // On a first load, cancelled tasks arrive as cancels of tasks never seen: nothing to store.
    expect([...localTasks().keys()].sort()).toEqual(live.map((task) => task.taskId).sort());
    expectMirrors(simulator);

    expect(sync.state()).toMatchObject({ caughtUp: true });
    expect(sync.state().cursor).not.toBeNull();
    const pages = journalRows('changes');
    expect(pages).toHaveLength(summary.pages);
    expect(pages.every((row) => row.outcome === 'ok' && row.status === 200)).toBe(true);
    expect(pages[0]?.message).toMatchObject({ params: { changes: expect.any(Number) as unknown, unchanged: expect.any(Number) as unknown, progress: { key: 'pull.caughtUp' } } });
    expect(pages.at(-1)?.message?.key).toBe('pull.pageFromStart');
    expect(journalRows('auth')).toHaveLength(1);
  });

  it('pulls only what changed after the simulator moves on', async () => {
    const simulator = await start();
    await pullUntilIdle(deps(simulator));
    const [a, b] = openTasks(simulator);
    simulator.touchTask(a!.taskId);
    simulator.changeInspection(b!.taskId);
    simulator.tick(30);
    const summary = await pullUntilIdle(deps(simulator));
    expect(summary.upserts + summary.cancels).toBeGreaterThanOrEqual(2);
    expect(summary.pages).toBeLessThanOrEqual(3);
    expectMirrors(simulator);
    expect(localTasks().get(a!.taskId)?.version).toBe(simulator.task(a!.taskId)?.version);
  });

  it('treats redelivered and stale changes as no-ops', async () => {
    const simulator = await start();
    await pullUntilIdle(deps(simulator));
    const before = sync.state().cursor;
    const [a] = openTasks(simulator);
    simulator.touchTask(a!.taskId);
    await pullUntilIdle(deps(simulator));
    const snapshot = localTasks();
    // Ask again from the older cursor: everything that comes is already here.
    sqliteHandle(db).prepare('UPDATE sync_state SET cursor = ? WHERE id = 1').run(before);
    const again = await pullUntilIdle(deps(simulator));
    expect(again.upserts).toBe(0);
    expect(again.cancels).toBe(0);
    expect(again.unchanged).toBeGreaterThanOrEqual(1);
    expect(localTasks()).toEqual(snapshot);
  });

  it('reloads from the start after 410 cursor_expired and keeps every draft', async () => {
    const simulator = await start();
    await pullUntilIdle(deps(simulator));
    const [a, b] = openTasks(simulator);
    insertDraft('11111111-1111-4111-8111-111111111111', a!.taskId);
    const drafts = draftRows();
    simulator.expireCursors();
    simulator.touchTask(b!.taskId);
    const summary = await pullUntilIdle(deps(simulator));
    expect(summary.reloads).toBe(1);
    expect(summary.upserts).toBeGreaterThanOrEqual(1);
    expect(draftRows()).toEqual(drafts);
    expectMirrors(simulator);
    expect(journalRows('changes').some((row) => row.status === 410 && row.outcome === 'retry')).toBe(true);
  });

  it('flags a draft whose task is cancelled or reassigned, and keeps the drafts', async () => {
    const simulator = await start();
    await pullUntilIdle(deps(simulator));
    const [a, b, c] = openTasks(simulator);
    insertDraft('22222222-2222-4222-8222-222222222222', a!.taskId);
    insertDraft('33333333-3333-4333-8333-333333333333', b!.taskId);
    insertDraft('44444444-4444-4444-8444-444444444444', c!.taskId, 'op-8000-040');
    const drafts = draftRows();
    simulator.cancelTask(a!.taskId, '报关单已撤销');
    simulator.reassignTask(b!.taskId, ['op-8000-030', 'op-8000-031']);
    simulator.reassignTask(c!.taskId, ['op-8000-040', 'op-8000-031']);
    const summary = await pullUntilIdle(deps(simulator));
    expect(summary.cancels).toBe(1);
    expect(summary.flags).toBe(2);
    expect(sync.flags(INSPECTOR).map((flag) => [flag.taskId, flag.kind, flag.reason])).toEqual(
      expect.arrayContaining([
        [a!.taskId, 'cancelled', '报关单已撤销'],
        [b!.taskId, 'reassigned', '改派给 op-8000-030, op-8000-031 / reassigned to op-8000-030, op-8000-031'],
      ]),
    );
    expect(sync.flags('op-8000-040')).toEqual([]);
    expect(draftRows()).toEqual(drafts);
    expect(localTasks().get(a!.taskId)?.status).toBe('cancelled');
  });

  it('signs in again transparently when the token expires or is revoked mid-sync', async () => {
    const simulator = await start({ tokenTtlSeconds: 1 });
    await pullUntilIdle(deps(simulator));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const [a, b] = openTasks(simulator);
    simulator.touchTask(a!.taskId);
    const gatewayDeps = deps(simulator);
    await pullUntilIdle(gatewayDeps);
    // Same client: its token is revoked between two pulls, the next call gets 401 and signs in again.
    simulator.revokeTokens();
    simulator.touchTask(b!.taskId);
    const summary = await pullUntilIdle(gatewayDeps);
    expect(summary.upserts).toBeGreaterThanOrEqual(1);
    expectMirrors(simulator);
    expect(journalRows('auth').length).toBeGreaterThanOrEqual(3);
    expect(journalRows('changes').every((row) => row.outcome === 'ok')).toBe(true);
  });

  it('runs one pull at a time: a second call joins the running one', async () => {
    const simulator = await start();
    const pullDeps = deps(simulator);
    const first = pullUntilIdle(pullDeps);
    const second = pullUntilIdle(pullDeps);
    expect(second).toBe(first);
    const [one, two] = await Promise.all([first, second]);
    expect(two).toEqual(one);
    expect(journalRows('auth')).toHaveLength(1);
  });

  it('gets through a gateway that fails a third of its requests', async () => {
    const simulator = await start({ faults: 0.3 });
    const summary = await pullUntilIdle(deps(simulator, { retryBudgetMs: 30_000 }));
    expect(summary.pages).toBeGreaterThanOrEqual(8);
    expectMirrors(simulator);
    expect(journalRows('changes').filter((row) => row.outcome === 'retry').length).toBeGreaterThan(0);
  });

  it('gives up with the last failure once the retry budget is spent', async () => {
    const simulator = await start();
    const url = simulator.url;
    await simulator.close();
    sim = null;
    const started = Date.now();
    const pull = pullUntilIdle(deps({ url } as Simulator, { retryBudgetMs: 700, random: () => 0.5 }));
    await expect(pull).rejects.toMatchObject({ failure: { kind: 'transport' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
    expect(journalRows('changes').at(0)?.outcome).toBe('error');
    expect(journalRows('changes').some((row) => row.outcome === 'retry')).toBe(true);
  });
});
