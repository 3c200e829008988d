import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { SyncJournal } from '../../electron/core/sync/journal.js';
import { freshDatabaseFile } from '../fixtures/database-file.js';

/** Schema 11 (the sync journal's messages, put in words by the renderer) on a real file. */
const log = createLogger(nullSink);
const slot = freshDatabaseFile();
const AT = '2026-11-21T08:00:00.000Z';

describe('migration 011 (journal messages) on a real file', () => {
  it('upgrades a version-10 file with a backup: an old English row stays as written, new rows carry a message', () => {
    const old = openDatabase(slot.file, { log, migrations: migrations.slice(0, 10) });
    sqliteHandle(old)
      .prepare('INSERT INTO sync_journal (at, call, outcome, status, duration_ms, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(AT, 'GET /v1/reference', 'ok', 304, 12, 'reference data unchanged (version 2026.11)');
    old.close();

    const db = openDatabase(slot.file, { log, migrations: migrations.slice(0, 11) });
    expect(sqliteHandle(db).pragma('user_version', { simple: true })).toBe(11);
    expect(fs.existsSync(`${slot.file}.v10.bak`)).toBe(true);
    new SyncJournal(db.sync, log, () => Date.parse(AT) + 1000).record({
      call: 'GET /v1/reference',
      outcome: 'ok',
      status: 304,
      durationMs: 9,
      message: { key: 'reference.unchanged', params: { version: '2026.11' } },
    });
    const [keyed, written] = db.sync.journal({ limit: 10 });
    expect(written).toMatchObject({ detail: 'reference data unchanged (version 2026.11)', message: null, durationMs: 12 });
    expect(keyed).toMatchObject({ detail: '', message: { key: 'reference.unchanged', params: { version: '2026.11' } }, durationMs: 9 });
    db.close();
  });

  it('shows a message that no longer reads as one of the catalog (edited by hand) as its raw text, not a failed page', () => {
    const db = openDatabase(slot.file, { log });
    const insert = sqliteHandle(db).prepare("INSERT INTO sync_journal (at, call, outcome, status, duration_ms, detail, message) VALUES (?, 'GET /v1/reference', 'ok', 200, 1, '', ?)");
    insert.run(AT, '{"key":"reference.nothing","params":{}}');
    insert.run(AT, '{"key":"reference.unchanged","params":{"version":"1","extra":"x"}}');
    insert.run(AT, '{not json');
    expect(db.sync.journal({ limit: 10 }).map((entry) => [entry.message, entry.detail])).toEqual([
      [null, '{not json'],
      [null, '{"key":"reference.unchanged","params":{"version":"1","extra":"x"}}'],
      [null, '{"key":"reference.nothing","params":{}}'],
    ]);
    db.close();
  });

  it('redacts and cuts the string parameters it writes, nested ones too, and keeps the message key', () => {
    const db = openDatabase(slot.file, { log });
    new SyncJournal(db.sync, log).record({
      call: 'POST /v1/auth/token',
      outcome: 'error',
      status: null,
      durationMs: 3,
      message: { key: 'signIn.failed', params: { reason: { key: 'failure.transport', params: { message: `refused with Bearer abc.def ${'x'.repeat(900)}` } } } },
    });
    const [entry] = db.sync.journal({ limit: 1 });
    expect(entry?.message?.key).toBe('signIn.failed');
    const text = JSON.stringify(entry?.message);
    expect(text).not.toContain('abc.def');
    expect(text).toContain('[redacted]');
    expect(text.length).toBeLessThan(700);
    db.close();
  });
});
