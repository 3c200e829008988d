import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { taskFilterSchema, type TaskFilter } from '../../shared/contract/index.js';
import { openDatabase, sqliteHandle, type Database } from '../../electron/core/db/connection.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { buildTask } from '../fixtures/task-builder.js';
import { freshDatabaseFile } from '../fixtures/database-file.js';

/** Schema 5 (mode and agency in the list's order indexes) on a real file written at schema 4. */
const log = createLogger(nullSink);
const NOW = Date.parse('2026-12-04T08:00:00Z');
const slot = freshDatabaseFile();

const FILTERS: TaskFilter[] = [{}, { status: 'all' }, { mode: 'rail' }, { status: 'all', agency: 'quarantine' }, { status: 'assigned', mode: 'road' }];
const MODES = ['rail', 'river', 'road', 'air', 'sea'] as const;
const PRIORITIES = ['urgent', 'high', 'normal'] as const;
const STATUSES = ['pending', 'assigned', 'in_progress', 'held', 'released'] as const;

function pages(db: Database): string[][] {
  return FILTERS.flatMap((filter) =>
    [0, 7, 30].map((offset) => db.tasks.listPage({ filter: taskFilterSchema.parse(filter), offset, limit: 10, now: NOW }).map((row) => row.taskId)),
  );
}

function indexColumns(db: Database, index: string): string[] {
  return (sqliteHandle(db).prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index) as { name: string }[]).map((row) => row.name);
}

describe('migration 005 (list filters in the order indexes) on a real file', () => {
  it('upgrades a version-4 file: the same pages in the same order, a backup written, filter columns in the three indexes', () => {
    const v4 = openDatabase(slot.file, { log, migrations: migrations.slice(0, 4) });
    v4.tasks.upsertMany(
      Array.from({ length: 60 }, (_, i) => {
        const task = buildTask({ taskId: `JI-8000-2026-${String(i + 1).padStart(6, '0')}` });
        return {
          ...task,
          mode: MODES[i % MODES.length] ?? 'rail',
          status: STATUSES[i % STATUSES.length] ?? 'pending',
          inspection: {
            ...task.inspection,
            priority: PRIORITIES[i % PRIORITIES.length] ?? 'normal',
            agencies: i % 2 === 0 ? ['customs', 'quarantine'] : ['customs'],
            // Ties on the due time every few tasks: the order breaks them by rid.
            dueAt: new Date(NOW + (Math.floor(i / 4) - 5) * 3_600_000).toISOString(),
          },
        };
      }),
    );
    const before = pages(v4);
    v4.close();

    const db = openDatabase(slot.file, { log, migrations: migrations.slice(0, 5) });
    expect(sqliteHandle(db).pragma('user_version', { simple: true })).toBe(5);
    expect(fs.existsSync(`${slot.file}.v4.bak`)).toBe(true);
    expect(pages(db)).toEqual(before);
    expect(before.flat().length).toBeGreaterThan(50);
    expect(indexColumns(db, 'tasks_by_priority_due')).toEqual(['priority_rank', 'due_at', 'rid', 'mode', 'agency_mask']);
    expect(indexColumns(db, 'tasks_open_by_priority_due')).toEqual(['priority_rank', 'due_at', 'rid', 'mode', 'agency_mask']);
    expect(indexColumns(db, 'tasks_by_status_priority_due')).toEqual(['status', 'priority_rank', 'due_at', 'rid', 'mode', 'agency_mask']);
    const partial = sqliteHandle(db).prepare("SELECT sql FROM sqlite_schema WHERE name = 'tasks_open_by_priority_due'").pluck().get() as string;
    expect(partial).toContain("WHERE status IN ('pending','assigned','in_progress')");
    db.close();
  });
});
