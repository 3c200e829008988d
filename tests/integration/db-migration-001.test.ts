import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { migration001 } from '../../electron/core/db/migrations/001-tasks.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let db: Database;

beforeEach(() => {
  temp = makeTempDir();
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log: createLogger(nullSink), migrations: [migration001] });
});
afterEach(() => {
  db.close();
  temp.remove();
});

const names = (type: string): string[] =>
  (sqliteHandle(db).prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').pluck().all(type) as string[]).filter(
    (name) => !name.startsWith('sqlite_') && !/_(data|idx|content|docsize|config)$/.test(name),
  );

describe('migration 001 (tasks) on a real file', () => {
  it('sets user_version 1 and creates the normalized task tables and both search indexes', () => {
    expect(sqliteHandle(db).pragma('user_version', { simple: true })).toBe(1);
    expect(names('table')).toEqual([
      'task_assignments',
      'task_cancellations',
      'task_cjk',
      'task_containers',
      'task_goods',
      'task_risk_reasons',
      'task_seals',
      'task_search_text',
      'task_text',
      'tasks',
    ]);
    expect(names('index')).toEqual([
      'task_assignments_by_operator',
      'task_containers_by_no',
      'tasks_by_cargo',
      'tasks_by_declaration',
      'tasks_by_priority_due',
      'tasks_by_status_priority_due',
      'tasks_by_uscc',
      'tasks_open_by_priority_due',
    ]);
  });

  it('rejects values outside the contract at the table itself', () => {
    const insert = (mode: string, status: string) => () =>
      sqliteHandle(db)
        .prepare(
          `INSERT INTO tasks (task_id, version, port_code, declaration_no, bill_of_lading, mode, consignee_name, consignee_uscc,
            credit_grade, credit_as_of, priority_rank, status, due_at, agency_mask, type_mask, area, lon, lat, checklist_id,
            cargo_id, updated_at, goods_summary)
           VALUES ('x', 1, '8000', '1', '', ?, '', '', 'regular', '', 0, ?, 0, 1, 1, '', 0, 0, '', '', '', '')`,
        )
        .run(mode, status);
    expect(insert('teleport', 'pending')).toThrow(/CHECK constraint/);
    expect(insert('rail', 'lost')).toThrow(/CHECK constraint/);
    expect(insert('rail', 'pending')).not.toThrow();
  });

  it('keeps child rows tied to their task: deleting a task cascades, orphans are refused', () => {
    db.tasks.upsertMany([buildTask({ taskId: 'JI-8000-2026-000001' })]);
    const count = (table: string) => sqliteHandle(db).prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect(count('task_containers')).toBe(1);
    expect(count('task_seals')).toBe(1);
    expect(() => sqliteHandle(db).prepare("INSERT INTO task_goods VALUES (999, 1, '', '', 1, '', '', 1, '')").run()).toThrow(/FOREIGN KEY/);
    sqliteHandle(db).prepare('DELETE FROM tasks').run();
    for (const table of ['task_containers', 'task_seals', 'task_goods', 'task_assignments', 'task_risk_reasons', 'task_search_text']) {
      expect(count(table)).toBe(0);
    }
    // The search indexes follow by trigger: nothing is found for the deleted task.
    expect(sqliteHandle(db).prepare(`SELECT count(*) FROM task_text WHERE task_text MATCH '"csqu305"'`).pluck().get()).toBe(0);
    expect(sqliteHandle(db).prepare(`SELECT count(*) FROM task_cjk WHERE task_cjk MATCH '"牛肉"'`).pluck().get()).toBe(0);
  });
});
