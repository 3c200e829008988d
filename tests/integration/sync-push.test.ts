import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../electron/core/attachments/attachment-store.js';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import type { ResultInput } from '../../electron/core/db/result-input.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import { GatewayError, type Gateway } from '../../electron/core/sync/gateway.js';
import type { JournalRecord } from '../../electron/core/sync/journal.js';
import { drainOutbox, PUSH_BACKOFF_BASE_MS, type PushDeps } from '../../electron/core/sync/push.js';
import { startSimulator } from '../../electron/simulator/server.js';
import type { GatewayTask, ReferenceData } from '../../shared/contract/index.js';
import { buildResultInput as buildResult } from '../fixtures/result-input-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { TRAINING_IDENTITY } from '../../electron/core/db/gateway-identity.js';

/**
 * The pusher against the project's simulator over real HTTP on 127.0.0.1, with the real gateway
 * client, a real SQLite file and the real attachment store.
 */

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const log = createLogger(nullSink);
const INSPECTOR = { operatorId: 'op-8000-001', password: 'training', workstationId: 'ws-push-test' };
const SUPERVISOR = { operatorId: 'sup-8000-001', password: 'training', workstationId: 'ws-push-test-sup' };

let sim: Simulator;
let reference: ReferenceData;
const used = new Set<string>();

let temp: ReturnType<typeof makeTempDir>;
let db: Database;
let store: AttachmentStore;
let gateway: GatewayClient;
let journal: JournalRecord[];
let now: number;

const dbFile = () => path.join(temp.dir, 'console.sqlite');
const openDb = () => openDatabase(dbFile(), { log, clock: () => now, appVersion: '0.9.0-test' });
const deps = (overrides: Partial<PushDeps> = {}): PushDeps => ({
  gateway,
  gatewayIdentity: TRAINING_IDENTITY,
  db,
  attachments: store,
  log,
  journal: { record: (entry) => journal.push(entry) },
  clock: () => now,
  random: () => 0.5,
  ...overrides,
});
const stored = (resultId: string) => sim.results().filter((result) => result.resultId === resultId);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 8123, tasks: 120, evolve: false });
  const client = new GatewayClient({ baseUrl: sim.url, credentials: INSPECTOR, log });
  const answer = await client.reference(null);
  if (answer === 'not_modified') throw new Error('reference without an ETag cannot be not_modified');
  reference = answer.data;
});
afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  temp = makeTempDir();
  now = Date.now();
  journal = [];
  db = openDb();
  store = new AttachmentStore(temp.dir);
  gateway = new GatewayClient({ baseUrl: sim.url, credentials: INSPECTOR, log });
  // The local cache, filled through the change feed as the console does.
  let cursor: string | null = null;
  for (;;) {
    const page = await gateway.changes(cursor, 1000);
    db.tasks.upsertMany(page.changes.flatMap((change) => (change.op === 'upsert' ? [change.task] : [])));
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
});
afterEach(() => {
  db.close();
  temp.remove();
});

/** An open task with a container, not used by another test (each accepted result closes its task). */
function openTask(): GatewayTask {
  const task = sim
    .tasks()
    .find((candidate) => ['pending', 'assigned', 'in_progress'].includes(candidate.status) && candidate.containers.length > 0 && !used.has(candidate.taskId));
  if (!task) throw new Error('the simulator has no open task left for this test');
  used.add(task.taskId);
  return task;
}

/** A result the simulator accepts for the task: its checklist's items, its goods line and container, known finding codes. */
function resultFor(task: GatewayTask, overrides: Partial<ResultInput> = {}): ResultInput {
  const checklist = reference.checklists.find((item) => item.checklistId === task.inspection.checklistId);
  if (!checklist) throw new Error(`no checklist ${task.inspection.checklistId} in the reference data`);
  const code = reference.findingCodes.find((item) => item.agency === 'customs' && item.severity === 'minor');
  if (!code) throw new Error('no minor customs finding code');
  const container = task.containers[0]!;
  const line = task.goods[0]!.line;
  return buildResult({
    taskId: task.taskId,
    baseVersion: task.version,
    findings: [
      { agency: 'customs', code: code.code, severity: 'minor', text: code.textEn, goodsLine: line, containerNo: container.containerNo },
      { agency: 'customs', code: code.code, severity: 'minor', text: '第二项 second finding' },
    ],
    seals: [{ containerNo: container.containerNo, removed: container.sealNos.slice(0, 1), applied: ['CN8000-000777'] }],
    samples: [{ sampleId: `S-${task.taskId}`, goodsLine: line, quantity: 2.5, unit: 'kg', lab: '重庆海关技术中心' }],
    checklist: checklist.items
      .map((item) => item.itemId)
      .sort()
      .slice(0, 3)
      .map((itemId, index) => (index === 1 ? { itemId, answer: 'no' as const, note: 'see photo' } : { itemId, answer: 'yes' as const })),
    disposition: 'release',
    outcome: 'conform',
    ...overrides,
  });
}

