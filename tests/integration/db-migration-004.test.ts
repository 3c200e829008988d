import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { buildTask } from '../fixtures/task-builder.js';
import { freshDatabaseFile } from '../fixtures/database-file.js';

/** Schema 4 (the audit log) on a real file written at schema 3. */
const log = createLogger(nullSink);
const slot = freshDatabaseFile();

const row = (seq: number, hash = 'a'.repeat(64)) => [seq, '2026-12-04T08:00:00.000Z', 'admin', 'probe.a', null, '{}', '0'.repeat(64), hash];
const INSERT = 'INSERT INTO audit_log (seq, at, actor, action, task_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

describe('migration 004 (audit) on a real file', () => {
  it('upgrades a version-3 file: its data kept, a backup written, an empty audit log', () => {
    const v3 = openDatabase(slot.file, { log, migrations: migrations.slice(0, 3) });
    v3.tasks.upsertMany([buildTask({ taskId: 'JI-8000-2026-000001' })]);
    sqliteHandle(v3).prepare("INSERT INTO settings (key, value) VALUES ('gateway.url', 'https://gw.example.cn')").run();
    v3.close();

    const db = openDatabase(slot.file, { log, migrations: migrations.slice(0, 4) });
    expect(sqliteHandle(db).pragma('user_version', { simple: true })).toBe(4);
    expect(db.tasks.totalCount()).toBe(1);
    expect(sqliteHandle(db).prepare('SELECT value FROM settings').all()).toEqual([{ value: 'https://gw.example.cn' }]);
    expect(fs.existsSync(`${slot.file}.v3.bak`)).toBe(true);
    expect(sqliteHandle(db).prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses UPDATE, DELETE and INSERT OR REPLACE of an entry in SQLite itself, and takes new rows', () => {
    const db = openDatabase(slot.file, { log });
    sqliteHandle(db).prepare(INSERT).run(...row(1));
    expect(() => sqliteHandle(db).prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/audit_log is append-only/);
    expect(() => sqliteHandle(db).prepare('DELETE FROM audit_log').run()).toThrow(/audit_log is append-only/);
    expect(() => sqliteHandle(db).prepare('INSERT OR REPLACE INTO audit_log (seq, at, actor, action, task_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(...row(1))).toThrow(/audit_log is append-only/);
    sqliteHandle(db).prepare(INSERT).run(...row(2));
    expect(sqliteHandle(db).prepare('SELECT seq, actor FROM audit_log ORDER BY id').all()).toEqual([
      { seq: 1, actor: 'admin' },
      { seq: 2, actor: 'admin' },
    ]);
    db.close();
  });

  it('keeps seq unique and positive, hashes 64 characters long', () => {
    const db = openDatabase(slot.file, { log });
    sqliteHandle(db).prepare(INSERT).run(...row(1));
    expect(() => sqliteHandle(db).prepare(INSERT).run(...row(1))).toThrow(/audit_log is append-only/);
    expect(() => sqliteHandle(db).prepare(INSERT).run(...row(0))).toThrow(/CHECK/);
    expect(() => sqliteHandle(db).prepare(INSERT).run(...row(3, 'abc'))).toThrow(/CHECK/);
    db.close();
  });

  it("finds one task's entries by index", () => {
    const db = openDatabase(slot.file, { log });
    const plan = sqliteHandle(db).prepare("EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE task_id = 'JI-1' ORDER BY seq").all() as { detail: string }[];
    expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING INDEX audit_log_by_task/);
    db.close();
  });
});
