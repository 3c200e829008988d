import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PriorInspection } from '../../shared/contract/gateway-task.js';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { buildTask } from '../fixtures/task-builder.js';
import { freshDatabaseFile } from '../fixtures/database-file.js';

/** Schema 8 (reference data, prior inspections, a result's countersignature) on a real file. */
const log = createLogger(nullSink);
const NOW = Date.parse('2026-12-04T08:00:00Z');
const slot = freshDatabaseFile();

const airport: PriorInspection = {
  portCode: '8000',
  siteId: 'CKG-AIRPORT',
  at: '2026-11-20T03:00:00Z',
  resultId: 'b3a8e0de-1f0b-4c5e-9d43-2a1f7f0c9a11',
  outcome: 'conform',
  disposition: 'release',
  agencies: ['customs', 'quarantine'],
};
const border: PriorInspection = { ...airport, siteId: 'ALASHANKOU', at: '2026-11-18T10:00:00Z', resultId: 'r-border-1', agencies: ['border'] };

describe('migration 008 (reference data and prior inspections) on a real file', () => {
  it('upgrades a version-7 file: its tasks kept with no prior inspections, a backup written', () => {
    const v7 = openDatabase(slot.file, { log, migrations: migrations.slice(0, 7) });
    v7.tasks.upsertMany([buildTask({ taskId: 'JI-8000-2026-000001' })]);
    v7.close();

    const db = openDatabase(slot.file, { log, migrations: migrations.slice(0, 8) });
    expect(sqliteHandle(db).pragma('user_version', { simple: true })).toBe(8);
    expect(fs.existsSync(`${slot.file}.v7.bak`)).toBe(true);
    expect(db.tasks.get('JI-8000-2026-000001', NOW)?.priorInspections).toEqual([]);
    db.close();
  });

  it("stores a task's prior inspections oldest first, replaces them when the task changes and drops them with it", () => {
    const db = openDatabase(slot.file, { log });
    db.tasks.upsertMany([buildTask({ taskId: 'T1', priorInspections: [airport, border] })]);
    expect(db.tasks.get('T1', NOW)?.priorInspections).toEqual([border, airport]);

    db.tasks.upsertMany([buildTask({ taskId: 'T1', version: 2, priorInspections: [airport] })]);
    expect(db.tasks.get('T1', NOW)?.priorInspections).toEqual([airport]);
    db.tasks.upsertMany([buildTask({ taskId: 'T1', version: 3 })]);
    expect(db.tasks.get('T1', NOW)?.priorInspections).toEqual([]);

    db.tasks.upsertMany([buildTask({ taskId: 'T1', version: 4, priorInspections: [airport] })]);
    db.tasks.forgetAll();
    expect(sqliteHandle(db).prepare('SELECT count(*) AS n FROM task_prior_inspections').get()).toEqual({ n: 0 });
    db.close();
  });
});
