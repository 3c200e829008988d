import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { SyncRepository } from '../../electron/core/db/sync-repository.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import { SyncJournal } from '../../electron/core/sync/journal.js';
import { PageWriterError, workerApplier, type PageApplier } from '../../electron/core/sync/page-applier.js';
import { pullUntilIdle } from '../../electron/core/sync/pull.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { TRAINING_OPERATOR } from '../../shared/contract/index.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * The page writer thread as the pull uses it, against the simulator over 127.0.0.1: a worker that
 * answers what cannot be read, or exits, fails the pull with a journal entry instead of leaving it
 * waiting forever. The misbehaving workers are injected as the worker's script (the applier under
 * test is the real one); the real worker is checked for answering a request it cannot read.
 */
const log = createLogger(nullSink);
const WORKERS = path.resolve(import.meta.dirname, '../fixtures/page-writers');
const REAL_WORKER = path.resolve(import.meta.dirname, '../../electron/core/db/page-writer-worker.ts');

let temp: ReturnType<typeof makeTempDir>;
let db: Database;
let sync: SyncRepository;
let journal: SyncJournal;
let sim: Simulator;
let applier: PageApplier | null = null;

beforeEach(async () => {
  temp = makeTempDir('page-writer-');
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log });
  sync = new SyncRepository(sqliteHandle(db), db.tasks);
  journal = new SyncJournal(sync, log);
  sim = await startSimulator({ port: 0, seed: 3, tasks: 120, evolve: false });
});

afterEach(async () => {
  await applier?.close();
  applier = null;
  await sim.close();
  db.close();
  temp.remove();
});

function pull(with_: PageApplier, options: { fetch?: typeof fetch; retryBudgetMs?: number } = {}) {
  const gateway = new GatewayClient({
    baseUrl: sim.url,
    credentials: { operatorId: TRAINING_OPERATOR.operatorId, password: TRAINING_OPERATOR.password, workstationId: 'ws-page-writer' },
    log,
    journal,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return pullUntilIdle({ gateway, db, log, journal, applier: with_, pageSize: 50, random: () => 0, retryBudgetMs: options.retryBudgetMs ?? 0 });
}

/** Fails the test instead of hanging it: a pull that waits forever is the bug under test. */
function within<T>(promise: Promise<T>, ms = 20_000): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms).unref())]);
}

const journalRows = () => sync.journal({ limit: 100 });

describe('page writer worker', () => {
  it('applies every page through the real worker (the harness can pass)', async () => {
    applier = workerApplier(db.file);
    const summary = await within(pull(applier));
    expect(summary.pages).toBeGreaterThan(1);
    expect(db.tasks.totalCount()).toBe(sim.tasks().filter((task) => task.status !== 'cancelled').length);
  }, 60_000);

  it.each([
    ['an answer that does not match the contract', 'garbage-answer.ts', /answer that cannot be read/],
    ['an answer with no id', 'text-answer.ts', /answer that cannot be read/],
    ['an exit while a page waits', 'exits.ts', /page writer stopped \(exit code 3\)/],
    ['an exit after the page was parsed (the next one already asked for)', 'head-then-exits.ts', /page writer stopped \(exit code 4\)/],
  ])('fails the pull with a journal entry on %s, and keeps the cursor where it was', async (_what, script, message) => {
    applier = workerApplier(db.file, { entry: path.join(WORKERS, script) });
    const failure = await within(pull(applier).then(() => null, (error: unknown) => error));
    expect(failure).toBeInstanceOf(PageWriterError);
    expect((failure as Error).message).toMatch(message);
    const written = journalRows().find((row) => row.outcome === 'error' && row.call === 'GET /v1/tasks/changes');
    expect(written?.message).toMatchObject({ key: 'pull.notWritten', params: { message: expect.stringMatching(message) as unknown } });
    expect(sync.state().cursor).toBeNull();
    expect(db.tasks.totalCount()).toBe(0);
  }, 60_000);

  it('retries a page whose body is not the contract\'s, parsed in the worker, and writes nothing of it', async () => {
    // The link hands back the second page of the feed as well-formed JSON of the wrong shape, once.
    let pages = 0;
    const corrupting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = input instanceof Request ? input.url : input.toString();
      if (!url.includes('/v1/tasks/changes') || ++pages !== 2) return response;
      return new Response(JSON.stringify({ changes: 'not a list', nextCursor: 'x', hasMore: true }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    applier = workerApplier(db.file);
    const summary = await within(pull(applier, { fetch: corrupting, retryBudgetMs: 10_000 }));
    expect(pages).toBeGreaterThan(2);
    expect(db.tasks.totalCount()).toBe(sim.tasks().filter((task) => task.status !== 'cancelled').length);
    const retried = journalRows().filter((row) => row.outcome === 'retry');
    expect(retried).toHaveLength(1);
    expect(retried[0]?.message).toMatchObject({
      key: 'pull.retrying',
      params: { reason: { key: 'failure.invalidBody', params: { message: expect.stringMatching(/not the contract's shape \(changes: /) as unknown } } },
    });
    // Every page written has its journal row, committed with it.
    expect(journalRows().filter((row) => row.outcome === 'ok' && row.call === 'GET /v1/tasks/changes')).toHaveLength(summary.pages);
  }, 60_000);

  it('asks for the next page while the worker writes the one before', async () => {
    const events: string[] = [];
    const real = workerApplier(db.file);
    applier = real;
    const watched: PageApplier = {
      apply: async (request, onHead) => {
        const outcome = await real.apply(request, onHead);
        events.push('written');
        return outcome;
      },
      prepare: () => {
        real.prepare();
      },
      close: () => real.close(),
    };
    const asking: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (url.includes('/v1/tasks/changes')) events.push('asked');
      return fetch(input, init);
    };
    const summary = await within(pull(watched, { fetch: asking }));
    expect(summary.pages).toBeGreaterThan(2);
    expect(db.tasks.totalCount()).toBe(sim.tasks().filter((task) => task.status !== 'cancelled').length);
    // Before the k-th page is written, page k+1 has been asked for (all but the last page).
    const writes = events.flatMap((event, index) => (event === 'written' ? [index] : []));
    writes.slice(0, -1).forEach((at, k) => {
      expect(events.slice(0, at).filter((event) => event === 'asked').length).toBeGreaterThanOrEqual(k + 2);
    });
    expect(events.filter((event) => event === 'asked')).toHaveLength(summary.pages);
  }, 60_000);

  it('starts a new worker for the next page after one misbehaved', async () => {
    applier = workerApplier(db.file, { entry: path.join(WORKERS, 'text-answer.ts') });
    await expect(within(pull(applier))).rejects.toBeInstanceOf(PageWriterError);
    await expect(within(pull(applier))).rejects.toBeInstanceOf(PageWriterError);
  }, 60_000);

  it('the real worker answers a request it cannot read instead of dropping it', async () => {
    const worker = new Worker(
      `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL(`file://${REAL_WORKER}`).href)}); });`,
      { eval: true, workerData: { file: db.file } },
    );
    try {
      const answer = await within(
        new Promise<unknown>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage({ id: 41, body: 'not bytes', at: 'now', callMs: 1, fromStart: true });
        }),
      );
      expect(answer).toEqual({ id: 41, ok: false, message: 'the page writer could not read the request' });
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
