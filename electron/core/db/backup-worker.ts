import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { inspectDatabaseFile } from './database-inspection.js';

/**
 * A worker thread for the backups' database work, none of it on the core's event loop:
 * - `copy`: copies a live database with SQLite's online backup API from its own read-only
 *   connection in one step: one read transaction, so the copy is one consistent state of the file
 *   however busy its writers are (a backup copied step by step restarts whenever another connection
 *   writes, and a sync writes a page every few hundred milliseconds). WAL lets the writers go on.
 * - `inspect`: SQLite's integrity check of a copy (seconds on a large file) and its schema.
 */
const job = z
  .discriminatedUnion('job', [
    z.object({ job: z.literal('copy'), source: z.string().min(1), target: z.string().min(1) }),
    z.object({ job: z.literal('inspect'), file: z.string().min(1) }),
  ])
  .parse(workerData);
const port = parentPort;
if (!port) throw new Error('backup-worker runs as a worker thread');

async function copy(source: string, target: string): Promise<void> {
  // Owner-only from the start: the copy holds the same personal data as the database.
  fs.writeFileSync(target, '', { mode: 0o600, flag: 'wx' });
  const connection = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    await connection.backup(target, { progress: ({ totalPages }) => totalPages });
  } finally {
    connection.close();
  }
  // A copy is one self-contained file: out of WAL mode, opening it never leaves -wal/-shm files beside
  // it (the console puts its database back in WAL mode when it opens it).
  const copied = new BetterSqlite3(target);
  try {
    copied.pragma('journal_mode = DELETE');
  } finally {
    copied.close();
  }
}

async function run(): Promise<unknown> {
  if (job.job === 'copy') {
    await copy(job.source, job.target);
    return inspectDatabaseFile(job.target);
  }
  return inspectDatabaseFile(job.file);
}

run().then(
  (inspection) => port.postMessage({ ok: true, inspection }),
  (error: unknown) => port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
);