async function attach(bytes: Buffer, name: string, mediaType = 'image/jpeg'): Promise<ResultInput['attachments'][number]> {
  const file = await store.put(bytes, mediaType);
  db.results.recordAttachment(file.sha256, file.bytes, file.mediaType);
  return { sha256: file.sha256, name, mediaType: file.mediaType, bytes: file.bytes };
}

describe('pushing results to the simulator', () => {
  it('delivers each result exactly once, attachments first, with the content rebuilt from the database', async () => {
    const photo = await attach(Buffer.from('JPEG door photo '.repeat(500)), '箱门.jpg');
    const scan = await attach(Buffer.from('PNG scan image '.repeat(300)), 'scan.png', 'image/png');
    const a = resultFor(openTask(), { attachments: [photo, scan] });
    const b = resultFor(openTask(), { attachments: [photo] });
    db.results.submit(a);
    db.results.submit(b);

    const summary = await drainOutbox(deps());
    expect(summary).toMatchObject({ delivered: 2, replays: 0, conflicts: 0, rejected: 0, waiting: 0, retried: 0 });
    for (const input of [a, b]) {
      const copies = stored(input.resultId);
      expect(copies).toHaveLength(1);
      expect(copies[0]!.body).toEqual(db.results.toSubmission(input.resultId));
      expect(copies[0]!.operatorId).toBe(INSPECTOR.operatorId);
      const record = db.results.get(input.resultId);
      expect(record).toMatchObject({ state: 'delivered', deliveredAt: new Date(now).toISOString(), lastError: null });
      // the accepted task came back newer and is in the cache now
      const cached = db.tasks.get(input.taskId, now);
      expect(cached?.version).toBe(input.baseVersion + 1);
      expect(summary.tasksChanged).toContain(input.taskId);
    }
    expect(sim.attachments()).toEqual(expect.arrayContaining([photo.sha256, scan.sha256]));
    expect(db.results.attachmentsOf(a.resultId).every((file) => file.uploaded)).toBe(true);
    expect(db.results.dueOutbox(Number.MAX_SAFE_INTEGER, 10, TRAINING_IDENTITY)).toEqual([]);

    // one journal entry per call: two files once each (the shared photo is not sent twice), two results
    const calls = journal.map((entry) => `${entry.call} ${entry.outcome} ${entry.status}`).sort();
    expect(calls.filter((call) => call.startsWith('PUT'))).toHaveLength(2);
    expect(calls.filter((call) => call.startsWith('POST'))).toEqual(['POST /v1/tasks/{taskId}/results ok 201', 'POST /v1/tasks/{taskId}/results ok 201']);
    expect(journal.every((entry) => !/training|Bearer/i.test(JSON.stringify(entry.message)))).toBe(true);

    const again = await drainOutbox(deps());
    expect(again).toMatchObject({ delivered: 0, retried: 0 });
    expect(journal).toHaveLength(4);
  });

  it('sends a recognised prior inspection, the refused countersignature and the versions it was decided under', async () => {
    const task = sim.tasks().find((candidate) => ['pending', 'assigned', 'in_progress'].includes(candidate.status) && candidate.priorInspections !== undefined && !used.has(candidate.taskId));
    if (!task) throw new Error('the simulator has no open task with a prior inspection left');
    used.add(task.taskId);
    db.sync.reference.store(reference, `"${reference.version}"`);
    const recognizes = task.priorInspections?.[0]?.resultId ?? '';
    const countersign = { name: '李明', capacity: 'agent' as const, signed: false, refusalNote: '代理人拒绝签字 the agent refused to sign' };
    const input = buildResult({ taskId: task.taskId, baseVersion: task.version, outcome: 'not_inspected', recognizes, countersign, disposition: 'release', findings: [], seals: [], samples: [], checklist: [] });
    // The core refuses an inspection the cached task does not list before anything is written.
    expect(() => db.results.submit({ ...input, recognizes: randomUUID() })).toThrow(/does not list/);
    db.results.submit(input);

    expect(await drainOutbox(deps())).toMatchObject({ delivered: 1, rejected: 0 });
    const [copy] = stored(input.resultId);
    expect(copy?.body).toMatchObject({ outcome: 'not_inspected', recognizes, countersign, referenceVersion: reference.version, appVersion: '0.9.0-test' });
    expect(db.results.get(input.resultId)).toMatchObject({ state: 'delivered', referenceVersion: reference.version, appVersion: '0.9.0-test' });
  });

  it('replays after the answer was lost: the same key gets 200 and the single window still has one result', async () => {
    const input = resultFor(openTask());
    db.results.submit(input);
    const first = await drainOutbox(deps());
    expect(first.delivered).toBe(1);
    const body = JSON.stringify(db.results.toSubmission(input.resultId));

    // As if the core died after the 201 reached the socket but before markDelivered committed.
    sqliteHandle(db).prepare("UPDATE results SET state = 'queued', delivered_at = NULL WHERE result_id = ?").run(input.resultId);
    sqliteHandle(db).prepare('INSERT INTO outbox (result_id, enqueued_at) VALUES (?, ?)').run(input.resultId, new Date(now).toISOString());
    db.close();
    db = openDb();

    const second = await drainOutbox(deps());
    expect(second).toMatchObject({ delivered: 1, replays: 1 });
    expect(JSON.stringify(db.results.toSubmission(input.resultId))).toBe(body);
    expect(stored(input.resultId)).toHaveLength(1);
    expect(db.results.get(input.resultId)?.state).toBe('delivered');
    expect(journal.filter((entry) => entry.call.startsWith('POST')).map((entry) => entry.status)).toEqual([201, 200]);
  });

  it('retries a result whose answer was lost in transport with backoff, and the retry is a replay', async () => {
    const input = resultFor(openTask());
    db.results.submit(input);
    const losing: Gateway['postResult'] = async (taskId, submission, key) => {
      await gateway.postResult(taskId, submission, key);
      throw new GatewayError({ kind: 'transport', message: 'socket hang up (the answer was lost)' });
    };
    const lost = await drainOutbox(deps({ gateway: { putAttachment: (...args) => gateway.putAttachment(...args), postResult: losing } }));
    expect(lost).toMatchObject({ delivered: 0, retried: 1 });
    expect(stored(input.resultId)).toHaveLength(1); // it did arrive
    const [entry] = db.results.dueOutbox(Number.MAX_SAFE_INTEGER, 10, TRAINING_IDENTITY);
    expect(entry).toMatchObject({ resultId: input.resultId, attempts: 1 });
    // full jitter at 0.5 of the first ceiling, never below 1 s
    expect(entry!.nextAttemptAt).toBe(now + PUSH_BACKOFF_BASE_MS / 2);
    expect(db.results.summary(input.resultId)?.lastError).toMatch(/^无法连接单一窗口.*；会自动重新发送 \/ the single window cannot be reached.*sending again automatically$/);
    expect(journal.at(-1)).toMatchObject({ outcome: 'retry', status: null });

    expect((await drainOutbox(deps())).delivered).toBe(0); // not due yet
    now = entry!.nextAttemptAt;
    expect(await drainOutbox(deps())).toMatchObject({ delivered: 1, replays: 1 });
    expect(stored(input.resultId)).toHaveLength(1);
  });

  it('keeps a result the single window no longer takes as a visible conflict, and delivers it once re-based', async () => {
    const task = openTask();
    const input = resultFor(task);
    db.results.submit(input);
    // A supervisor hands the task to another team after the inspector started.
    const supervisor = new GatewayClient({ baseUrl: sim.url, credentials: SUPERVISOR, log });
    const reassigned = await supervisor.assign(task.taskId, ['op-8000-002'], task.version, `reassign-${task.taskId}`);
    expect(reassigned.version).toBe(task.version + 1);

    expect(await drainOutbox(deps())).toMatchObject({ delivered: 0, conflicts: 1 });
    expect(stored(input.resultId)).toEqual([]);
    const [conflict] = db.results.list('attention', 10);
    expect(conflict).toMatchObject({ resultId: input.resultId, state: 'conflict', baseVersion: task.version, taskVersion: reassigned.version });
    expect(conflict?.lastError).toMatch(/changed in the single window: .*reassigned to op-8000-002.* \(now version \d+, assigned\)/);
    expect(journal.at(-1)).toMatchObject({ call: 'POST /v1/tasks/{taskId}/results', outcome: 'conflict', status: 409 });
    expect(await drainOutbox(deps())).toMatchObject({ conflicts: 0, delivered: 0 }); // stays until a person decides

    expect(db.results.resolve(input.resultId, 'rebase')).toMatchObject({ state: 'queued', baseVersion: reassigned.version });
    expect(await drainOutbox(deps())).toMatchObject({ delivered: 1 });
    expect(stored(input.resultId).map((result) => result.body.baseVersion)).toEqual([reassigned.version]);
  });

  it('shows a result on a task cancelled meanwhile as a conflict with the cancelled task cached, until withdrawn', async () => {
    const task = openTask();
    const input = resultFor(task);
    db.results.submit(input);
    const cancelled = sim.cancelTask(task.taskId, '报关单已撤销');

    expect(await drainOutbox(deps())).toMatchObject({ conflicts: 1 });
    expect(db.results.summary(input.resultId)).toMatchObject({ state: 'conflict', taskVersion: cancelled.version });
    expect(db.results.summary(input.resultId)?.lastError).toContain('cancelled');
    expect(db.tasks.get(task.taskId, now)?.status).toBe('cancelled');
    expect(db.results.resolve(input.resultId, 'withdraw').state).toBe('withdrawn');
    expect(await drainOutbox(deps())).toMatchObject({ delivered: 0, conflicts: 0, retried: 0 });
    expect(stored(input.resultId)).toEqual([]);
    expect(db.results.get(input.resultId)?.content.findings).toHaveLength(2); // kept on record
  });

  it('keeps a rejected result with the field errors of the 422', async () => {
    const input = resultFor(openTask());
    input.findings[0] = { ...input.findings[0]!, code: 'C-NO-SUCH-CODE' };
    db.results.submit(input);
    expect(await drainOutbox(deps())).toMatchObject({ rejected: 1, delivered: 0 });
    const summary = db.results.summary(input.resultId);
    expect(summary).toMatchObject({ state: 'rejected', lastError: expect.stringMatching(/^单一窗口拒绝了该结果：invalid_result.* \/ the single window refused the result: invalid_result/) as string });
    expect(summary?.fieldErrors).toEqual([{ path: 'findings.0.code', message: expect.stringContaining('C-NO-SUCH-CODE') as string }]);
    expect(journal.at(-1)).toMatchObject({ outcome: 'rejected', status: 422 });
    expect(stored(input.resultId)).toEqual([]);
    expect(db.results.dueOutbox(Number.MAX_SAFE_INTEGER, 10, TRAINING_IDENTITY)).toEqual([]);
  });

  it('uploads again and retries at once after a 424 when the file is here', async () => {
    const photo = await attach(Buffer.from('photo the single window lost'), 'lost.jpg');
    const input = resultFor(openTask(), { attachments: [photo] });
    db.results.submit(input);
    db.results.markUploaded(photo.sha256); // believed uploaded, but the single window never got it

    expect(await drainOutbox(deps())).toMatchObject({ delivered: 1, waiting: 0 });
    expect(journal.map((entry) => [entry.call, entry.outcome, entry.status])).toEqual([
      ['POST /v1/tasks/{taskId}/results', 'retry', 424],
      ['PUT /v1/attachments', 'ok', 201],
      ['POST /v1/tasks/{taskId}/results', 'ok', 201],
    ]);
    expect(stored(input.resultId)).toHaveLength(1);
  });

  it('waits for the inspector after a 424 when the file is missing or corrupted here, and delivers after a retry', async () => {
    const bytes = Buffer.from('photo that went missing on this workstation');
    const photo = await attach(bytes, 'gone.jpg');
    const input = resultFor(openTask(), { attachments: [photo] });
    db.results.submit(input);
    fs.rmSync(store.pathOf(photo.sha256));

    expect(await drainOutbox(deps())).toMatchObject({ waiting: 1, delivered: 0, retried: 0 });
    const waiting = db.results.summary(input.resultId);
    expect(waiting?.state).toBe('waiting_attachment');
    expect(waiting?.lastError).toMatch(/^单一窗口缺少该结果的附件.* \/ the single window is missing an attachment .*: "gone\.jpg": 本机没有附件 [0-9a-f]{64}.* \/ attachment [0-9a-f]{64} is not on this workstation/);
    expect(journal.at(-1)).toMatchObject({ outcome: 'error', status: 424 });
    expect(db.results.list('attention', 10).map((item) => item.resultId)).toEqual([input.resultId]);

    // A corrupted copy is no better: it is reported, never uploaded.
    fs.mkdirSync(path.dirname(store.pathOf(photo.sha256)), { recursive: true });
    fs.writeFileSync(store.pathOf(photo.sha256), Buffer.from('bit-rotted copy'));
    db.results.resolve(input.resultId, 'retry');
    expect(await drainOutbox(deps())).toMatchObject({ waiting: 1 });
    expect(db.results.summary(input.resultId)?.lastError).toMatch(/corrupted on this workstation/);
    expect(sim.attachments()).not.toContain(photo.sha256);

    await store.put(bytes, 'image/jpeg'); // the file is back (and repaired)
    db.results.resolve(input.resultId, 'retry');
    expect(await drainOutbox(deps())).toMatchObject({ delivered: 1 });
    expect(sim.attachments()).toContain(photo.sha256);
    expect(stored(input.resultId)).toHaveLength(1);
  });

  it('keeps the outbox across closing and reopening the database, and sends the same body', async () => {
    const photo = await attach(Buffer.from('kept across restarts'), 'restart.jpg');
    const input = resultFor(openTask(), { attachments: [photo] });
    db.results.submit(input);
    const body = db.results.toSubmission(input.resultId);
    db.close();
    db = openDb();
    expect(db.results.dueOutbox(now, 10, TRAINING_IDENTITY).map((entry) => entry.resultId)).toEqual([input.resultId]);
    expect(await drainOutbox(deps())).toMatchObject({ delivered: 1 });
    expect(stored(input.resultId).map((result) => result.body)).toEqual([body]);
  });

  it('backs off when the single window cannot be reached, and stops the drain after a few failures in a row', async () => {
    const closed = await closedPort();
    const offline = new GatewayClient({ baseUrl: `http://127.0.0.1:${closed}`, credentials: INSPECTOR, log, timeoutMs: 2000 });
    const inputs = Array.from({ length: 10 }, () => resultFor(openTask()));
    for (const input of inputs) db.results.submit(input);
    const summary = await drainOutbox(deps({ gateway: offline, concurrency: 1 }));
    // four failures in a row (at least 4, twice the concurrency): the link is down, the rest wait
    expect(summary).toMatchObject({ delivered: 0, retried: 4 });
    expect(db.results.dueOutbox(now, 20, TRAINING_IDENTITY)).toHaveLength(6);
    expect(db.results.counts().queued).toBe(10);
    expect(journal.filter((entry) => entry.outcome === 'retry')).toHaveLength(4);

    now += PUSH_BACKOFF_BASE_MS;
    expect(await drainOutbox(deps())).toMatchObject({ delivered: 10 });
    for (const input of inputs) expect(stored(input.resultId)).toHaveLength(1);
  });

  it('is single-flight and respects the concurrency cap', async () => {
    const inputs = Array.from({ length: 10 }, () => resultFor(openTask()));
    for (const input of inputs) db.results.submit(input);
    let inFlight = 0;
    let peak = 0;
    const counting: Gateway['postResult'] = async (...args) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        return await gateway.postResult(...args);
      } finally {
        inFlight--;
      }
    };
    const options = deps({ gateway: { putAttachment: (...args) => gateway.putAttachment(...args), postResult: counting }, concurrency: 3 });
    const [one, two] = [drainOutbox(options), drainOutbox(options)];
    expect(one).toBe(two);
    expect((await one).delivered).toBe(10);
    expect(peak).toBe(3);
    for (const input of inputs) expect(stored(input.resultId)).toHaveLength(1);
  });
});

