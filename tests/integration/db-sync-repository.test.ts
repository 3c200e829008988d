import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { SyncRepository } from '../../electron/core/db/sync-repository.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import type { ChangesPage, GatewayTask } from '../../shared/contract/index.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { buildTask } from '../fixtures/task-builder.js';

const log = createLogger(nullSink);
const AT = '2026-11-20T08:00:00.000Z';
let temp: ReturnType<typeof makeTempDir>;
let db: Database;
let sync: SyncRepository;

beforeEach(() => {
  temp = makeTempDir();
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log });
  sync = new SyncRepository(sqliteHandle(db), db.tasks);
});
afterEach(() => {
  db.close();
  temp.remove();
});

function page(changes: ChangesPage['changes'], nextCursor = 'c1', hasMore = false): ChangesPage {
  return { changes, nextCursor, hasMore };
}
const upsert = (task: GatewayTask) => ({ op: 'upsert' as const, task });
const cancel = (taskId: string, version: number, reason = 'declaration withdrawn') => ({ op: 'cancel' as const, taskId, version, reason });

function draft(resultId: string, taskId: string, createdBy: string, state = 'draft'): void {
  const complete = state === 'draft' ? {} : { outcome: 'conform', disposition: 'release', started_at: AT, completed_at: AT };
  const row = { result_id: resultId, task_id: taskId, base_version: 1, state, created_by: createdBy, created_at: AT, updated_at: AT, app_version: 'test', ...complete };
  const columns = Object.keys(row);
  sqliteHandle(db).prepare(`INSERT INTO results (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
}
const resultIds = () => sqliteHandle(db).prepare('SELECT result_id FROM results ORDER BY result_id').pluck().all();
const row = (taskId: string) => sqliteHandle(db).prepare('SELECT status, version FROM tasks WHERE task_id = ?').get(taskId);

describe('sync repository: applying a page of changes', () => {
  it('stores the page, its cursor and caught_up together', () => {
    const applied = sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1' })), upsert(buildTask({ taskId: 'T-2' }))], 'c1', true), AT);
    expect(applied).toMatchObject({ upserts: 2, cancels: 0, unchanged: 0, flags: 0, changedTaskIds: ['T-1', 'T-2'] });
    expect(sync.state()).toMatchObject({ cursor: 'c1', caughtUp: false, lastPullAt: AT, lastSuccessAt: AT });
    sync.applyChangesPage(page([], 'c2', false), AT);
    expect(sync.state()).toMatchObject({ cursor: 'c2', caughtUp: true });
  });

  it('commits nothing of a page that fails halfway, cursor included', () => {
    sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1' }))], 'c1'), AT);
    // An empty agency list breaks a CHECK constraint: the second change throws inside the transaction.
    const broken = buildTask({ taskId: 'T-3' }, { agencies: [] });
    expect(() => sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-2' })), upsert(broken)], 'c2'), AT)).toThrow();
    expect(db.tasks.totalCount()).toBe(1);
    expect(sync.state().cursor).toBe('c1');
  });

  it('treats redelivered and stale changes as no-ops', () => {
    sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1', version: 3, status: 'assigned' }))]), AT);
    const applied = sync.applyChangesPage(
      page([upsert(buildTask({ taskId: 'T-1', version: 3, status: 'held' })), upsert(buildTask({ taskId: 'T-1', version: 2, status: 'released' })), cancel('T-1', 3)]),
      AT,
    );
    expect(applied).toMatchObject({ upserts: 0, cancels: 0, unchanged: 3, changedTaskIds: [] });
    expect(row('T-1')).toEqual({ status: 'assigned', version: 3 });
  });

  it('cancels a cached task at the newer version and stores nothing for a task never seen', () => {
    sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1', version: 2 }))]), AT);
    const applied = sync.applyChangesPage(page([cancel('T-1', 3), cancel('T-404', 9)]), AT);
    expect(applied).toMatchObject({ cancels: 1, unchanged: 1, changedTaskIds: ['T-1'] });
    expect(row('T-1')).toEqual({ status: 'cancelled', version: 3 });
    expect(row('T-404')).toBeUndefined();
    // An older upsert redelivered after the cancel does not bring the task back.
    sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1', version: 2, status: 'assigned' }))]), AT);
    expect(row('T-1')).toEqual({ status: 'cancelled', version: 3 });
  });
});

describe('sync repository: flags on work that lost its task', () => {
  it('flags the owner of a draft when the task is cancelled, and keeps the draft', () => {
    sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1', assignedTo: ['op-a'], status: 'assigned' }))]), AT);
    draft('r-1', 'T-1', 'op-a');
    const applied = sync.applyChangesPage(page([cancel('T-1', 2, 'declaration withdrawn')]), AT);
    expect(applied.flags).toBe(1);
    expect(sync.flags('op-a')).toEqual([{ taskId: 'T-1', operatorId: 'op-a', kind: 'cancelled', reason: 'declaration withdrawn', at: AT, acknowledged: false }]);
    expect(resultIds()).toEqual(['r-1']);
  });

  it('flags an owner of undelivered work who is no longer assigned; delivered and withdrawn results do not count', () => {
    sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1', assignedTo: ['op-a', 'op-b', 'op-c'], status: 'assigned' }))]), AT);
    draft('r-a', 'T-1', 'op-a');
    draft('r-b', 'T-1', 'op-b', 'queued');
    draft('r-c', 'T-1', 'op-c', 'delivered');
    const applied = sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1', version: 2, assignedTo: ['op-d'], status: 'assigned' }))]), AT);
    expect(applied.flags).toBe(2);
    expect(sync.flags().map((flag) => [flag.operatorId, flag.kind, flag.reason])).toEqual([
      ['op-a', 'reassigned', '改派给 op-d / reassigned to op-d'],
      ['op-b', 'reassigned', '改派给 op-d / reassigned to op-d'],
    ]);
    expect(resultIds()).toEqual(['r-a', 'r-b', 'r-c']);
  });

  it('raises no flag for a new version that leaves the owner assigned', () => {
    sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1', assignedTo: ['op-a'], status: 'assigned' }))]), AT);
    draft('r-a', 'T-1', 'op-a');
    sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1', version: 2, assignedTo: ['op-a', 'op-b'], status: 'in_progress' }))]), AT);
    expect(sync.flags()).toEqual([]);
  });

  it('raises an acknowledged flag again on a new event, not on a redelivery', () => {
    sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1', assignedTo: ['op-a'], status: 'assigned' }))]), AT);
    draft('r-a', 'T-1', 'op-a');
    const away = upsert(buildTask({ taskId: 'T-1', version: 2, assignedTo: ['op-b'], status: 'assigned' }));
    sync.applyChangesPage(page([away]), AT);
    expect(sync.acknowledgeFlag('T-1', 'reassigned', 'op-a')).toBe(1);
    expect(sync.flags('op-a')).toEqual([]);
    sync.applyChangesPage(page([away]), AT); // redelivered
    expect(sync.flags('op-a')).toEqual([]);
    sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1', version: 3, assignedTo: ['op-a'], status: 'assigned' }))]), AT);
    sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1', version: 4, assignedTo: ['op-c'], status: 'assigned' }))]), '2026-11-21T08:00:00.000Z');
    expect(sync.flags('op-a')).toMatchObject([{ kind: 'reassigned', reason: '改派给 op-c / reassigned to op-c', acknowledged: false }]);
  });

  it('flags a draft on a task the cache never held when its cancel arrives, once', () => {
    draft('r-a', 'T-9', 'op-a');
    expect(sync.applyChangesPage(page([cancel('T-9', 5)]), AT).flags).toBe(1);
    expect(sync.acknowledgeFlag('T-9', 'cancelled')).toBe(1);
    expect(sync.applyChangesPage(page([cancel('T-9', 5)]), AT).flags).toBe(0);
    expect(sync.flags()).toEqual([]);
  });
});

describe('sync repository: the gateway a cursor belongs to', () => {
  it('keeps the cursor for the same gateway and drops it for another, with the tasks when asked', () => {
    expect(sync.bindCursor('https://gw-a.example')).toBe(true);
    sync.applyChangesPage(page([upsert(buildTask({ taskId: 'T-1', assignedTo: ['op-a'] }))], 'c1'), AT);
    draft('r-a', 'T-1', 'op-a');
    expect(sync.bindCursor('https://gw-a.example')).toBe(false);
    expect(sync.state().cursor).toBe('c1');

    expect(sync.bindCursor('https://gw-b.example')).toBe(true);
    expect(sync.state()).toMatchObject({ cursor: null, caughtUp: false });
    expect(db.tasks.totalCount()).toBe(1);

    sync.applyChangesPage(page([], 'c2'), AT);
    expect(sync.bindCursor('training run 2', { forgetTasks: true })).toBe(true);
    expect(sync.state().cursor).toBeNull();
    expect(db.tasks.totalCount()).toBe(0);
    expect(sqliteHandle(db).prepare('SELECT count(*) FROM task_text').pluck().get()).toBe(0);
    expect(resultIds()).toEqual(['r-a']);
  });
});

describe('sync repository: journal', () => {
  const entry = (call: string, outcome: 'ok' | 'retry' | 'error', detail = '') => ({ at: AT, call, outcome, status: outcome === 'ok' ? 200 : null, durationMs: 5, detail });

  it('answers newest first with filters by outcome, call substring and id', () => {
    sync.appendJournal(entry('GET /v1/tasks/changes', 'ok', 'page 1'));
    sync.appendJournal(entry('POST /v1/tasks/{taskId}/results', 'retry'));
    sync.appendJournal(entry('GET /v1/tasks/changes', 'error'));
    const last = sync.appendJournal(entry('GET /v1/tasks/changes', 'ok', 'page 2'));
    expect(sync.journal({ limit: 10 }).map((item) => item.id)).toEqual([last, last - 1, last - 2, last - 3]);
    expect(sync.journal({ limit: 10, outcome: 'ok' }).map((item) => item.detail)).toEqual(['page 2', 'page 1']);
    expect(sync.journal({ limit: 10, call: 'RESULTS' })).toHaveLength(1);
    expect(sync.journal({ limit: 10, call: 'changes', beforeId: last }).map((item) => item.outcome)).toEqual(['error', 'ok']);
    expect(sync.journal({ limit: 1 })[0]).toEqual({ id: last, at: AT, call: 'GET /v1/tasks/changes', outcome: 'ok', status: 200, durationMs: 5, detail: 'page 2', message: null });
  });

  it('keeps only the newest rows', () => {
    for (let index = 0; index < 30; index++) sync.appendJournal(entry('GET /v1/tasks/changes', 'ok', `n${index}`), 10);
    const rows = sync.journal({ limit: 100 });
    expect(rows).toHaveLength(10);
    expect(rows[0]?.detail).toBe('n29');
    expect(rows.at(-1)?.detail).toBe('n20');
  });
});
