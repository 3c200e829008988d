import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { changesPageSchema } from '../../../shared/contract/index.js';
import { createLogger, nullSink } from '../log.js';
import { openDatabase } from './connection.js';

/**
 * A worker thread with its own connection to the workstation's database, applying pages of the change
 * feed so that the core's event loop is never held by a page's transaction (tens of milliseconds, more
 * when SQLite fsyncs or FTS5 merges segments). Each page is still one transaction with its cursor.
 */
const init = z.object({ file: z.string().min(1) }).parse(workerData);
const port = parentPort;
if (!port) throw new Error('page-writer-worker runs as a worker thread');
// The main connection has already migrated the file; this one only writes pages.
const db = openDatabase(init.file, { log: createLogger(nullSink) });
const sync = db.sync;
const request = z.object({ id: z.number().int(), page: changesPageSchema, at: z.string() });

port.on('message', (message: unknown) => {
  const parsed = request.safeParse(message);
  if (!parsed.success) {
    // Answered, never dropped: the main thread waits for this id (a page that does not match the
    // contract would otherwise leave its pull waiting forever).
    const id: unknown = typeof message === 'object' && message !== null ? Reflect.get(message, 'id') : undefined;
    port.postMessage({ id: typeof id === 'number' && Number.isInteger(id) ? id : -1, ok: false, message: 'the page writer could not read the request' });
    return;
  }
  const { id, page, at } = parsed.data;
  try {
    port.postMessage({ id, ok: true, applied: sync.applyChangesPage(page, at) });
  } catch (error) {
    port.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
port.on('close', () => db.close());
