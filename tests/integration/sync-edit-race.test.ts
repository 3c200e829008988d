import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../electron/core/attachments/attachment-store.js';
import { openDatabase, type Database } from '../../electron/core/db/connection.js';
import { TRAINING_IDENTITY } from '../../electron/core/db/gateway-identity.js';
import type { ResultInput } from '../../electron/core/db/result-input.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import { GatewayError, type Gateway } from '../../electron/core/sync/gateway.js';
import { drainOutbox } from '../../electron/core/sync/push.js';
import { startSimulator } from '../../electron/simulator/server.js';
import type { GatewayTask, ReferenceData } from '../../shared/contract/index.js';
import { acceptableResultFor } from '../fixtures/result-input-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { startWatchProxy, type WatchProxy } from '../fixtures/watch-proxy.js';

/**
 * A delivery is recorded only for the content that was sent. The single window keeps the first body
 * under a result id and replays its answer, so an edit made while a POST is in flight (or after one
 * whose answer was lost) becomes a new result that supersedes the first; the gateway then judges it
 * (here: 409, the task was closed by the first). Real simulator behind a proxy that holds the POST.
 */

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
const log = createLogger(nullSink);
const CREDENTIALS = { operatorId: 'op-8000-001', password: 'training', workstationId: 'ws-race' };

let sim: Simulator;
let reference: ReferenceData;
let proxy: WatchProxy;
let temp: ReturnType<typeof makeTempDir>;
let db: Database;
let store: AttachmentStore;
let client: GatewayClient;
const used = new Set<string>();

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 8401, tasks: 60, evolve: false });
  proxy = await startWatchProxy(sim.url);
  const answer = await new GatewayClient({ baseUrl: sim.url, credentials: CREDENTIALS, log }).reference(null);
  if (answer === 'not_modified') throw new Error('no reference data');
  reference = answer.data;
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});
beforeEach(async () => {
  temp = makeTempDir();
  db = openDatabase(`${temp.dir}/console.sqlite`, { log });
  store = new AttachmentStore(temp.dir);
  client = new GatewayClient({ baseUrl: proxy.url, credentials: CREDENTIALS, log });
  let cursor: string | null = null;
  for (;;) {
    const page = await client.changes(cursor, 1000);
    db.tasks.upsertMany(page.changes.flatMap((change) => (change.op === 'upsert' ? [change.task] : [])));
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
});
afterEach(() => {
  proxy.holdWhen(null);
  proxy.release();
  db.close();
  temp.remove();
});

function resultFor(task: GatewayTask): ResultInput {
  return acceptableResultFor(task, reference);
}

function openTask(): GatewayTask {
  const task = sim.tasks().find((candidate) => ['pending', 'assigned', 'in_progress'].includes(candidate.status) && !used.has(candidate.taskId));
  if (!task) throw new Error('no open task left');
  used.add(task.taskId);
  return task;
}

const drain = (gateway: Pick<Gateway, 'putAttachment' | 'postResult'> = client) =>
  drainOutbox({ gateway, gatewayIdentity: TRAINING_IDENTITY, db, attachments: store, log, clock: Date.now, random: () => 0 });
const storedAt = (resultId: string) => sim.results().filter((stored) => stored.resultId === resultId);

/** The inspector edits the result (a new draft superseding it) and submits the edit with another disposition. */
function editAndResubmit(input: ResultInput): string {
  const edited = db.results.resolve(input.resultId, 'edit');
  expect(edited).toMatchObject({ state: 'draft', supersedes: input.resultId, taskId: input.taskId });
  expect(edited.resultId).not.toBe(input.resultId);
  expect(db.results.submit({ ...input, resultId: edited.resultId, disposition: 'hold' }).written).toBe(true);
  return edited.resultId;
}

describe('an edit racing the POST of a result', () => {
  it('edited while its POST is in flight: the first content is delivered and recorded; the edit is a new result the gateway then judges', async () => {
    const input = resultFor(openTask());
    db.results.submit(input);
    const sent = db.results.toSubmission(input.resultId);
    proxy.holdWhen((request) => request.method === 'POST' && request.path.endsWith('/results'));
    const first = drain();
    await proxy.held();

    const editId = editAndResubmit(input);
    proxy.holdWhen(null);
    proxy.release();
    // The drain takes the edit too (it re-reads the outbox between rounds).
    expect(await first).toMatchObject({ delivered: 1, conflicts: 1 });

    // The single window holds the first content; the console says that content was delivered.
    expect(storedAt(input.resultId).map((stored) => stored.body)).toEqual([sent]);
    expect(db.results.get(input.resultId)).toMatchObject({ state: 'delivered', supersededBy: editId });
    expect(db.results.toSubmission(input.resultId)).toEqual(storedAt(input.resultId)[0]!.body);
    // The edit went out under its own id: the task was released by the first, so the gateway said 409.
    expect(db.results.get(editId)).toMatchObject({ state: 'conflict', supersedes: input.resultId, content: { disposition: 'hold' } });
    expect(storedAt(editId)).toEqual([]);
    expect(proxy.seen.filter((request) => request.path.endsWith('/results') && request.body.includes(editId))).toHaveLength(1);
    expect(db.results.get(editId)?.state).toBe('conflict');
  });

  it('edited after a POST whose answer was lost: the first is confirmed by the replay, never overwritten by the edit', async () => {
    const input = resultFor(openTask());
    db.results.submit(input);
    const sent = db.results.toSubmission(input.resultId);
    const losing: Pick<Gateway, 'putAttachment' | 'postResult'> = {
      putAttachment: (...args) => client.putAttachment(...args),
      postResult: async (...args) => {
        await client.postResult(...args);
        throw new GatewayError({ kind: 'transport', message: 'the answer was lost' });
      },
    };
    expect(await drain(losing)).toMatchObject({ delivered: 0, retried: 1 });
    expect(storedAt(input.resultId)).toHaveLength(1);

    const editId = editAndResubmit(input);
    // Both due now: the first is sent again with its frozen content (a 200 replay), the edit on its own id.
    db.results.resolve(input.resultId, 'retry');
    const summary = await drain();
    expect(summary).toMatchObject({ replays: 1, delivered: 1, conflicts: 1 });
    expect(storedAt(input.resultId).map((stored) => stored.body)).toEqual([sent]);
    expect(db.results.get(input.resultId)).toMatchObject({ state: 'delivered', supersededBy: editId });
    expect(db.results.toSubmission(input.resultId)).toEqual(sent);
    expect(db.results.get(editId)?.state).toBe('conflict');
  });

  it('an edit before any POST is the same result back to draft (nothing may be at the gateway yet)', () => {
    const input = resultFor(openTask());
    db.results.submit(input);
    expect(db.results.resolve(input.resultId, 'edit')).toMatchObject({ resultId: input.resultId, state: 'draft', supersedes: null });
  });
});
