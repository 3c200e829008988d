import type { Database as Sqlite } from 'better-sqlite3';
import { DatabaseOpenError } from './errors.js';
import { LATEST_SCHEMA_VERSION } from './migrations/index.js';

/**
 * The schema check of the commands that only read a console database (cache:export, audit:verify):
 * the file must read as SQLite and carry a schema this console knows, `oldest` or later. `tooOld`
 * words the refusal of an older one, which depends on what the command needs. Never writes.
 */
export function checkReadableSchema(connection: Sqlite, file: string, oldest: number, tooOld: (version: number) => string): void {
  let version: number;
  try {
    connection.prepare('SELECT count(*) FROM sqlite_master').get();
    version = connection.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    throw new DatabaseOpenError('not_a_database', `the file ${file} cannot be read as a database (${String(error)}). The file was not changed.`, file);
  }
  if (version > LATEST_SCHEMA_VERSION) {
    throw new DatabaseOpenError(
      'newer_schema',
      `the database ${file} was written by a newer version of the console (schema ${version}, this app knows up to ${LATEST_SCHEMA_VERSION}). The file was not changed.`,
      file,
    );
  }
  if (version < oldest) throw new DatabaseOpenError('not_a_database', tooOld(version), file);
}
