import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../electron/core/attachments/attachment-store.js';
import { saveAttachment } from '../../electron/core/attachments/save-attachment.js';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { ResultInputError, ResultNotFoundError, ResultStateError } from '../../electron/core/db/result-errors.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { createResultHandlers } from '../../electron/core/results-handlers.js';
import { CallFailure } from '../../electron/core/router.js';
import { buildResultInput as buildResult, submissionOf } from '../fixtures/result-input-builder.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { TRAINING_IDENTITY } from '../../electron/core/db/gateway-identity.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const TASK = 'JI-8000-2026-000123';

let temp: ReturnType<typeof makeTempDir>;
let db: Database;
let now: number;
const file = () => path.join(temp.dir, 'console.sqlite');
const open = () => openDatabase(file(), { log: createLogger(nullSink), clock: () => now, appVersion: '1.2.3' });

/** Every row a result has anywhere, by table: proves "nothing written" and "all written". */
function footprint(resultId: string): Record<string, number> {
  const tables = ['results', 'result_inspectors', 'result_findings', 'result_seals', 'result_samples', 'result_attachments', 'result_checklist', 'result_errors', 'outbox'];
  return Object.fromEntries(
    tables.map((table) => [table, (sqliteHandle(db).prepare(`SELECT count(*) AS n FROM ${table} WHERE result_id = ?`).get(resultId) as { n: number }).n]),
  );
}

beforeEach(() => {
  temp = makeTempDir();
  now = T0;
  db = open();
  db.tasks.upsertMany([buildTask({ taskId: TASK, version: 3 })]);
});
afterEach(() => {
  db.close();
  temp.remove();
});

describe('submit', () => {
  it('writes the result, every part and its outbox row, with submitted_at, reference and app version', () => {
    sqliteHandle(db).prepare("UPDATE sync_state SET reference_version = 'ref-2026-11' WHERE id = 1").run();
    const input = buildResult({ taskId: TASK, baseVersion: 3 });
    const outcome = db.results.submit(input);
    expect(outcome.written).toBe(true);
    expect(outcome.record).toMatchObject({
      state: 'queued',
      submittedAt: new Date(T0).toISOString(),
      referenceVersion: 'ref-2026-11',
      appVersion: '1.2.3',
      lastError: null,
    });
    expect(footprint(input.resultId)).toEqual({
      results: 1,
      result_inspectors: 2,
      result_findings: 3,
      result_seals: 3,
      result_samples: 1,
      result_attachments: 0,
      result_checklist: 4,
      result_errors: 0,
      outbox: 1,
    });
    expect(db.results.dueOutbox(T0, 10, TRAINING_IDENTITY)).toEqual([{ resultId: input.resultId, taskId: TASK, attempts: 0, nextAttemptAt: 0, enqueuedAt: new Date(T0).toISOString() }]);
  });

  it('writes nothing when the outbox insert fails at the end of the transaction', () => {
    sqliteHandle(db).exec("CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'injected outbox failure'); END");
    const input = buildResult({ taskId: TASK });
    expect(() => db.results.submit(input)).toThrow(/injected outbox failure/);
    expect(Object.values(footprint(input.resultId)).every((n) => n === 0)).toBe(true);
    expect(db.results.get(input.resultId)).toBeNull();
  });

  it('leaves an existing draft exactly as it was when a child row fails mid-transaction', () => {
    const input = buildResult({ taskId: TASK });
    db.results.saveDraft({ resultId: input.resultId, taskId: TASK, createdBy: 'op-8000-001', baseVersion: 3, findings: input.findings });
    const before = db.results.get(input.resultId);
    // A CHECK-like refusal in the middle of the parts: samples are written after findings and seals.
    sqliteHandle(db).exec("CREATE TRIGGER fail_samples BEFORE INSERT ON result_samples BEGIN SELECT RAISE(ABORT, 'injected sample failure'); END");
    now += 60_000;
    expect(() => db.results.submit(input)).toThrow(/injected sample failure/);
    expect(db.results.get(input.resultId)).toEqual(before);
    expect(footprint(input.resultId)).toMatchObject({ results: 1, result_findings: 3, result_seals: 0, outbox: 0 });
  });

  it('refuses an invalid result with field paths and writes nothing', () => {
    const input = buildResult({ taskId: TASK, inspectors: ['op-8000-001'] });
    const error = captureError(() => db.results.submit({ ...input, checklist: [...input.checklist, { itemId: 'opn-01', answer: 'no' }] }));
    expect(error).toBeInstanceOf(ResultInputError);
    expect((error as ResultInputError).issues.map((issue) => issue.path).sort()).toEqual(['checklist.4.itemId', 'inspectors']);
    expect(footprint(input.resultId).results).toBe(0);
    expect(() => db.results.submit({ ...buildResult({ taskId: TASK }), resultId: 'not-a-uuid' })).toThrow(ResultInputError);
  });

  it('refuses a reference to an attachment the store does not hold, and one recorded with another size', () => {
    const sha256 = 'a'.repeat(64);
    const input = buildResult({ taskId: TASK, attachments: [{ sha256, name: 'door.jpg', mediaType: 'image/jpeg', bytes: 1000 }] });
    const error = captureError(() => db.results.submit(input));
    expect(error).toBeInstanceOf(ResultInputError);
    expect((error as ResultInputError).issues).toEqual([{ path: 'attachments.0.sha256', message: expect.stringContaining('not in the attachment store') as string }]);
    expect(footprint(input.resultId).results).toBe(0);

    db.results.recordAttachment(sha256, 999, 'image/jpeg');
    expect(() => db.results.submit(input)).toThrow(/999 bytes, not 1000/);
    db.results.recordAttachment('b'.repeat(64), 1000, 'image/png');
    expect(() => db.results.submit({ ...input, attachments: [{ ...input.attachments[0]!, sha256: 'b'.repeat(64) }] })).toThrow(/image\/png, not image\/jpeg/);
    expect(footprint(input.resultId).results).toBe(0);
  });

  it('is a no-op for a result id already submitted: the stored result is returned unchanged', () => {
    const input = buildResult({ taskId: TASK });
    const first = db.results.submit(input);
    now += 5_000;
    const again = db.results.submit({ ...input, outcome: 'conform', disposition: 'release' });
    expect(again.written).toBe(false);
    expect(again.record).toEqual(first.record);
    expect(db.results.dueOutbox(now, 10, TRAINING_IDENTITY)).toHaveLength(1);
    db.results.markDelivered(input.resultId, now);
    expect(db.results.submit(input).written).toBe(false);
    expect(db.results.get(input.resultId)?.state).toBe('delivered');
  });
});

