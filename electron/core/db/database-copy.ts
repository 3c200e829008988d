import { z } from 'zod';
import { startCoreWorker } from '../worker-thread.js';
import type { CopyInspection } from './database-inspection.js';

export type { CopyInspection } from './database-inspection.js';

const inspectionSchema = z.union([
  z.object({ ok: z.literal(true), schemaVersion: z.number().int() }),
  z.object({ ok: z.literal(false), problem: z.enum(['corrupt', 'not_console']), message: z.string() }),
]);
const answerSchema = z.union([z.object({ ok: z.literal(true), inspection: inspectionSchema }), z.object({ ok: z.literal(false), message: z.string() })]);

/** Runs one job of backup-worker.ts in its own thread and gives its inspection of the resulting file. */
function inWorker(job: object): Promise<CopyInspection> {
  return new Promise((resolve, reject) => {
    const worker = startCoreWorker(import.meta.url, './backup-worker', job);
    let settled = false;
    worker.once('message', (message: unknown) => {
      settled = true;
      const parsed = answerSchema.safeParse(message);
      if (parsed.success && parsed.data.ok) resolve(parsed.data.inspection);
      else reject(new Error(`the database copy failed: ${parsed.success && !parsed.data.ok ? parsed.data.message : 'unreadable answer'}`));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the database worker stopped (exit code ${code})`));
    });
  });
}

/** Copies a live database file to `target` (which must not exist), consistent, then inspects the copy: see backup-worker.ts. */
export function copyDatabase(source: string, target: string): Promise<CopyInspection> {
  return inWorker({ job: 'copy', source, target });
}

/** SQLite's integrity check, the console's tables and the schema of a database file, in a worker thread. */
export function inspectDatabaseCopy(file: string): Promise<CopyInspection> {
  return inWorker({ job: 'inspect', file });
}
