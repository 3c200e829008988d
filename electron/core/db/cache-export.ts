import fs from 'node:fs';
import BetterSqlite3, { type Database as Sqlite } from 'better-sqlite3';
import { DatabaseOpenError } from './errors.js';
import { checkReadableSchema } from './readable-schema.js';
import type { TaskStatus } from '../../../shared/contract/index.js';

/** One cached task as `cache:export` prints it. */
export interface ExportedTask {
  taskId: string;
  version: number;
  status: TaskStatus;
  assignedTo: string[];
}

/** The oldest schema with everything the export reads (tasks, task_assignments). */
const OLDEST_EXPORTABLE_SCHEMA = 1;
// One statement (assignees folded in as a JSON array): better-sqlite3 cannot run a second
// statement while an iterator is open, and the export streams.
// Tasks known only by their cancel (task_cancellations) are listed as cancelled with no assignees.
const EXPORT_SQL = `SELECT t.task_id AS taskId, t.version AS version, t.status AS status,
  (SELECT json_group_array(operator_id) FROM (SELECT operator_id FROM task_assignments a WHERE a.task_rid = t.rid ORDER BY operator_id)) AS assignedTo
  FROM tasks t
  UNION ALL
  SELECT c.task_id, c.version, 'cancelled', '[]' FROM task_cancellations c
  ORDER BY taskId`;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * A database opened for reading only, for admins' scripts: it never writes, never migrates and
 * leaves no file behind. A file without a write-ahead log (closed cleanly) is read into memory and
 * opened from there, so nothing (not even a -shm file) appears next to it and read-only media or
 * folders work. A file with a -wal beside it belongs to a running or crashed console: SQLite's
 * read-only mode reads it together with the log, as that console would.
 */
export class ReadOnlyCache {
  private constructor(private readonly connection: Sqlite) {}

  static open(file: string): ReadOnlyCache {
    const connection = openReadOnly(file);
    try {
      checkReadableSchema(connection, file, OLDEST_EXPORTABLE_SCHEMA, (version) => `the file ${file} is not a console database (schema ${version}). The file was not changed.`);
    } catch (error) {
      connection.close();
      throw error;
    }
    return new ReadOnlyCache(connection);
  }

  /** Every cached task ordered by taskId, cancelled ones included; streamed, not loaded at once. */
  *tasks(): Generator<ExportedTask> {
    const rows = this.connection.prepare(EXPORT_SQL).iterate() as IterableIterator<{ taskId: string; version: number; status: TaskStatus; assignedTo: string }>;
    for (const row of rows) {
      yield { taskId: row.taskId, version: row.version, status: row.status, assignedTo: JSON.parse(row.assignedTo) as string[] };
    }
  }

  close(): void {
    this.connection.close();
  }
}

function openReadOnly(file: string): Sqlite {
  let header: Buffer;
  try {
    header = readHeader(file);
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    throw new DatabaseOpenError('cannot_open', missing ? `there is no database at ${file}` : `cannot read the database ${file}: ${String(error)}`, file);
  }
  if (!header.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
    throw new DatabaseOpenError('not_a_database', `the file ${file} is not a console database (not SQLite). The file was not changed.`, file);
  }
  try {
    if (fs.existsSync(`${file}-wal`)) return new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    return fromImage(file);
  } catch (error) {
    throw new DatabaseOpenError('cannot_open', `cannot open the database ${file} for reading: ${String(error)}`, file);
  }
}

/**
 * The file's bytes as an in-memory database. The header's WAL marker (bytes 18 and 19) is set back
 * to rollback mode in the copy: an in-memory database cannot use a write-ahead log. If the file
 * changed while it was read (a console started writing), it is opened through SQLite instead.
 */
function fromImage(file: string): Sqlite {
  const before = fs.statSync(file);
  const image = fs.readFileSync(file);
  const after = fs.statSync(file);
  if (before.mtimeMs !== after.mtimeMs || before.size !== after.size || image.length !== after.size || fs.existsSync(`${file}-wal`)) {
    return new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  }
  if (image.length >= 20) {
    image[18] = 1;
    image[19] = 1;
  }
  return new BetterSqlite3(image, { readonly: true });
}

function readHeader(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    return header.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}
