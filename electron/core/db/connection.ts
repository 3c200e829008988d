import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database as Sqlite } from 'better-sqlite3';
import type { Logger } from '../log.js';
import { AccountRepository } from './account-repository.js';
import { AuditRepository, type AuditLog } from './audit-repository.js';
import { ensureOwnerOnlyFile, makeOwnerOnlyDir, restrictIfPresent } from '../owner-only-files.js';
import { lockDatabase, type DatabaseHolderKind, type DatabaseLock } from './database-lock.js';
import { DatabaseOpenError } from './errors.js';
import { InspectionDraftRepository } from './inspection-draft-repository.js';
import { runMigrations, userVersion } from './migrate.js';
import { migrations, type Migration } from './migrations/index.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { ResultRepository } from './result-repository.js';
import { SettingsRepository, type SettingsRepositoryOptions } from './settings-repository.js';
import { SyncRepository } from './sync-repository.js';
import { TaskHistory } from './task-history.js';
import type { SearchThresholds } from './task-reads.js';
import { TaskRepository } from './task-repository.js';
import { writeWithoutWaiting } from './write-without-waiting.js';

export { DatabaseOpenError } from './errors.js';

/**
 * The one way into a database file from outside electron/core/db: repositories, never the raw
 * better-sqlite3 handle (ARCHITECTURE.md "Folders"; ESLint keeps sqliteHandle out of production code).
 */
export interface Database {
  readonly tasks: TaskRepository;
  /** Earlier versions of cached tasks (migrations 007 and 012), whole where kept, for comparing a result made on one. */
  readonly taskHistory: TaskHistory;
  readonly results: ResultRepository;
  /** The inspections in progress (migration 009), one per task, stored verbatim. */
  readonly drafts: InspectionDraftRepository;
  /** Sync state, the journal, flags and the change feed's pages. */
  readonly sync: SyncRepository;
  readonly file: string;
  /** Local accounts and the idle-lock setting (migration 006), kept in the real database with the settings. */
  readonly accounts: AccountRepository;
  /** The audit log: read (chain walks, an evidence bundle's segment and anchors), appended to only inside writeWithoutWaiting. */
  readonly audit: AuditLog;
  /** The gateway settings kept in this file, sealed with the data key's secret box. */
  settings(secretBox: SecretBox, options?: SettingsRepositoryOptions): SettingsRepository;
  /** A small write that never holds the event loop while another connection writes (write-without-waiting.ts). */
  writeWithoutWaiting<T>(write: () => T, patienceMs?: number): Promise<T>;
  close(): void;
}

/** Kept out of the Database object so that nothing but this folder (and tests) reaches the handle. */
const handles = new WeakMap<Database, Sqlite>();

/**
 * The raw handle, for tests that check what only the connection itself can show (its pragmas, a
 * trigger on it). ESLint forbids importing it outside electron/core/db and tests/.
 */
export function sqliteHandle(db: Database): Sqlite {
  const handle = handles.get(db);
  if (!handle) throw new Error(`no open handle for ${db.file}`);
  return handle;
}

