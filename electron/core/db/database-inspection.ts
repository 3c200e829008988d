import BetterSqlite3 from 'better-sqlite3';

/** Tables every console database has had since schema 2: a SQLite file without them is someone else's. */
const CONSOLE_TABLES = ['tasks', 'sync_state', 'results'];

export type CopyInspection =
  | { readonly ok: true; readonly schemaVersion: number }
  | { readonly ok: false; readonly problem: 'corrupt' | 'not_console'; readonly message: string };

/** Opens a copy read-only: SQLite's integrity check, the console's own tables, its schema version. Seconds on a large file: run it in a worker. */
export function inspectDatabaseFile(file: string): CopyInspection {
  let connection: BetterSqlite3.Database;
  try {
    connection = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    return { ok: false, problem: 'corrupt', message: `cannot be opened: ${String(error)}` };
  }
  try {
    const check = connection.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const messages = check.map((row) => row.integrity_check);
    if (messages.length !== 1 || messages[0] !== 'ok') return { ok: false, problem: 'corrupt', message: `integrity check: ${messages.slice(0, 3).join('; ')}` };
    const tables = new Set(connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const missing = CONSOLE_TABLES.filter((table) => !tables.has(table));
    if (missing.length > 0) return { ok: false, problem: 'not_console', message: `not a console database (no ${missing.join(', ')})` };
    return { ok: true, schemaVersion: connection.pragma('user_version', { simple: true }) as number };
  } catch (error) {
    return { ok: false, problem: 'corrupt', message: `cannot be read: ${String(error)}` };
  } finally {
    connection.close();
  }
}
