import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ChangesPage } from '../../../shared/contract/index.js';
import type { PageApplied } from '../db/sync-repository.js';

/** Applies a page of the change feed together with its cursor, in one transaction. */
export interface PageApplier {
  apply(page: ChangesPage, at: string): Promise<PageApplied>;
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const fromSource = import.meta.url.endsWith('.ts');
const workerEntry = path.resolve(here, '../db', fromSource ? 'page-writer-worker.ts' : 'page-writer-worker.js');

/**
 * In a worker thread with its own connection (the console's core): the UI's calls keep being answered
 * while pages are written. Started on first use, one page at a time.
 */
export function workerApplier(file: string): PageApplier {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (applied: PageApplied) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
    worker = null;
  };
  const start = (): Worker => {
    // From source (tests, tsx) the worker loads TypeScript through tsx's API; compiled, it is plain JS.
    const started = fromSource
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(workerEntry).href)}); });`, {
          eval: true,
          workerData: { file },
        })
      : new Worker(workerEntry, { workerData: { file } });
    started.on('message', (message: { id: number; ok: boolean; applied?: PageApplied; message?: string }) => {
      const entry = waiting.get(message.id);
      if (!entry) return;
      waiting.delete(message.id);
      if (message.ok && message.applied) entry.resolve(message.applied);
      else entry.reject(new Error(`page not applied: ${message.message ?? 'unknown error'}`));
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', (code) => failAll(new Error(`the page writer stopped (${code})`)));
    return started;
  };
  return {
    apply(page, at) {
      worker ??= start();
      const id = nextId++;
      const target = worker;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        target.postMessage({ id, page, at });
      });
    },
    async close() {
      const running = worker;
      worker = null;
      if (running) await running.terminate();
    },
  };
}
