import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { createLogger, nullSink } from '../log.js';
import { GatewayError } from '../sync/gateway.js';
import { applyPageBody } from '../sync/page-body.js';
import { openDatabase } from './connection.js';

/**
 * A worker thread with its own connection to the workstation's database. It takes each page of the
 * change feed as the bytes that came off the wire, parses and checks it against the contract, and
 * applies it with its cursor and journal row in one transaction, so that the core's event loop is
 * never held by a page: neither its JSON and schema work (and the garbage it leaves) nor its
 * transaction (tens of milliseconds, more when SQLite fsyncs or FTS5 merges segments).
 */
const init = z.object({ file: z.string().min(1) }).parse(workerData);
const port = parentPort;
if (!port) throw new Error('page-writer-worker runs as a worker thread');
// The main connection has already migrated the file; this one only writes pages.
const db = openDatabase(init.file, { log: createLogger(nullSink) });
const request = z.object({
  id: z.number().int(),
  body: z.instanceof(ArrayBuffer),
  at: z.string(),
  callMs: z.number().nonnegative(),
  fromStart: z.boolean(),
});

port.on('message', (message: unknown) => {
  const parsed = request.safeParse(message);
  if (!parsed.success) {
    // Answered, never dropped: the main thread waits for this id (a request it cannot read would
    // otherwise leave its pull waiting forever).
    const id: unknown = typeof message === 'object' && message !== null ? Reflect.get(message, 'id') : undefined;
    port.postMessage({ id: typeof id === 'number' && Number.isInteger(id) ? id : -1, ok: false, message: 'the page writer could not read the request' });
    return;
  }
  const { id, body, ...rest } = parsed.data;
  try {
    // The head first: the main thread asks for the next page while this one is written.
    const outcome = applyPageBody(db.sync, { ...rest, body: new Uint8Array(body) }, (head) => {
      port.postMessage({ id, head });
    });
    port.postMessage({ id, ok: true, outcome });
  } catch (error) {
    const invalidBody = error instanceof GatewayError && error.failure.kind === 'invalid_body';
    port.postMessage({ id, ok: false, invalidBody, message: error instanceof Error ? error.message : String(error) });
  }
});
port.on('close', () => db.close());
