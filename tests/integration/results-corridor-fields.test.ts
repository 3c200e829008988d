import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, sqliteHandle, type Database } from '../../electron/core/db/connection.js';
import { ResultInputError } from '../../electron/core/db/result-errors.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import type { PriorInspection } from '../../shared/contract/gateway-task.js';
import { buildResultInput } from '../fixtures/result-input-builder.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** A result's recognised prior inspection, countersignature and versions, in the results repository on a real file. */
const TASK = 'JI-8000-2026-000321';
const prior: PriorInspection = {
  portCode: '9400',
  siteId: 'alashankou',
  at: '2026-11-20T03:00:00Z',
  resultId: '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a00',
  outcome: 'conform',
  disposition: 'release',
  agencies: ['customs'],
};
const refusal = { name: '王芳', capacity: 'consignee' as const, signed: false, refusalNote: '当事人拒绝签字' };

let temp: ReturnType<typeof makeTempDir>;
let db: Database;
beforeEach(() => {
  temp = makeTempDir();
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log: createLogger(nullSink), appVersion: '2.0.1' });
  db.tasks.upsertMany([buildTask({ taskId: TASK, priorInspections: [prior] })]);
});
afterEach(() => {
  db.close();
  temp.remove();
});

const recognition = (overrides: Parameters<typeof buildResultInput>[0] = { taskId: TASK }) =>
  buildResultInput({ outcome: 'not_inspected', recognizes: prior.resultId, findings: [], seals: [], samples: [], checklist: [], disposition: 'release', ...overrides });

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ResultInputError) return error.issues.map((issue) => issue.path);
    throw error;
  }
  throw new Error('expected a ResultInputError');
}

describe('a result recognising a prior inspection, countersigned or refused', () => {
  it('stores recognizes and the countersignature, and records the app version and the reference version it was decided under', () => {
    const input = recognition({ taskId: TASK, countersign: refusal, referenceVersion: 'ref-on-screen' });
    expect(db.results.submit(input).record).toMatchObject({ referenceVersion: 'ref-on-screen', appVersion: '2.0.1', content: { recognizes: prior.resultId, countersign: refusal } });
    expect(db.results.toSubmission(input.resultId)).toMatchObject({ recognizes: prior.resultId, countersign: refusal, referenceVersion: 'ref-on-screen', appVersion: '2.0.1' });
  });

  it('without a reference version given, records the one cached when submitted', () => {
    db.sync.reference.store({ version: 'ref-cached', ports: [], checklists: [], findingCodes: [] }, '"ref-cached"');
    const input = recognition();
    expect(db.results.submit(input).record.referenceVersion).toBe('ref-cached');
  });

  it('refuses, writing nothing, a recognised inspection the task does not list, one with an inspected outcome, and an unnoted refusal', () => {
    const count = () => (sqliteHandle(db).prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n;
    expect(issuesOf(() => db.results.submit(recognition({ taskId: TASK, recognizes: 'r-elsewhere' })))).toEqual(['recognizes']);
    expect(issuesOf(() => db.results.submit(recognition({ taskId: TASK, outcome: 'conform' })))).toEqual(['recognizes']);
    const unnoted = { name: refusal.name, capacity: refusal.capacity, signed: false };
    for (const countersign of [unnoted, { ...unnoted, refusalNote: ' ' }]) {
      expect(issuesOf(() => db.results.submit(buildResultInput({ taskId: TASK, countersign })))).toEqual(['countersign.refusalNote']);
    }
    expect(count()).toBe(0);
  });

  it('keeps a draft as typed, a refusal whose note is still to come included, and carries it into the edit of a sent result', () => {
    const draft = { resultId: '6b0f6c4e-7c1d-4f7a-9a51-0d2e3f4a5b6c', taskId: TASK, createdBy: 'op-8000-001', baseVersion: 1, recognizes: prior.resultId, countersign: { name: '王', signed: false } };
    expect(db.results.saveDraft(draft).content).toMatchObject({ recognizes: prior.resultId, countersign: { name: '王', signed: false } });
    expect(db.results.get(draft.resultId)?.content.countersign).toEqual({ name: '王', signed: false });

    // The database refuses a submitted refusal without its note even past the input check.
    expect(() => sqliteHandle(db).prepare("UPDATE results SET state = 'queued', outcome = 'conform', disposition = 'release', started_at = 'x', completed_at = 'x' WHERE result_id = ?").run(draft.resultId)).toThrow(/CHECK/);

    const sent = recognition({ taskId: TASK, countersign: refusal });
    db.results.submit(sent);
    db.results.beginSend(sent.resultId, db.results.currentGateway());
    const edit = db.results.resolve(sent.resultId, 'edit');
    expect(edit.supersedes).toBe(sent.resultId);
    expect(db.results.get(edit.resultId)?.content).toMatchObject({ recognizes: prior.resultId, countersign: refusal });
  });
});