describe('pushing through failures', () => {
  const failing = (failure: ConstructorParameters<typeof GatewayError>[0]): PushDeps['gateway'] => ({
    putAttachment: () => Promise.reject(new GatewayError(failure)),
    postResult: () => Promise.reject(new GatewayError(failure)),
  });

  it('waits at least as long as Retry-After asks, and starts nothing else meanwhile', async () => {
    const input = resultFor(openTask());
    db.results.submit(input);
    now += 1;
    db.results.submit(resultFor(openTask()));
    const busy = failing({ kind: 'http', status: 503, code: 'unavailable', problem: null, retryAfterMs: 120_000, message: 'POST answered 503 unavailable' });
    expect(await drainOutbox(deps({ gateway: busy, concurrency: 1 }))).toMatchObject({ retried: 1 });
    expect(db.results.dueOutbox(Number.MAX_SAFE_INTEGER, 2, TRAINING_IDENTITY)[1]).toMatchObject({ resultId: input.resultId, nextAttemptAt: now + 120_000 });
    expect(journal).toEqual([expect.objectContaining({ outcome: 'retry', status: 503 })]);
  });

  it('backs off exponentially with the attempts, up to the ceiling', async () => {
    const input = resultFor(openTask());
    db.results.submit(input);
    const down = failing({ kind: 'timeout', message: 'no answer in 15 s' });
    const waits: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++) {
      await drainOutbox(deps({ gateway: down, random: () => 0.999 }));
      const [entry] = db.results.dueOutbox(Number.MAX_SAFE_INTEGER, 1, TRAINING_IDENTITY);
      waits.push(entry!.nextAttemptAt - now);
      now = entry!.nextAttemptAt;
    }
    expect(waits.slice(0, 4)).toEqual([4995, 9990, 19980, 39960]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(15 * 60_000);
    expect(waits.at(-1)).toBe(Math.floor(0.999 * 15 * 60_000));
    expect(db.results.summary(input.resultId)).toMatchObject({ state: 'queued', lastError: expect.stringMatching(/did not answer in time/) as string });
  });

  it('holds a result the single window refuses for another reason for about an hour, with a clear error, and keeps it queued', async () => {
    const input = resultFor(openTask());
    db.results.submit(input);
    const forbidden = failing({ kind: 'http', status: 403, code: 'forbidden', problem: null, retryAfterMs: null, message: 'POST answered 403 forbidden' });
    expect(await drainOutbox(deps({ gateway: forbidden }))).toMatchObject({ retried: 1 });
    const [entry] = db.results.dueOutbox(Number.MAX_SAFE_INTEGER, 1, TRAINING_IDENTITY);
    expect(entry!.nextAttemptAt - now).toBe(45 * 60_000);
    expect(db.results.summary(input.resultId)?.lastError).toMatch(/answered 403 forbidden; will try again in about 45 min/);
    expect(journal).toEqual([expect.objectContaining({ outcome: 'error', status: 403 })]);

    const refused = failing({ kind: 'credentials', message: 'the gateway refused the sign-in of operator op-8000-001' });
    now = entry!.nextAttemptAt;
    const fresh = resultFor(openTask());
    db.results.submit(fresh);
    // a refused sign-in would refuse every result: one attempt (the oldest due first), then the drain stops
    expect(await drainOutbox(deps({ gateway: refused, concurrency: 1 }))).toMatchObject({ retried: 1 });
    expect(db.results.summary(fresh.resultId)).toMatchObject({ state: 'queued', lastError: expect.stringMatching(/refused the sign-in/) as string });
    expect(db.results.summary(input.resultId)?.lastError).toMatch(/403 forbidden/);
  });

  it('starts nothing once aborted', async () => {
    db.results.submit(resultFor(openTask()));
    const controller = new AbortController();
    controller.abort();
    expect(await drainOutbox(deps({ signal: controller.signal }))).toMatchObject({ delivered: 0, retried: 0 });
    expect(journal).toEqual([]);
    expect(db.results.dueOutbox(now, 10, TRAINING_IDENTITY)).toHaveLength(1);
  });

  it('delivers every result exactly once through a gateway that fails a third of all requests', async () => {
    const flaky = await startSimulator({ port: 0, seed: 99, tasks: 60, evolve: false, faults: 0.33 });
    try {
      const client = new GatewayClient({ baseUrl: flaky.url, credentials: INSPECTOR, log, timeoutMs: 3000 });
      const tasks = flaky.tasks().filter((task) => ['pending', 'assigned', 'in_progress'].includes(task.status) && task.containers.length > 0).slice(0, 12);
      const photo = await attach(Buffer.from('photo through a flaky link'), 'flaky.jpg');
      const inputs = tasks.map((task, index) => resultFor(task, index % 3 === 0 ? { attachments: [photo] } : {}));
      for (const input of inputs) db.results.submit(input);
      let rounds = 0;
      while (db.results.counts().queued > 0 && rounds++ < 200) {
        await drainOutbox(deps({ gateway: client, random: Math.random }));
        now += 16 * 60_000;
      }
      expect(db.results.counts()).toMatchObject({ delivered: inputs.length, queued: 0, conflict: 0, rejected: 0, waiting_attachment: 0 });
      for (const input of inputs) {
        const copies = flaky.results().filter((result) => result.resultId === input.resultId);
        expect(copies).toHaveLength(1);
        expect(copies[0]!.body).toEqual(db.results.toSubmission(input.resultId));
      }
      expect(journal.some((entry) => entry.outcome === 'retry')).toBe(true);
    } finally {
      await flaky.close();
    }
  });
});

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