describe('toSubmission', () => {
  it('rebuilds exactly the submitted body, in the contract order, optional fields omitted', () => {
    const sha256 = 'c'.repeat(64);
    db.results.recordAttachment(sha256, 2048, 'image/jpeg');
    const input = buildResult({ taskId: TASK, attachments: [{ sha256, name: '开箱照片.jpg', mediaType: 'image/jpeg', bytes: 2048 }] });
    db.results.submit(input);
    const body = db.results.toSubmission(input.resultId);
    expect(JSON.stringify(body)).toBe(JSON.stringify(submissionOf(input, { appVersion: '1.2.3' })));
    expect('goodsLine' in body.findings[0]!).toBe(false);
    expect('note' in body.checklist[0]!).toBe(false);
  });

  it('gives the same body after the database is closed and opened again', () => {
    const input = buildResult({ taskId: TASK });
    db.results.submit(input);
    const before = JSON.stringify(db.results.toSubmission(input.resultId));
    db.close();
    db = open();
    expect(JSON.stringify(db.results.toSubmission(input.resultId))).toBe(before);
  });

  it('merges seal entries of one container and keeps checklist answers in item order', () => {
    const input = buildResult({
      taskId: TASK,
      seals: [
        { containerNo: 'CSQU3054383', removed: ['CQ123456'], applied: [] },
        { containerNo: 'TCNU7200794', removed: [], applied: [] },
        { containerNo: 'GYOU4047990', removed: ['TH778899'], applied: ['CN-1'] },
        { containerNo: 'CSQU3054383', removed: [], applied: ['CN-2'] },
      ],
      checklist: [
        { itemId: 'opn-09', answer: 'yes' },
        { itemId: 'doc-01', answer: 'na' },
      ],
    });
    db.results.submit(input);
    const body = db.results.toSubmission(input.resultId);
    expect(body.seals).toEqual([
      { containerNo: 'CSQU3054383', removed: ['CQ123456'], applied: ['CN-2'] },
      { containerNo: 'GYOU4047990', removed: ['TH778899'], applied: ['CN-1'] },
    ]);
    expect(body.checklist.map((item) => item.itemId)).toEqual(['doc-01', 'opn-09']);
  });

  it('refuses a draft and an unknown result', () => {
    const resultId = randomUUID();
    db.results.saveDraft({ resultId, taskId: TASK, createdBy: 'op-8000-001', baseVersion: 3 });
    expect(() => db.results.toSubmission(resultId)).toThrow(ResultStateError);
    expect(() => db.results.toSubmission(randomUUID())).toThrow(ResultNotFoundError);
  });
});

