import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';

/**
 * A worker thread that copies a live database with SQLite's online backup API, from its own
 * read-only connection, in one step: one read transaction, so the copy is one consistent state of
 * the file however busy its writers are (a backup copied step by step restarts whenever another
 * connection writes, and a sync writes a page every few hundred milliseconds), and none of it on
 * the core's event loop. WAL mode lets the writers go on meanwhile.
 */
const init = z.object({ source: z.string().min(1), target: z.string().min(1) }).parse(workerData);
const port = parentPort;
if (!port) throw new Error('backup-worker runs as a worker thread');

async function copy(): Promise<number> {
  // Owner-only from the start: the copy holds the same personal data as the database.
  fs.writeFileSync(init.target, '', { mode: 0o600, flag: 'wx' });
  const source = new BetterSqlite3(init.source, { readonly: true, fileMustExist: true });
  let pages = 0;
  try {
    await source.backup(init.target, {
      progress: ({ totalPages }) => {
        pages = totalPages;
        return totalPages;
      },
    });
  } finally {
    source.close();
  }
  // A copy is one self-contained file: out of WAL mode, opening it never leaves -wal/-shm files beside
  // it (the console puts its database back in WAL mode when it opens it).
  const copy = new BetterSqlite3(init.target);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  return pages;
}

copy().then(
  (pages) => port.postMessage({ ok: true, pages }),
  (error: unknown) => port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
);
