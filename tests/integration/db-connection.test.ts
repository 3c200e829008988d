import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError, openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { LATEST_SCHEMA_VERSION, migrations } from '../../electron/core/db/migrations/index.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { buildTask } from '../fixtures/task-builder.js';

const log = createLogger(nullSink);
let temp: ReturnType<typeof makeTempDir>;
let file: string;

beforeEach(() => {
  temp = makeTempDir();
  file = path.join(temp.dir, 'console.sqlite');
});
afterEach(() => temp.remove());

function openError(target: string): DatabaseOpenError {
  try {
    openDatabase(target, { log }).close();
  } catch (error) {
    if (error instanceof DatabaseOpenError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('database connection', () => {
  it('runs WAL with synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = openDatabase(file, { log });
    expect(sqliteHandle(db).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqliteHandle(db).pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(sqliteHandle(db).pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqliteHandle(db).pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(sqliteHandle(db).pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database written by a newer app and leaves it byte for byte', () => {
    const newer = new BetterSqlite3(file);
    newer.exec('CREATE TABLE future (x)');
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    newer.close();
    const before = fs.readFileSync(file);
    const error = openError(file);
    expect(error.problem).toBe('newer_schema');
    expect(error.message).toMatch(/newer version of the console/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a file that is not a database with a clear message and does not touch it', () => {
    fs.writeFileSync(file, 'these are inspection notes, not a database\n'.repeat(100));
    const before = fs.readFileSync(file);
    const error = openError(file);
    expect(error.problem).toBe('not_a_database');
    expect(error.message).toMatch(/not a console database/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file with a SQLite header but a corrupt body, untouched', () => {
    const good = openDatabase(file, { log });
    good.tasks.upsertMany([buildTask({ taskId: 'JI-8000-2026-000001' })]);
    good.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xab, 100, bytes.length); // keep the 100-byte header, destroy every page
    fs.writeFileSync(file, bytes);
    const error = openError(file);
    expect(error.problem).toBe('not_a_database');
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('migrates an older file forward after writing a backup copy of it', () => {
    const base = openDatabase(file, { log, migrations: migrations.slice(0, 1) });
    base.close();
    const withNext = [...migrations, { version: LATEST_SCHEMA_VERSION + 1, name: 'probe', sql: 'CREATE TABLE probe (x)' }];
    const db = openDatabase(file, { log, migrations: withNext });
    expect(sqliteHandle(db).pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    db.close();
    const backup = new BetterSqlite3(`${file}.v1.bak`, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    backup.close();
  });

  it('rolls a failing migration back whole: no half schema, version unchanged', () => {
    openDatabase(file, { log }).close();
    const broken = [
      ...migrations,
      { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => openDatabase(file, { log, migrations: broken })).toThrow(/nowhere/);
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    check.close();
  });
});