describe('drafts', () => {
  it('survive closing the database, are replaced whole, stay out of the outbox, and submit from where they are', () => {
    const resultId = randomUUID();
    db.results.saveDraft({
      resultId,
      taskId: TASK,
      createdBy: 'op-8000-002',
      baseVersion: 3,
      inspectors: ['op-8000-002'],
      findings: [{ agency: 'quarantine', code: 'Q-SOIL', severity: 'minor', text: 'soil on the floor' }],
      checklist: [{ itemId: 'opn-07', answer: 'no' }],
    });
    db.close();
    db = open();
    const draft = db.results.get(resultId);
    expect(draft?.state).toBe('draft');
    expect(draft?.content).toEqual({
      resultId,
      taskId: TASK,
      createdBy: 'op-8000-002',
      baseVersion: 3,
      findings: [{ agency: 'quarantine', code: 'Q-SOIL', severity: 'minor', text: 'soil on the floor' }],
      seals: [],
      samples: [],
      attachments: [],
      inspectors: ['op-8000-002'],
      checklist: [{ itemId: 'opn-07', answer: 'no' }],
    });
    expect(db.results.dueOutbox(Number.MAX_SAFE_INTEGER, 10, TRAINING_IDENTITY)).toEqual([]);

    db.results.saveDraft({ resultId, taskId: TASK, createdBy: 'op-8000-002', baseVersion: 3, outcome: 'conform' });
    expect(footprint(resultId)).toMatchObject({ results: 1, result_findings: 0, result_inspectors: 0, result_checklist: 0 });
    expect(db.results.get(resultId)?.content.outcome).toBe('conform');

    const full = buildResult({ taskId: TASK, resultId, createdBy: 'op-8000-001' });
    expect(db.results.submit(full).written).toBe(true);
    const record = db.results.get(resultId);
    expect(record?.state).toBe('queued');
    expect(record?.content.createdBy).toBe('op-8000-002'); // the draft's creator stays
    expect(db.results.dueOutbox(now, 10, TRAINING_IDENTITY).map((entry) => entry.resultId)).toEqual([resultId]);
  });

  it('refuses to overwrite a submitted result or move a draft to another task', () => {
    const input = buildResult({ taskId: TASK });
    db.results.submit(input);
    expect(() => db.results.saveDraft({ resultId: input.resultId, taskId: TASK, createdBy: 'op-8000-001', baseVersion: 3 })).toThrow(ResultStateError);
    const resultId = randomUUID();
    db.results.saveDraft({ resultId, taskId: TASK, createdBy: 'op-8000-001', baseVersion: 3 });
    expect(() => db.results.saveDraft({ resultId, taskId: 'JI-OTHER', createdBy: 'op-8000-001', baseVersion: 3 })).toThrow(ResultInputError);
  });
});

describe('outbox and push outcomes', () => {
  it('backs off failed attempts and delivers once', () => {
    const input = buildResult({ taskId: TASK });
    db.results.submit(input);
    db.results.markAttempt(input.resultId, T0 + 10_000, 'the single window cannot be reached');
    expect(db.results.dueOutbox(T0 + 9_999, 10, TRAINING_IDENTITY)).toEqual([]);
    expect(db.results.dueOutbox(T0 + 10_000, 10, TRAINING_IDENTITY)).toMatchObject([{ resultId: input.resultId, attempts: 1 }]);
    expect(db.results.nextOutboxAttemptAt(TRAINING_IDENTITY)).toBe(T0 + 10_000);
    expect(db.results.summary(input.resultId)?.lastError).toBe('the single window cannot be reached');

    expect(db.results.markDelivered(input.resultId, T0 + 20_000)).toBe(true);
    expect(db.results.markDelivered(input.resultId, T0 + 30_000)).toBe(false);
    expect(db.results.get(input.resultId)).toMatchObject({ state: 'delivered', deliveredAt: new Date(T0 + 20_000).toISOString(), lastError: null });
    expect(footprint(input.resultId).outbox).toBe(0);
    expect(db.results.nextOutboxAttemptAt(TRAINING_IDENTITY)).toBeNull();
  });

  it('keeps conflicts, rejections and missing attachments visible with their reasons, out of the outbox', () => {
    const [a, b, c] = [buildResult({ taskId: TASK }), buildResult({ taskId: TASK }), buildResult({ taskId: 'JI-NOT-CACHED' })];
    for (const input of [a, b, c]) db.results.submit(input);
    now += 1000;
    expect(db.results.markConflict(a.resultId, 'task changed')).toBe(true);
    now += 1000;
    expect(db.results.markRejected(b.resultId, [{ path: 'findings.0.severity', message: 'must be major for Q-WOOD-NOMARK' }], 'refused')).toBe(true);
    now += 1000;
    expect(db.results.markWaitingAttachment(c.resultId, 'door.jpg missing')).toBe(true);
    // only from queued: a second answer for the same result changes nothing
    expect(db.results.markConflict(b.resultId, 'late answer')).toBe(false);

    expect(db.results.dueOutbox(Number.MAX_SAFE_INTEGER, 10, TRAINING_IDENTITY)).toEqual([]);
    const attention = db.results.list('attention', 10);
    expect(attention.map((item) => [item.resultId, item.state, item.taskVersion, item.lastError])).toEqual([
      [c.resultId, 'waiting_attachment', null, 'door.jpg missing'],
      [b.resultId, 'rejected', 3, 'refused'],
      [a.resultId, 'conflict', 3, 'task changed'],
    ]);
    expect(attention[1]?.fieldErrors).toEqual([{ path: 'findings.0.severity', message: 'must be major for Q-WOOD-NOMARK' }]);
    expect(db.results.list('waiting', 10)).toEqual([]);
    expect(db.results.list('all', 10)).toHaveLength(3);
    expect(db.results.counts()).toMatchObject({ conflict: 1, rejected: 1, waiting_attachment: 1, queued: 0 });
  });
});

