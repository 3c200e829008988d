import { describe, expect, it } from 'vitest';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { kpiQueries } from '../../electron/core/db/kpi-queries.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { kpiSummary } from '../../electron/core/kpi/kpi-summary.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { freshDatabaseFile } from '../fixtures/database-file.js';
import { buildTask } from '../fixtures/task-builder.js';

/** Schema 15 (the KPIs' times, day cells and officer rows) on a real file: the backfill of a cache made before it. */
const log = createLogger(nullSink);
const slot = freshDatabaseFile();
const NOW = Date.parse('2026-11-25T08:00:00Z');

describe('migration 015 (KPIs) on a real file', () => {
  it('backfills the tasks cached before it: created at the oldest kept version, finished and decided at the cached one', () => {
    const old = openDatabase(slot.file, { log, migrations: migrations.slice(0, 14) });
    old.tasks.upsertMany([
      buildTask({ taskId: 'JI-8000-2026-000001', version: 1, status: 'pending', updatedAt: '2026-11-20T00:00:00Z' }),
      buildTask({ taskId: 'JI-8000-2026-000002', version: 4, status: 'held', updatedAt: '2026-11-22T00:00:00Z', assignedTo: ['op-a'] }),
      buildTask({ taskId: 'JI-8000-2026-000003', version: 1, status: 'assigned', updatedAt: '2026-11-19T00:00:00Z', assignedTo: ['op-b'] }, { dueAt: '2026-11-21T00:00:00Z' }),
    ]);
    old.tasks.upsertMany([buildTask({ taskId: 'JI-8000-2026-000001', version: 2, status: 'released', updatedAt: '2026-11-21T12:00:00Z', assignedTo: ['op-a', 'op-b'] })]);
    old.close();

    const db = openDatabase(slot.file, { log });
    expect(sqliteHandle(db).pragma('user_version', { simple: true })).toBe(15);
    const kpi = kpiSummary(kpiQueries(db), { from: '2026-11-20', to: '2026-11-25' }, NOW);
    // Task 1: version 1 kept by migration 007 dates its creation, so its clearance (36 h) is exact; task 2 was first seen held.
    expect(kpi.totals).toEqual({ inspections: 2, released: 1, held: 1, overdue: 1, holdRate: 0.5, clearance: { count: 1, medianHours: 36, p90Hours: 36, approximate: 0 } });
    expect(kpi.byDay.find((day) => day.day === '2026-11-21')).toMatchObject({ inspections: 1, released: 1, overdue: 1 });
    expect(kpiQueries(db).officers({ fromMs: Date.parse('2026-11-19T16:00:00Z'), toMs: Date.parse('2026-11-25T16:00:00Z') })).toEqual([
      { operatorId: 'op-a', inspections: 2, released: 1, held: 1 },
      { operatorId: 'op-b', inspections: 1, released: 1, held: 0 },
    ]);
    db.close();
  });
});
