import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { migration001 } from '../../electron/core/db/migrations/001-tasks.js';
import { migration002 } from '../../electron/core/db/migrations/002-sync.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { buildTask } from '../fixtures/task-builder.js';
import { freshDatabaseFile } from '../fixtures/database-file.js';

const log = createLogger(nullSink);
const slot = freshDatabaseFile();

describe('migration 002 (sync) on a real file', () => {
  it('upgrades a version-1 file holding tasks: tasks kept, backup written, sync tables ready', () => {
    const v1 = openDatabase(slot.file, { log, migrations: [migration001] });
    v1.tasks.upsertMany([buildTask({ taskId: 'JI-8000-2026-000001' }), buildTask({ taskId: 'JI-8000-2026-000002' })]);
    v1.close();

    const db = openDatabase(slot.file, { log, migrations: [migration001, migration002] });
    expect(sqliteHandle(db).pragma('user_version', { simple: true })).toBe(2);
    expect(db.tasks.totalCount()).toBe(2);
    expect(fs.existsSync(`${slot.file}.v1.bak`)).toBe(true);
    expect(sqliteHandle(db).prepare('SELECT id, cursor, cursor_gateway, caught_up FROM sync_state').all()).toEqual([
      { id: 1, cursor: null, cursor_gateway: null, caught_up: 0 },
    ]);
    db.close();
  });

  it('holds one sync_state row only', () => {
    const db = openDatabase(slot.file, { log, migrations: [migration001, migration002] });
    expect(() => sqliteHandle(db).prepare('INSERT INTO sync_state (id) VALUES (2)').run()).toThrow(/CHECK constraint/);
    db.close();
  });

  it('refuses a submitted result without its outcome, and an outbox row without its result', () => {
    const db = openDatabase(slot.file, { log, migrations: [migration001, migration002] });
    const insert = sqliteHandle(db).prepare(
      `INSERT INTO results (result_id, task_id, base_version, state, outcome, disposition, started_at, completed_at,
         created_by, created_at, updated_at, app_version)
       VALUES (?, 'JI-1', 1, ?, ?, ?, ?, ?, 'op-8000-001', 'now', 'now', '0.1.0')`,
    );
    expect(() => insert.run('r-1', 'queued', null, null, null, null)).toThrow(/CHECK constraint/);
    expect(() => insert.run('r-2', 'draft', null, null, null, null)).not.toThrow();
    expect(() => insert.run('r-3', 'queued', 'conform', 'release', 't0', 't1')).not.toThrow();
    expect(() => sqliteHandle(db).prepare("INSERT INTO outbox (result_id, enqueued_at) VALUES ('nope', 'now')").run()).toThrow(/FOREIGN KEY/);
    expect(() => sqliteHandle(db).prepare("INSERT INTO attachments VALUES ('abc', 1, 'image/jpeg', 'now', NULL)").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
