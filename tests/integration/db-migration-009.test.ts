import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** Schema 9 (inspection drafts, one per task, kept verbatim) on a real file. */
const log = createLogger(nullSink);
let temp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  temp = makeTempDir();
  file = path.join(temp.dir, 'console.sqlite');
});
afterEach(() => temp.remove());

describe('migration 009 (inspection drafts) on a real file', () => {
  it('upgrades a version-8 file with a backup, and keeps one draft per task under a unique result id', () => {
    openDatabase(file, { log, migrations: migrations.slice(0, 8) }).close();
    const db = openDatabase(file, { log, migrations: migrations.slice(0, 9) });
    const handle = sqliteHandle(db);
    expect(handle.pragma('user_version', { simple: true })).toBe(9);
    expect(fs.existsSync(`${file}.v8.bak`)).toBe(true);
    const insert = handle.prepare("INSERT INTO inspection_drafts (task_id, result_id, draft, updated_at) VALUES (?, ?, '{}', '2026-12-07T08:00:00.000Z')");
    insert.run('JI-1', 'r-1');
    expect(() => insert.run('JI-1', 'r-2')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('JI-2', 'r-1')).toThrow(/UNIQUE/);
    db.close();
  });
});
