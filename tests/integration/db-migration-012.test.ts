import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { freshDatabaseFile } from '../fixtures/database-file.js';
import { buildTask } from '../fixtures/task-builder.js';

/** Schema 12 (earlier versions of a task kept whole) on a real file. */
const log = createLogger(nullSink);
const slot = freshDatabaseFile();
const TASK = 'JI-8000-2026-000012';

const twoContainers = buildTask({
  taskId: TASK,
  version: 2,
  status: 'assigned',
  assignedTo: ['CQ-OP-0002', 'CQ-OP-0001'],
  containers: [
    { containerNo: 'CSQU3054383', sizeType: '45G1', sealNos: ['CQ000002', 'CQ000001'] },
    { containerNo: 'MSCU1234566', sizeType: '22G1', sealNos: [] },
  ],
});

describe('migration 012 (task versions kept whole) on a real file', () => {
  it('upgrades a version-11 file with a backup: its tasks and kept versions stay, an old version says its detail was not kept', () => {
    const old = openDatabase(slot.file, { log, migrations: migrations.slice(0, 11) });
    old.tasks.upsertMany([buildTask({ taskId: TASK, version: 1, assignedTo: ['CQ-OP-0001'] })]);
    old.tasks.upsertMany([twoContainers]);
    old.close();

    const db = openDatabase(slot.file, { log, migrations: migrations.slice(0, 12) });
    expect(sqliteHandle(db).pragma('user_version', { simple: true })).toBe(12);
    expect(fs.existsSync(`${slot.file}.v11.bak`)).toBe(true);
    expect(db.tasks.get(TASK, Date.now())).toMatchObject({ version: 2, containers: twoContainers.containers });
    expect(db.taskHistory.version(TASK, 1)).toMatchObject({ version: 1, status: 'pending', assignedTo: ['CQ-OP-0001'], detail: null });

    // The next change is kept whole: inspection, checklist, containers in order with their seals, goods lines.
    db.tasks.upsertMany([buildTask({ taskId: TASK, version: 3, containers: [] }, { types: ['document'], checklistId: 'CL-DOC' })]);
    expect(db.taskHistory.version(TASK, 2)).toEqual({
      version: 2,
      status: 'assigned',
      priority: 'normal',
      dueAt: '2026-11-25T12:00:00.000Z',
      assignedTo: ['CQ-OP-0001', 'CQ-OP-0002'],
      updatedAt: twoContainers.updatedAt,
      supersededAt: expect.any(String) as unknown,
      detail: {
        types: ['open_container'],
        agencies: ['customs', 'quarantine'],
        checklistId: 'CL-OPEN',
        containers: twoContainers.containers,
        goods: twoContainers.goods,
      },
    });
    expect(db.tasks.get(TASK, Date.now())?.history.map((entry) => entry.version)).toEqual([2, 1]);
    db.close();
  });

  it('keeps the version a cancel replaces whole, keeps nothing on a first arrival, and answers null for a version it does not hold', () => {
    const db = openDatabase(slot.file, { log });
    db.tasks.upsertMany([twoContainers]);
    expect(sqliteHandle(db).prepare('SELECT count(*) FROM task_versions').pluck().get()).toBe(0);
    sqliteHandle(db).transaction(() => db.tasks.cancelOne({ taskId: TASK, version: 3, reason: 'withdrawn' }))();
    expect(db.taskHistory.version(TASK, 2)?.detail?.containers).toEqual(twoContainers.containers);
    expect(db.taskHistory.version(TASK, 3)).toBeNull();
    expect(db.taskHistory.version('JI-8000-2026-999999', 2)).toBeNull();
    db.close();
  });

  it('reads a kept document that no longer parses (edited by hand) as not kept, and the file refuses one that is not JSON', () => {
    const db = openDatabase(slot.file, { log });
    db.tasks.upsertMany([twoContainers, { ...twoContainers, version: 3 }]);
    const handle = sqliteHandle(db);
    handle.prepare(`UPDATE task_versions SET cargo = '{"containers":[{"containerNo":1}],"goods":[]}'`).run();
    expect(db.taskHistory.version(TASK, 2)).toMatchObject({ version: 2, status: 'assigned', detail: null });
    expect(() => handle.prepare(`UPDATE task_versions SET cargo = '{not json'`).run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
