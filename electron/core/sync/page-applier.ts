import type { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { Database } from '../db/connection.js';
import { startCoreWorker } from '../worker-thread.js';
import { GatewayError } from './gateway.js';
import { applyPageBody, type PageHead, type PageOutcome, type PageRequest } from './page-body.js';

/**
 * Parses and applies a page of the change feed together with its cursor and journal row, in one
 * transaction. `onHead` is called once the page is parsed, before it is written.
 */
export interface PageApplier {
  apply(request: PageRequest, onHead?: (head: PageHead) => void): Promise<PageOutcome>;
  /** Gets ready for the first page ahead of time (a worker thread's start holds its creator for tens of ms). */
  prepare(): void;
  close(): Promise<void>;
}

/** On the caller's thread: the `sync` command (nothing else waits on its event loop) and tests. */
export function inThreadApplier(db: Database): PageApplier {
  return {
    apply: (request, onHead) => Promise.resolve().then(() => applyPageBody(db.sync, request, onHead)),
    prepare: () => undefined,
    close: () => Promise.resolve(),
  };
}

/** What the worker answers; anything else fails the page (it is never waited for forever). */
const answerSchema = z.union([
  z.object({
    id: z.number().int(),
    ok: z.literal(true),
    outcome: z.object({
      applied: z.object({
        upserts: z.number().int().nonnegative(),
        cancels: z.number().int().nonnegative(),
        unchanged: z.number().int().nonnegative(),
        flags: z.number().int().nonnegative(),
        changedTaskIds: z.array(z.string()),
      }),
      nextCursor: z.string(),
      hasMore: z.boolean(),
    }),
  }),
  // `invalidBody`: the page is not the contract's (the gateway's fault, retried like any bad body).
  z.object({ id: z.number().int(), ok: z.literal(false), message: z.string(), invalidBody: z.boolean().optional() }),
  // Parsed, not yet written: where the feed goes on.
  z.object({ id: z.number().int(), head: z.object({ nextCursor: z.string(), hasMore: z.boolean() }) }),
]);

export interface WorkerApplierOptions {
  /** The worker's script (tests start a misbehaving one); default: page-writer-worker. */
  entry?: string;
}

/** A page the worker did not confirm: the pull fails with this (and journals it), the cursor stays. */
export class PageWriterError extends Error {
  override readonly name = 'PageWriterError';
}

/**
 * In a worker thread with its own connection (the console's core): the UI's calls keep being answered
 * while pages are written. Started by prepare() or on first use, one page at a time. Every page sent gets an end:
 * the worker's answer, or a failure when the answer cannot be read, the worker fails or exits.
 */
export function workerApplier(file: string, options: WorkerApplierOptions = {}): PageApplier {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<
    number,
    { resolve: (outcome: PageOutcome) => void; reject: (error: Error) => void; onHead: ((head: PageHead) => void) | undefined; worker: Worker }
  >();
  /** Fails the pages handed to `target` (a retired worker's late exit must not fail its successor's page). */
  const failAll = (error: Error, target: Worker) => {
    for (const [id, entry] of waiting) {
      if (entry.worker !== target) continue;
      waiting.delete(id);
      entry.reject(error);
    }
  };
  const start = (): Worker => {
    const started = startCoreWorker(import.meta.url, '../db/page-writer-worker', { file }, options.entry);
    started.on('message', (message: unknown) => {
      const parsed = answerSchema.safeParse(message);
      if (!parsed.success) {
        // An answer nobody can read: the worker is not in a state to trust. The page waiting for it
        // (one at a time) fails, and the worker is replaced on the next page.
        const id: unknown = typeof message === 'object' && message !== null ? Reflect.get(message, 'id') : undefined;
        const error = new PageWriterError('the page writer sent an answer that cannot be read; the page was not confirmed and will be pulled again');
        const entry = typeof id === 'number' ? waiting.get(id) : undefined;
        if (entry && typeof id === 'number') {
          waiting.delete(id);
          entry.reject(error);
        } else {
          failAll(error, started);
        }
        retire(started);
        return;
      }
      const answer = parsed.data;
      const entry = waiting.get(answer.id);
      if ('head' in answer) {
        entry?.onHead?.(answer.head);
        return;
      }
      if (!entry) {
        // A refusal the worker could not tie to a page (it could not read the request's id).
        if (!answer.ok) failAll(new PageWriterError(`page not applied: ${answer.message}`), started);
        return;
      }
      waiting.delete(answer.id);
      if (answer.ok) entry.resolve(answer.outcome);
      else if (answer.invalidBody) entry.reject(new GatewayError({ kind: 'invalid_body', status: 200, message: answer.message }));
      else entry.reject(new PageWriterError(`page not applied: ${answer.message}`));
    });
    started.on('error', (error) => {
      failAll(new PageWriterError(`the page writer failed: ${error.message}`), started);
      retire(started);
    });
    started.on('exit', (code) => {
      failAll(new PageWriterError(`the page writer stopped (exit code ${code})`), started);
      if (worker === started) worker = null;
    });
    return started;
  };
  const retire = (target: Worker): void => {
    if (worker === target) worker = null;
    void target.terminate();
  };
  return {
    apply(request, onHead) {
      worker ??= start();
      const id = nextId++;
      const target = worker;
      // Moved, not cloned: a body that owns its whole buffer changes thread as it is. One that is a
      // view into a shared one (Node's pool for small buffers) is copied first, or the move would
      // take the pool, and other buffers' bytes, with it.
      const { body } = request;
      const bytes = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body.buffer : new Uint8Array(body).buffer;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject, onHead, worker: target });
        try {
          target.postMessage({ id, body: bytes, at: request.at, callMs: request.callMs, fromStart: request.fromStart }, [bytes as ArrayBuffer]);
        } catch (error) {
          waiting.delete(id);
          reject(new PageWriterError(`the page could not be handed to the page writer: ${error instanceof Error ? error.message : String(error)}`));
        }
      });
    },
    prepare() {
      worker ??= start();
    },
    async close() {
      const running = worker;
      worker = null;
      if (running) await running.terminate();
    },
  };
}
