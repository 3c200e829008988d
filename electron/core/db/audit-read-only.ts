import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3, { type Database as Sqlite } from 'better-sqlite3';
import { AuditRepository } from './audit-repository.js';
import { DatabaseOpenError } from './errors.js';
import { checkReadableSchema } from './readable-schema.js';

/** The first schema with the audit log (migration 004). */
const AUDIT_SCHEMA = 4;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * A console database opened to read its audit log only (`audit:verify`): never written, never
 * migrated, no file left beside it. A file closed cleanly (no -wal beside it) is copied to a private
 * temporary folder and read from there: SQLite would otherwise create -wal and -shm files next to a
 * WAL database even when opened read-only, and reading the whole file into memory (as cache:export
 * does) would make memory grow with the log. A file with a -wal belongs to a running or crashed
 * console and is read in place with its log, as that console would.
 */
export class ReadOnlyAuditLog {
  private constructor(
    private readonly connection: Sqlite,
    readonly entries: AuditRepository,
    private readonly cleanup: () => void,
  ) {}

  static open(file: string): ReadOnlyAuditLog {
    checkHeader(file);
    const { connection, cleanup } = openSnapshot(file);
    try {
      checkReadableSchema(connection, file, AUDIT_SCHEMA, (version) =>
        version === 0
          ? `the file ${file} is not a console database. The file was not changed.`
          : `the database ${file} has no audit log yet (schema ${version}; the log begins at schema ${AUDIT_SCHEMA} when a console opens it). The file was not changed.`,
      );
    } catch (error) {
      connection.close();
      cleanup();
      throw error;
    }
    return new ReadOnlyAuditLog(connection, new AuditRepository(connection), cleanup);
  }

  close(): void {
    this.connection.close();
    this.cleanup();
  }
}

function checkHeader(file: string): void {
  let header: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      header = Buffer.alloc(SQLITE_HEADER.length);
      header = header.subarray(0, fs.readSync(fd, header, 0, header.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    throw new DatabaseOpenError('cannot_open', missing ? `there is no database at ${file}` : `cannot read the database ${file}: ${String(error)}`, file);
  }
  if (!header.equals(SQLITE_HEADER)) {
    throw new DatabaseOpenError('not_a_database', `the file ${file} is not a console database (not SQLite). The file was not changed.`, file);
  }
}

function openSnapshot(file: string): { connection: Sqlite; cleanup: () => void } {
  const inPlace = () => ({ connection: new BetterSqlite3(file, { readonly: true, fileMustExist: true }), cleanup: () => undefined });
  try {
    if (fs.existsSync(`${file}-wal`)) return inPlace();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-verify-'));
    const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
    try {
      const copy = path.join(dir, 'snapshot.sqlite');
      const before = fs.statSync(file);
      fs.copyFileSync(file, copy);
      fs.chmodSync(copy, 0o600);
      const after = fs.statSync(file);
      // A console started writing while it was copied: read the file in place instead.
      if (before.mtimeMs !== after.mtimeMs || before.size !== after.size || fs.existsSync(`${file}-wal`)) {
        cleanup();
        return inPlace();
      }
      return { connection: new BetterSqlite3(copy, { readonly: true, fileMustExist: true }), cleanup };
    } catch (error) {
      cleanup();
      throw error;
    }
  } catch (error) {
    throw new DatabaseOpenError('cannot_open', `cannot open the database ${file} for reading: ${String(error)}`, file);
  }
}
