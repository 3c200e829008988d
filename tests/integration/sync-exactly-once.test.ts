import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../electron/core/attachments/attachment-store.js';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { ReadOnlyCache } from '../../electron/core/db/cache-export.js';
import { SyncRepository } from '../../electron/core/db/sync-repository.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import { SyncJournal } from '../../electron/core/sync/journal.js';
import { pullUntilIdle } from '../../electron/core/sync/pull.js';
import { drainOutbox } from '../../electron/core/sync/push.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { TRAINING_OPERATOR, type AttachmentRef, type ResultSubmission } from '../../shared/contract/index.js';
import { startFaultProxy, seededRandom, type FaultProxy } from '../fixtures/fault-proxy.js';
import { buildResult } from '../fixtures/result-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { TRAINING_IDENTITY } from '../../electron/core/db/gateway-identity.js';

const RESULTS = 2000;
const FAULT_RATE = 0.35;
const log = createLogger(nullSink);

let temp: ReturnType<typeof makeTempDir>;
let simulator: Simulator;
let proxy: FaultProxy;
let db: Database;
let attachments: AttachmentStore;
let client: GatewayClient;
let journal: SyncJournal;
/** The test's clock runs ahead between drains so every backed-off result is due again. */
let clockOffset = 0;
const clock = () => Date.now() + clockOffset;
const random = seededRandom(99);

beforeAll(async () => {
  temp = makeTempDir('exactly-once-');
  simulator = await startSimulator({ seed: 11, tasks: RESULTS + 900, cargo: 0, evolve: false });
  // Retry-After 0 keeps 2,000 results from spending minutes in honoured pauses; the pause itself is
  // proved in the HTTP client's unit tests.
  proxy = await startFaultProxy({ target: simulator.url, seed: 7, rate: FAULT_RATE, retryAfterSeconds: 0, maxDelayMs: 200 });
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log, clock });
  attachments = new AttachmentStore(temp.dir);
  journal = new SyncJournal(new SyncRepository(sqliteHandle(db), db.tasks), log, clock);
  client = new GatewayClient({
    baseUrl: proxy.url,
    credentials: { operatorId: TRAINING_OPERATOR.operatorId, password: TRAINING_OPERATOR.password, workstationId: 'ws-exactly-once' },
    log,
    timeoutMs: 3000,
    journal,
  });
}, 60_000);

afterAll(async () => {
  db.close();
  await proxy.close();
  await simulator.close();
  temp.remove();
});

const pull = () => pullUntilIdle({ gateway: client, db, log, journal, clock, random, retryBudgetMs: 120_000 });

describe(`${RESULTS} results pushed through a link that breaks ${FAULT_RATE * 100}% of requests`, () => {
  const submitted = new Map<string, ResultSubmission>();

  it('pulls every task through the faults', async () => {
    await pull();
    const cancelledUnseen = sqliteHandle(db).prepare('SELECT count(*) FROM task_cancellations').pluck().get() as number;
    expect(db.tasks.totalCount() + cancelledUnseen).toBe(simulator.tasks().length);
  }, 120_000);

  it('saves the results with their evidence, each with its outbox row', async () => {
    const open = simulator.tasks().filter((task) => task.status === 'pending' || task.status === 'assigned' || task.status === 'in_progress');
    expect(open.length).toBeGreaterThanOrEqual(RESULTS);
    for (const [index, task] of open.slice(0, RESULTS).entries()) {
      const evidence: AttachmentRef[] = [];
      if (index % 10 === 0) {
        const photo = randomBytes(2048 + (index % 7) * 1000);
        const stored = await attachments.put(photo, 'image/jpeg');
        db.results.recordAttachment(stored.sha256, stored.bytes, 'image/jpeg');
        evidence.push({ sha256: stored.sha256, name: `photo-${index}.jpg`, mediaType: 'image/jpeg', bytes: stored.bytes });
      }
      const result = buildResult(task, { attachments: evidence });
      db.results.submit({ ...result, taskId: task.taskId, createdBy: TRAINING_OPERATOR.operatorId });
      // Sent as submitted, stamped with the app version the database records (openDatabase's default).
      submitted.set(result.resultId, { ...result, appVersion: '0.0.0' });
    }
    expect(db.results.counts().queued).toBe(RESULTS);
    // 2,000 transactions, each fsynced (synchronous=FULL): ~9 s here alone, several times that on a busy machine.
  }, 120_000);

  it('delivers every result exactly once in effect: none lost, none duplicated by id or by content', async () => {
    for (let round = 0; round < 60 && db.results.counts().queued > 0; round++) {
      await drainOutbox({ gateway: client, gatewayIdentity: TRAINING_IDENTITY, db, attachments, log, journal, clock, random });
      clockOffset += 20 * 60_000; // every backed-off result is due at the next round
    }
    const counts = db.results.counts();
    expect(counts.queued).toBe(0);
    expect(counts.delivered).toBe(RESULTS);
    expect(counts.conflict + counts.rejected + counts.waiting_attachment).toBe(0);

    const stored = simulator.results();
    expect(stored).toHaveLength(RESULTS);
    expect(new Set(stored.map((result) => result.resultId)).size).toBe(RESULTS);
    // By content too: one stored result per task, each exactly the body saved on the workstation.
    expect(new Set(stored.map((result) => result.taskId)).size).toBe(RESULTS);
    for (const result of stored) expect(result.body).toEqual(submitted.get(result.resultId));
    const expectedFiles = [...submitted.values()].flatMap((result) => result.attachments.map((a) => a.sha256));
    expect(simulator.attachments()).toEqual(expect.arrayContaining(expectedFiles));
    // The faults really happened, including answers lost after the gateway committed.
    expect(proxy.stats.faults.commit_lost).toBeGreaterThan(20);
    expect(Object.values(proxy.stats.faults).reduce((a, b) => a + b, 0) / proxy.stats.requests).toBeGreaterThan(0.3);
  }, 300_000);

  it('ends with the local tasks equal to the simulator after quiescence', async () => {
    simulator.tick(5); // the world moves on: updates, reassignments, cancellations
    await pull();
    const cache = ReadOnlyCache.open(db.file);
    const exported = [...cache.tasks()];
    cache.close();
    // A cancelled task's assignees are not part of its state as the feed presents it (a cancel
    // carries none), so they are compared for every other task.
    const view = ({ taskId, version, status, assignedTo }: { taskId: string; version: number; status: string; assignedTo: readonly string[] }) => ({
      taskId,
      version,
      status,
      assignedTo: status === 'cancelled' ? null : [...assignedTo].sort(),
    });
    const remote = simulator
      .tasks()
      .map(view)
      .sort((a, b) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0));
    expect(exported.map(view)).toEqual(remote);
    expect(remote.some((task) => task.status === 'cancelled')).toBe(true);
  }, 120_000);
});