describe('resolve', () => {
  it('rebases a conflict onto the task version now in the cache and queues it again', () => {
    const input = buildResult({ taskId: TASK, baseVersion: 3 });
    db.results.submit(input);
    db.results.markAttempt(input.resultId, T0 + 60_000, 'timeout');
    db.results.markConflict(input.resultId, 'task changed');
    db.tasks.upsertMany([buildTask({ taskId: TASK, version: 7 })]);
    const summary = db.results.resolve(input.resultId, 'rebase');
    expect(summary).toMatchObject({ state: 'queued', baseVersion: 7, taskVersion: 7, lastError: null });
    expect(db.results.dueOutbox(now, 10, TRAINING_IDENTITY)).toMatchObject([{ resultId: input.resultId, attempts: 0, nextAttemptAt: 0 }]);
    expect(db.results.toSubmission(input.resultId).baseVersion).toBe(7);
  });

  it('retries a rejection as it is, with the field errors cleared', () => {
    const input = buildResult({ taskId: TASK });
    db.results.submit(input);
    db.results.markRejected(input.resultId, [{ path: 'outcome', message: 'x' }]);
    expect(db.results.resolve(input.resultId, 'retry')).toMatchObject({ state: 'queued', fieldErrors: [], lastError: null });
    expect(footprint(input.resultId)).toMatchObject({ outbox: 1, result_errors: 0 });
  });

  it('sends a queued result now on retry, without changing it', () => {
    const input = buildResult({ taskId: TASK });
    db.results.submit(input);
    db.results.markAttempt(input.resultId, T0 + 3_600_000, 'refused');
    expect(db.results.dueOutbox(now, 10, TRAINING_IDENTITY)).toEqual([]);
    db.results.resolve(input.resultId, 'retry');
    expect(db.results.dueOutbox(now, 10, TRAINING_IDENTITY)).toHaveLength(1);
  });

  it('brings a rejected result back to a draft with its field errors, and a new submit clears them', () => {
    const input = buildResult({ taskId: TASK });
    db.results.submit(input);
    db.results.markRejected(input.resultId, [{ path: 'findings.1.code', message: 'unknown code' }], 'refused');
    expect(db.results.resolve(input.resultId, 'edit')).toMatchObject({ state: 'draft', fieldErrors: [{ path: 'findings.1.code', message: 'unknown code' }] });
    expect(footprint(input.resultId).outbox).toBe(0);
    expect(db.results.get(input.resultId)?.submittedAt).toBeNull();
    db.results.saveDraft({ ...input, findings: input.findings.slice(0, 1) });
    expect(db.results.summary(input.resultId)?.fieldErrors).toHaveLength(1);
    expect(db.results.submit({ ...input, findings: input.findings.slice(0, 1) }).record).toMatchObject({ state: 'queued', fieldErrors: [], lastError: null });
    expect(footprint(input.resultId)).toMatchObject({ outbox: 1, result_findings: 1 });
  });

  it('withdraws: kept on record, out of the outbox, never sent or changed again', () => {
    const input = buildResult({ taskId: TASK });
    db.results.submit(input);
    expect(db.results.resolve(input.resultId, 'withdraw').state).toBe('withdrawn');
    expect(footprint(input.resultId)).toMatchObject({ results: 1, outbox: 0, result_findings: 3 });
    expect(db.results.list('all', 10).map((item) => item.state)).toEqual(['withdrawn']);
    expect(() => db.results.submit(input)).toThrow(ResultStateError);
    for (const action of ['rebase', 'retry', 'edit', 'withdraw'] as const) {
      expect(() => db.results.resolve(input.resultId, action)).toThrow(ResultStateError);
    }
  });

  it('refuses transitions that make no sense, changing nothing', () => {
    const input = buildResult({ taskId: TASK });
    db.results.submit(input);
    expect(() => db.results.resolve(input.resultId, 'rebase')).toThrow(/cannot rebase .* it is queued/);
    db.results.markDelivered(input.resultId, now);
    const before = footprint(input.resultId);
    for (const action of ['rebase', 'retry', 'edit', 'withdraw'] as const) {
      expect(() => db.results.resolve(input.resultId, action)).toThrow(ResultStateError);
    }
    expect(footprint(input.resultId)).toEqual(before);
    expect(db.results.get(input.resultId)?.state).toBe('delivered');

    const orphan = buildResult({ taskId: 'JI-NOT-CACHED' });
    db.results.submit(orphan);
    db.results.markConflict(orphan.resultId, 'task changed');
    expect(() => db.results.resolve(orphan.resultId, 'rebase')).toThrow(/not in the local cache/);
    expect(db.results.get(orphan.resultId)?.state).toBe('conflict');
    expect(() => db.results.resolve(randomUUID(), 'retry')).toThrow(ResultNotFoundError);
  });
});

