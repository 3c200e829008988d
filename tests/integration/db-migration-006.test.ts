import { describe, expect, it } from 'vitest';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { freshDatabaseFile } from '../fixtures/database-file.js';

/** Schema 6 (local accounts and their roles) on a real file written at schema 5. */
const log = createLogger(nullSink);
const HASH = `scrypt$1024$8$1$${Buffer.alloc(16, 1).toString('base64')}$${Buffer.alloc(32, 2).toString('base64')}`;
const slot = freshDatabaseFile();

describe('migration 006 (accounts) on a real file', () => {
  it('adds empty account tables to a version-5 file that keeps its settings', () => {
    const v5 = openDatabase(slot.file, { log, migrations: migrations.slice(0, 5) });
    sqliteHandle(v5).prepare("INSERT INTO settings (key, value) VALUES ('workstation.id', 'ws-kept')").run();
    v5.close();
    const v6 = openDatabase(slot.file, { log, migrations: migrations.slice(0, 6) });
    try {
      expect(sqliteHandle(v6).pragma('user_version', { simple: true })).toBe(6);
      expect(v6.accounts.list()).toEqual([]);
      expect(v6.accounts.realAdminCount()).toBe(0);
      expect(sqliteHandle(v6).prepare("SELECT value FROM settings WHERE key = 'workstation.id'").get()).toEqual({ value: 'ws-kept' });
    } finally {
      v6.close();
    }
  });

  it('refuses unknown roles and agencies and values that are not scrypt hashes; roles go with their account', () => {
    const db = openDatabase(slot.file, { log, migrations: migrations.slice(0, 6) });
    const sql = sqliteHandle(db);
    try {
      const insert = sql.prepare("INSERT INTO accounts (operator_id, name, agency, password_hash, created_at, updated_at) VALUES (?, 'n', ?, ?, 't', 't')");
      expect(() => insert.run('a', 'navy', HASH)).toThrow(/CHECK/);
      expect(() => insert.run('a', 'customs', 'plain-password')).toThrow(/CHECK/);
      insert.run('a', 'customs', HASH);
      const role = sql.prepare('INSERT INTO account_roles (operator_id, role) VALUES (?, ?)');
      expect(() => role.run('a', 'superuser')).toThrow(/CHECK/);
      expect(() => role.run('nobody', 'admin')).toThrow(/FOREIGN KEY/);
      role.run('a', 'admin');
      expect(db.accounts.realAdminCount()).toBe(1);
      sql.prepare("DELETE FROM accounts WHERE operator_id = 'a'").run();
      expect(sql.prepare('SELECT count(*) AS n FROM account_roles').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });
});
