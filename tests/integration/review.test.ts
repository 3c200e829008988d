import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { callAs, createOfficers, FIRST, must, SECOND, THIRD } from '../fixtures/inspection-calls.js';
import { buildResultInput } from '../fixtures/result-input-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * Review of submitted inspections (issue 10, point 2) through the real router on a real core: the
 * pending list for a supervisor, endorse or return with a comment, never one's own inspection,
 * one decision per result, the return readable on the task by its officers, and the audit chain.
 */
const TASK = 'JI-8000-2026-000909';
let core: Core;
let removeTemp: () => void;

beforeEach(async () => {
  const temp = makeTempDir('review-');
  removeTemp = temp.remove;
  core = startCore({ dataDir: path.join(temp.dir, 'data'), logSink: nullSink, clock: () => Date.parse('2026-12-07T09:00:00Z') });
  await createOfficers(core);
});
afterEach(async () => {
  await core.close();
  removeTemp();
});

/** A result submitted by `inspectors` on TASK (what inspection:submit stores), its id. */
function submitted(inspectors: string[], submittedAt: number): string {
  const input = buildResultInput({ taskId: TASK, inspectors, createdBy: inspectors[0] ?? FIRST });
  core.db.results.submit(input, submittedAt);
  return input.resultId;
}

describe('review of submitted inspections', () => {
  it('lists them for a supervisor, oldest first, marking the ones the supervisor took part in', async () => {
    const older = submitted([FIRST, THIRD], Date.parse('2026-12-07T07:00:00Z'));
    const newer = submitted([FIRST, 'op-other'], Date.parse('2026-12-07T08:00:00Z'));
    const draft = buildResultInput({ taskId: TASK, inspectors: [FIRST, 'op-other'] });
    core.db.results.saveDraft(draft);
    const { results } = await must(core, 'review:pending', {}, THIRD);
    expect(results.map((r) => [r.resultId, r.ownInspection])).toEqual([
      [older, true],
      [newer, false],
    ]);
    expect(results[0]).toMatchObject({ taskId: TASK, outcome: 'nonconform', disposition: 'hold', officers: [FIRST, THIRD], findings: 3 });
    // Inspectors and admins do not review.
    expect(await callAs(core, 'review:pending', {}, FIRST)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('returns an inspection with a comment its officers read on the task; endorses another; each once, never one’s own', async () => {
    const own = submitted([FIRST, THIRD], Date.parse('2026-12-07T07:00:00Z'));
    const other = submitted([FIRST, 'op-other'], Date.parse('2026-12-07T08:00:00Z'));
    expect(await callAs(core, 'review:decide', { resultId: own, decision: 'endorse' }, THIRD)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A return says why.
    expect(await callAs(core, 'review:decide', { resultId: other, decision: 'return', comment: ' ' }, SECOND)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const returned = await must(core, 'review:decide', { resultId: other, decision: 'return', comment: '封志照片不清晰，请补拍 / the seal photo is unreadable: take it again' }, SECOND);
    expect(returned).toMatchObject({ resultId: other, decision: 'returned', reviewer: SECOND, reviewedAt: '2026-12-07T09:00:00.000Z' });
    expect(await callAs(core, 'review:decide', { resultId: other, decision: 'endorse' }, THIRD)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await must(core, 'review:decide', { resultId: own, decision: 'endorse' }, SECOND);

    // The officer reads the return on the task; nothing is left pending.
    const { reviews } = await must(core, 'review:forTask', { taskId: TASK }, FIRST);
    expect(reviews.map((r) => [r.resultId, r.decision, r.comment])).toEqual(
      expect.arrayContaining([
        [other, 'returned', '封志照片不清晰，请补拍 / the seal photo is unreadable: take it again'],
        [own, 'endorsed', ''],
      ]),
    );
    expect((await must(core, 'review:pending', {}, SECOND)).results).toEqual([]);
    const audited = core.db.audit.entriesFor(TASK).filter((entry) => entry.action === 'result.reviewed');
    expect(audited.map((entry) => [entry.actor, JSON.parse(entry.details) as unknown])).toEqual([
      [SECOND, { resultId: other, decision: 'returned', comment: '封志照片不清晰，请补拍 / the seal photo is unreadable: take it again' }],
      [SECOND, { resultId: own, decision: 'endorsed', comment: '' }],
    ]);
  });

  it('refuses a draft and an unknown result', async () => {
    const draft = buildResultInput({ taskId: TASK, inspectors: [FIRST, 'op-other'] });
    core.db.results.saveDraft(draft);
    expect(await callAs(core, 'review:decide', { resultId: draft.resultId, decision: 'endorse' }, SECOND)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await callAs(core, 'review:decide', { resultId: '00000000-0000-4000-8000-000000000000', decision: 'endorse' }, SECOND)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
