import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { freshDatabaseFile } from '../fixtures/database-file.js';

/** Schema 9 (inspection drafts, one per task, kept verbatim) on a real file. */
const log = createLogger(nullSink);
const slot = freshDatabaseFile();

describe('migration 009 (inspection drafts) on a real file', () => {
  it('upgrades a version-8 file with a backup, and keeps one draft per task under a unique result id', () => {
    openDatabase(slot.file, { log, migrations: migrations.slice(0, 8) }).close();
    const db = openDatabase(slot.file, { log, migrations: migrations.slice(0, 9) });
    const handle = sqliteHandle(db);
    expect(handle.pragma('user_version', { simple: true })).toBe(9);
    expect(fs.existsSync(`${slot.file}.v8.bak`)).toBe(true);
    const insert = handle.prepare("INSERT INTO inspection_drafts (task_id, result_id, draft, updated_at) VALUES (?, ?, '{}', '2026-12-07T08:00:00.000Z')");
    insert.run('JI-1', 'r-1');
    expect(() => insert.run('JI-1', 'r-2')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('JI-2', 'r-1')).toThrow(/UNIQUE/);
    db.close();
  });
});