export interface OpenOptions {
  log: Logger;
  /** Tests pass a shorter list to open a file at an older schema. */
  migrations?: readonly Migration[];
  searchThresholds?: SearchThresholds;
  /** Time for rows written without an explicit time (results); defaults to Date.now. */
  clock?: () => number;
  /** Recorded on every result the console writes. */
  appVersion?: string;
  /**
   * Open as this process's one writer: holds the file's exclusive lock (database-lock.ts) until
   * close, or throws DatabaseInUseError naming the holder. Only process entries (Electron's core,
   * the headless host, `sync`) pass it; the page-writer worker's second connection must not.
   */
  lock?: DatabaseHolderKind;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens the workstation's database: refuses files that are not SQLite or were written by a newer
 * app (without touching them), applies the durability pragmas, backs up an older file, migrates.
 */
export function openDatabase(file: string, options: OpenOptions): Database {
  const list = options.migrations ?? migrations;
  const latest = list.at(-1)?.version ?? 0;
  makeOwnerOnlyDir(path.dirname(file));
  if (refuseForeignFile(file)) refuseNewerSchema(file, latest);
  // Before the read-write open: a refused process must not back up, migrate or checkpoint the file.
  const lock: DatabaseLock | null = options.lock === undefined ? null : lockDatabase(file, options.lock);

  let connection: Sqlite;
  try {
    // Owner-only before SQLite opens it: SQLite gives the -wal and -shm files the main file's mode.
    ensureOwnerOnlyFile(file);
    for (const suffix of ['-wal', '-shm', '-journal']) restrictIfPresent(`${file}${suffix}`);
    connection = new BetterSqlite3(file);
  } catch (error) {
    lock?.release();
    throw new DatabaseOpenError('cannot_open', `cannot open the database ${file}: ${String(error)}`, file);
  }
  try {
    const found = readVersion(connection, file);
    applyPragmas(connection);
    if (found > 0 && found < latest) backUp(connection, file, found, options.log);
    runMigrations(connection, list, options.log);
  } catch (error) {
    connection.close();
    lock?.release();
    throw error;
  }
  const tasks = new TaskRepository(connection, options.searchThresholds);
  const results = new ResultRepository(connection, { clock: options.clock ?? Date.now, appVersion: options.appVersion ?? '0.0.0' });
  let accounts: AccountRepository | null = null;
  const database: Database = {
    tasks,
    taskHistory: new TaskHistory(connection),
    results,
    drafts: new InspectionDraftRepository(connection, results, options.clock ?? Date.now),
    sync: new SyncRepository(connection, tasks),
    audit: new AuditRepository(connection),
    file,
    // Made on first use: its statements need migration 006, which tests opening older schemas skip.
    get accounts() {
      accounts ??= new AccountRepository(connection, options.clock ?? Date.now);
      return accounts;
    },
    settings: (secretBox, settingsOptions) => new SettingsRepository(connection, secretBox, settingsOptions),
    writeWithoutWaiting: (write, patienceMs) => writeWithoutWaiting(connection, write, patienceMs),
    close: () => {
      connection.close();
      lock?.release();
    },
  };
  handles.set(database, connection);
  return database;
}

/**
 * Reads the header first: SQLite would happily turn an empty or foreign file into a database.
 * Returns whether an existing database is there.
 */
function refuseForeignFile(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false; // does not exist yet: a new database
  }
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    if (read === 0) return false;
    if (read < header.length || !header.equals(SQLITE_HEADER)) {
      throw new DatabaseOpenError(
        'not_a_database',
        `the file ${file} is not a console database (not SQLite); move it away or restore a backup. The file was not changed.`,
        file,
      );
    }
    return true;
  } finally {
    fs.closeSync(fd);
  }
}

/** Read-only probe: a read-write connection could checkpoint a newer app's WAL into the file on close. */
function refuseNewerSchema(file: string, latest: number): void {
  let probe: Sqlite;
  try {
    probe = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new DatabaseOpenError('cannot_open', `cannot open the database ${file}: ${String(error)}`, file);
  }
  try {
    const found = readVersion(probe, file);
    if (found > latest) {
      throw new DatabaseOpenError(
        'newer_schema',
        `the database ${file} was written by a newer version of the console (schema ${found}, this app knows up to ${latest}); ` +
          'install the newer console or restore a backup. The file was not changed.',
        file,
      );
    }
  } finally {
    probe.close();
  }
}

/** Reads the version and the schema page: a file whose header survived but whose pages did not fails here. */
function readVersion(connection: Sqlite, file: string): number {
  try {
    connection.prepare('SELECT count(*) FROM sqlite_master').get();
    return userVersion(connection);
  } catch (error) {
    throw new DatabaseOpenError(
      'not_a_database',
      `the file ${file} cannot be read as a database (${String(error)}); restore a backup. The file was not changed.`,
      file,
    );
  }
}

function applyPragmas(connection: Sqlite): void {
  // WAL + FULL: a result the inspector saved survives a power cut (NORMAL may lose the last commits).
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('cache_size = -65536');
  connection.pragma('temp_store = MEMORY');
}

/** A consistent copy before the schema moves forward, so an admin can go back to the old app. */
function backUp(connection: Sqlite, file: string, version: number, log: Logger): void {
  const target = `${file}.v${version}.bak`;
  fs.rmSync(target, { force: true });
  // VACUUM INTO fills an empty file and keeps its mode; left to itself it would create one 0644.
  ensureOwnerOnlyFile(target);
  connection.prepare('VACUUM INTO ?').run(target);
  log.info('backup written before migration', { target, fromVersion: version });
}
