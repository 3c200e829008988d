import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../electron/core/audit/verify.js';
import { AuditRepository } from '../../electron/core/db/audit-repository.js';
import { openDatabase, sqliteHandle, type Database } from '../../electron/core/db/connection.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { createResultHandlers } from '../../electron/core/results-handlers.js';
import { buildResultInput } from '../fixtures/result-input-builder.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * What happens to a result after it is submitted is in the audit chain, in the transaction of the
 * change: the single window's answers as the pusher heard them (actor `system`) and the officer's
 * resolutions (actor: the session's operator).
 */
const TASK = 'JI-8000-2026-000777';
let temp: ReturnType<typeof makeTempDir>;
let db: Database;

beforeEach(() => {
  temp = makeTempDir('results-audit-');
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log: createLogger(nullSink) });
  db.tasks.upsertMany([buildTask({ taskId: TASK, version: 3 })]);
});
afterEach(() => {
  db.close();
  temp.remove();
});

const entries = () =>
  sqliteHandle(db)
    .prepare("SELECT actor, action, task_id AS taskId, details FROM audit_log WHERE action LIKE 'result.%' ORDER BY seq")
    .all()
    .map((row) => ({ ...(row as { actor: string; action: string; taskId: string }), details: JSON.parse((row as { details: string }).details) as unknown }));

describe('the audit chain of a result', () => {
  it('records the conflict, the officer\'s rebase and the delivery, and the chain stays intact', async () => {
    const input = buildResultInput({ taskId: TASK, baseVersion: 3 });
    db.results.submit(input);
    expect(db.results.markConflict(input.resultId, 'task_changed: the task moved to version 4')).toBe(true);
    const handlers = createResultHandlers(db, Date.now);
    await handlers['results:resolve']({ resultId: input.resultId, action: 'rebase' }, { roles: ['inspector'], operatorId: 'op-8000-002' });
    expect(db.results.markDelivered(input.resultId, Date.now())).toBe(true);
    // Delivered once: a second answer for it changes nothing and records nothing.
    expect(db.results.markDelivered(input.resultId, Date.now())).toBe(false);

    expect(entries()).toEqual([
      { actor: 'system', action: 'result.conflict', taskId: TASK, details: { resultId: input.resultId, message: 'task_changed: the task moved to version 4' } },
      { actor: 'op-8000-002', action: 'result.rebase', taskId: TASK, details: { resultId: input.resultId, from: 'conflict' } },
      { actor: 'system', action: 'result.delivered', taskId: TASK, details: { resultId: input.resultId, from: 'queued' } },
    ]);
    expect(verifyChain(new AuditRepository(sqliteHandle(db)))).toMatchObject({ ok: true });
  });

  it('records a rejection and a withdrawal; a refused resolution records nothing', () => {
    const input = buildResultInput({ taskId: TASK, baseVersion: 3 });
    db.results.submit(input);
    db.results.markRejected(input.resultId, [{ path: 'findings.0.code', message: 'unknown code' }]);
    expect(() => db.results.resolve(input.resultId, 'rebase', Date.now(), 'op-8000-001')).toThrow(/cannot rebase/);
    db.results.resolve(input.resultId, 'withdraw', Date.now(), 'op-8000-001');
    expect(entries().map((entry) => [entry.actor, entry.action])).toEqual([
      ['system', 'result.rejected'],
      ['op-8000-001', 'result.withdraw'],
    ]);
  });
});