describe('results handlers', () => {
  it('lists by view and maps refusals to invalid_input and not_found', async () => {
    const handlers = createResultHandlers(db, () => now);
    const input = buildResult({ taskId: TASK });
    db.results.submit(input);
    const caller = { roles: ['inspector'] as const };
    expect(await handlers['results:list']({ view: 'waiting', limit: 10 }, caller)).toEqual({ results: [db.results.summary(input.resultId)] });
    await expect(Promise.resolve().then(() => handlers['results:resolve']({ resultId: input.resultId, action: 'rebase' }, caller))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(Promise.resolve().then(() => handlers['results:resolve']({ resultId: randomUUID(), action: 'retry' }, caller))).rejects.toBeInstanceOf(CallFailure);
    await expect(Promise.resolve().then(() => handlers['results:resolve']({ resultId: randomUUID(), action: 'retry' }, caller))).rejects.toMatchObject({
      code: 'not_found',
    });
    now += 1000;
    expect(await handlers['results:resolve']({ resultId: input.resultId, action: 'withdraw' }, caller)).toMatchObject({
      state: 'withdrawn',
      updatedAt: new Date(now).toISOString(),
    });
  });
});

describe('attachments rows', () => {
  it('records a stored file once and marks it uploaded', async () => {
    const store = new AttachmentStore(temp.dir);
    const row = await saveAttachment({ store, db }, Buffer.from('photo bytes'), 'image/jpeg');
    const stored = { sha256: row.sha256, bytes: row.bytes };
    expect(row).toMatchObject({ bytes: 11, mediaType: 'image/jpeg', storedAt: new Date(now).toISOString(), uploadedAt: null });
    expect(await store.has(row.sha256, 11)).toBe(true);
    // a file refused by the store leaves no row either
    await expect(saveAttachment({ store, db }, Buffer.alloc(26 * 1024 * 1024), 'video/mp4')).rejects.toThrow(/at most 25\.0 MiB/);
    expect((sqliteHandle(db).prepare('SELECT count(*) AS n FROM attachments').get() as { n: number }).n).toBe(1);
    expect(db.results.recordAttachment(stored.sha256, stored.bytes, 'image/jpeg')).toEqual(row);
    const input = buildResult({ taskId: TASK, attachments: [{ sha256: stored.sha256, name: 'a.jpg', mediaType: 'image/jpeg', bytes: 11 }] });
    db.results.submit(input);
    expect(db.results.attachmentsOf(input.resultId)).toEqual([{ sha256: stored.sha256, name: 'a.jpg', bytes: 11, mediaType: 'image/jpeg', uploaded: false }]);
    db.results.markUploaded(stored.sha256);
    expect(db.results.attachmentsOf(input.resultId)[0]?.uploaded).toBe(true);
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
