import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, sqliteHandle, type Database } from '../../electron/core/db/connection.js';
import { MAX_TASK_VERSIONS } from '../../electron/core/db/migrations/007-task-versions.js';
import { LATEST_SCHEMA_VERSION, migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** Schema 7 (earlier versions of a task) on a real file: what the cache keeps when the feed brings a newer version. */
const log = createLogger(nullSink);
const NOW = Date.parse('2026-11-25T08:00:00Z');
const TASK = 'JI-8000-2026-000007';
let temp: ReturnType<typeof makeTempDir>;
let file: string;
let db: Database;
beforeEach(() => {
  temp = makeTempDir();
  file = path.join(temp.dir, 'console.sqlite');
});
afterEach(() => {
  db.close();
  temp.remove();
});

const historyOf = (taskId: string) => db.tasks.get(taskId, NOW)?.history;
const versionCount = (): unknown => sqliteHandle(db).prepare('SELECT count(*) AS n FROM task_versions').pluck().get();

describe('migration 007 (task versions) on a real file', () => {
  it('upgrades a version-6 file: its tasks kept with no history, a backup written, later versions then recorded', () => {
    const v6 = openDatabase(file, { log, migrations: migrations.slice(0, 6) });
    v6.tasks.upsertMany([buildTask({ taskId: TASK, version: 3 })]);
    v6.close();

    // Up to the latest schema: the writer also fills tables of later migrations.
    db = openDatabase(file, { log });
    expect(sqliteHandle(db).pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(fs.existsSync(`${file}.v6.bak`)).toBe(true);
    expect(historyOf(TASK)).toEqual([]);
    db.tasks.upsertMany([buildTask({ taskId: TASK, version: 4 })]);
    expect(historyOf(TASK)?.map((entry) => entry.version)).toEqual([3]);
  });
});

describe('task version history', () => {
  beforeEach(() => {
    db = openDatabase(file, { log });
  });

  it('keeps nothing on a task’s first arrival', () => {
    db.tasks.upsertMany([buildTask({ taskId: TASK }), buildTask({ taskId: 'JI-8000-2026-000008' })]);
    expect(historyOf(TASK)).toEqual([]);
    expect(versionCount()).toBe(0);
  });

  it('keeps the version a newer one replaces: status, priority, due time, officers and when the change arrived', () => {
    const before = Date.now();
    db.tasks.upsertMany([
      buildTask(
        { taskId: TASK, version: 2, status: 'assigned', assignedTo: ['CQ-OP-0002', 'CQ-OP-0001'], updatedAt: '2026-11-20T08:00:00Z' },
        { priority: 'high', dueAt: '2026-11-25T12:00:00Z' },
      ),
    ]);
    db.tasks.upsertMany([
      buildTask(
        { taskId: TASK, version: 5, status: 'in_progress', assignedTo: ['CQ-OP-0003'], updatedAt: '2026-11-21T09:30:00Z' },
        { priority: 'urgent', dueAt: '2026-11-24T18:00:00Z' },
      ),
    ]);

    const detail = db.tasks.get(TASK, NOW);
    expect(detail).toMatchObject({ version: 5, status: 'in_progress', assignedTo: ['CQ-OP-0003'] });
    expect(detail?.history).toEqual([
      {
        version: 2,
        status: 'assigned',
        priority: 'high',
        dueAt: '2026-11-25T12:00:00.000Z',
        assignedTo: ['CQ-OP-0001', 'CQ-OP-0002'],
        updatedAt: '2026-11-20T08:00:00Z',
        supersededAt: expect.any(String) as unknown,
      },
    ]);
    const supersededAt = Date.parse(detail?.history[0]?.supersededAt ?? '');
    expect(supersededAt).toBeGreaterThanOrEqual(before - 1000);
    expect(supersededAt).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('keeps nothing for a redelivered or older version (a no-op)', () => {
    db.tasks.upsertMany([buildTask({ taskId: TASK, version: 4 })]);
    db.tasks.upsertMany([buildTask({ taskId: TASK, version: 5, status: 'assigned' })]);
    expect(db.tasks.upsertMany([buildTask({ taskId: TASK, version: 5, status: 'held' }), buildTask({ taskId: TASK, version: 3 })])).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 2,
    });
    expect(historyOf(TASK)?.map((entry) => entry.version)).toEqual([4]);
  });

  it('keeps the version a cancel replaces', () => {
    db.tasks.upsertMany([buildTask({ taskId: TASK, version: 2, status: 'assigned', assignedTo: ['CQ-OP-0001'] })]);
    sqliteHandle(db).transaction(() => db.tasks.cancelOne({ taskId: TASK, version: 3, reason: 'withdrawn' }))();
    expect(db.tasks.get(TASK, NOW)).toMatchObject({ status: 'cancelled', version: 3 });
    expect(historyOf(TASK)).toMatchObject([{ version: 2, status: 'assigned', assignedTo: ['CQ-OP-0001'] }]);
  });

  it(`keeps the last ${MAX_TASK_VERSIONS} earlier versions of a task, newest first`, () => {
    const last = MAX_TASK_VERSIONS + 6;
    for (let version = 1; version <= last; version++) {
      db.tasks.upsertMany([buildTask({ taskId: TASK, version, assignedTo: [`CQ-OP-${String(version).padStart(4, '0')}`] })]);
    }
    const history = historyOf(TASK) ?? [];
    expect(history.map((entry) => entry.version)).toEqual(Array.from({ length: MAX_TASK_VERSIONS }, (_, i) => last - 1 - i));
    expect(history.at(-1)?.assignedTo).toEqual([`CQ-OP-${String(last - MAX_TASK_VERSIONS).padStart(4, '0')}`]);
    // The officers of dropped versions went with them.
    expect(sqliteHandle(db).prepare('SELECT count(*) FROM task_version_assignees').pluck().get()).toBe(MAX_TASK_VERSIONS);
  });

  it('forgets the history with the tasks when the cache is emptied', () => {
    db.tasks.upsertMany([buildTask({ taskId: TASK, version: 1, assignedTo: ['CQ-OP-0001'] })]);
    db.tasks.upsertMany([buildTask({ taskId: TASK, version: 2 })]);
    expect(versionCount()).toBe(1);
    db.tasks.forgetAll();
    expect(versionCount()).toBe(0);
    expect(sqliteHandle(db).prepare('SELECT count(*) FROM task_version_assignees').pluck().get()).toBe(0);
  });
});
