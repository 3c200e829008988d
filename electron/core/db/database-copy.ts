import BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { startCoreWorker } from '../worker-thread.js';

/** Copies a live database file to `target` (which must not exist) in a worker thread: see backup-worker.ts. */
export function copyDatabase(source: string, target: string): Promise<{ pages: number }> {
  return new Promise((resolve, reject) => {
    const worker = startCoreWorker(import.meta.url, './backup-worker', { source, target });
    const answer = z.union([z.object({ ok: z.literal(true), pages: z.number().int() }), z.object({ ok: z.literal(false), message: z.string() })]);
    let settled = false;
    worker.once('message', (message: unknown) => {
      settled = true;
      const parsed = answer.safeParse(message);
      if (parsed.success && parsed.data.ok) resolve({ pages: parsed.data.pages });
      else reject(new Error(`the database copy failed: ${parsed.success && !parsed.data.ok ? parsed.data.message : 'unreadable answer'}`));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the database copy stopped (exit code ${code})`));
    });
  });
}

/** Tables every console database has had since schema 2: a SQLite file without them is someone else's. */
const CONSOLE_TABLES = ['tasks', 'sync_state', 'results'];

export type CopyInspection =
  | { readonly ok: true; readonly schemaVersion: number }
  | { readonly ok: false; readonly problem: 'corrupt' | 'not_console'; readonly message: string };

/** Opens a copy read-only: SQLite's integrity check, the console's own tables, its schema version. */
export function inspectDatabaseCopy(file: string): CopyInspection {
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
