import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { ADMIN_ONLY, callAs, completeContent, createOfficers, FIRST, must, openContainerReference, SECOND, signBoth, startInspection, THIRD } from '../fixtures/inspection-calls.js';
import { ensureOfficers } from '../fixtures/dispatch-world.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * audit:forTask (issue 10, point 4) through the real router on a real core: the entries an
 * inspection writes through its own calls (start, save, sign, submit) and a supervisor's review,
 * read back for the case replay in chain order with the actors' names and a summary of the details
 * that leaves hashes out; officers who are not supervisors, admins and walls are refused.
 */
const TASK = 'JI-8000-2026-000404';
const OTHER_TASK = 'JI-8000-2026-000405';
const CONTAINER = 'CSQU3054383';
const { reference, checklist, itemIds } = openContainerReference();

const START = Date.parse('2026-12-07T08:00:00Z');
let now = START;
let core: Core;
let removeTemp: () => void;

beforeEach(async () => {
  now = START;
  const temp = makeTempDir('audit-for-task-');
  removeTemp = temp.remove;
  core = startCore({ dataDir: path.join(temp.dir, 'data'), clock: () => now, logSink: nullSink });
  await createOfficers(core);
  core.db.tasks.upsertMany([TASK, OTHER_TASK].map((taskId) => buildTask({ taskId }, { checklistId: checklist.checklistId })));
  core.db.sync.reference.store(reference.data, reference.etag);
});
afterEach(async () => {
  await core.close();
  removeTemp();
});

/** Each step a minute after the one before, so every entry has its own time. */
function minuteLater(): void {
  now += 60_000;
}

/** TASK inspected by FIRST and SECOND, submitted, and returned by THIRD with `comment`; the result's id. */
async function inspectAndReturn(comment: string): Promise<string> {
  const draft = await startInspection(core, TASK);
  minuteLater();
  await must(core, 'inspection:save', { taskId: TASK, draft: completeContent(draft, { containers: [{ containerNo: CONTAINER, sealNos: ['CQ123456'] }] }, itemIds) });
  minuteLater();
  await signBoth(core, TASK);
  minuteLater();
  await must(core, 'inspection:submit', { taskId: TASK, language: 'zh-CN' });
  minuteLater();
  await must(core, 'review:decide', { resultId: draft.resultId, decision: 'return', comment }, THIRD);
  return draft.resultId;
}

const at = (minutes: number): string => new Date(START + minutes * 60_000).toISOString();

describe('audit:forTask', () => {
  it("answers a supervisor the task's entries in chain order, each actor named, the details summarised without hashes", async () => {
    // The other task's inspection is written between: it stays out of this task's answer.
    await startInspection(core, OTHER_TASK);
    const resultId = await inspectAndReturn('封志照片不清晰，请补拍 / the seal photo is unreadable: take it again');

    const { taskId, entries } = await must(core, 'audit:forTask', { taskId: TASK }, SECOND);
    expect(taskId).toBe(TASK);
    expect(entries.map(({ action, actor, at: time }) => [action, actor, time])).toEqual([
      ['inspection.start', FIRST, at(0)],
      ['draft.change', FIRST, at(1)],
      ['draft.signed', FIRST, at(2)],
      ['draft.signed', FIRST, at(2)],
      ['result.submit', FIRST, at(3)],
      ['result.reviewed', THIRD, at(4)],
    ]);
    // Chain order: the seqs the chain gave them, rising, the other task's entry skipped.
    const seqs = entries.map((entry) => entry.seq);
    expect(seqs).toEqual(core.db.audit.entriesFor(TASK).map((entry) => entry.seq));
    expect(seqs[0]).toBe(2);
    expect(seqs.every((seq, index) => index === 0 || seq > (seqs[index - 1] ?? Infinity))).toBe(true);

    expect(entries[0]).toMatchObject({ actorName: '测试 inspector', details: [{ key: 'resultId', value: resultId }, { key: 'secondOfficer', value: SECOND }] });
    expect(entries[5]).toMatchObject({ actorName: '测试 inspector+supervisor' });
    expect(entries[4]?.details).toEqual([
      { key: 'disposition', value: 'release' },
      { key: 'inspectors', value: `${FIRST},${SECOND}` },
      { key: 'outcome', value: 'conform' },
      { key: 'resultId', value: resultId },
    ]);
    expect(entries[5]?.details).toEqual([
      { key: 'comment', value: '封志照片不清晰，请补拍 / the seal photo is unreadable: take it again' },
      { key: 'decision', value: 'returned' },
      { key: 'resultId', value: resultId },
    ]);
    // The drafts' hashes are in the chain, not in the summary.
    expect(core.db.audit.entriesFor(TASK)[1]?.details).toContain('draftSha256');
    expect(entries[1]?.details).toEqual([{ key: 'resultId', value: resultId }]);
  });

  it('cuts a long text to a summary and answers no entries for a task nothing was done on', async () => {
    const comment = '请补拍封志照片。'.repeat(40);
    await inspectAndReturn(comment);
    const reviewed = (await must(core, 'audit:forTask', { taskId: TASK }, SECOND)).entries.at(-1);
    const shown = reviewed?.details.find((detail) => detail.key === 'comment')?.value ?? '';
    expect(shown).toHaveLength(200);
    expect(shown.endsWith('…')).toBe(true);
    expect(comment.startsWith(shown.slice(0, -1))).toBe(true);

    expect(await must(core, 'audit:forTask', { taskId: OTHER_TASK }, SECOND)).toEqual({ taskId: OTHER_TASK, entries: [] });
  });

  it("shows a manual dispatch's officers as one list beside its reason, its shift (an object) left out", async () => {
    ensureOfficers(core.accounts, [
      { operatorId: 'c-0', agency: 'customs' },
      { operatorId: 'q-0', agency: 'quarantine' },
    ]);
    // 16:00 in Chongqing: the day shift of 7 December at the task's port.
    await must(core, 'roster:set', { portCode: '8000', date: '2026-12-07', shift: 'day', officers: ['c-0', 'q-0'] }, SECOND);
    await must(core, 'dispatch:manual', { taskId: TASK, officers: ['c-0', 'q-0'], reason: '现场需要 / needed on site' }, SECOND);
    const { entries } = await must(core, 'audit:forTask', { taskId: TASK }, SECOND);
    expect(entries.map(({ action, actorName, details }) => ({ action, actorName, details }))).toEqual([
      {
        action: 'dispatch.manual',
        actorName: '测试 supervisor',
        details: [
          { key: 'assignmentId', value: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown },
          { key: 'baseVersion', value: '1' },
          { key: 'officers', value: 'c-0, q-0' },
          { key: 'reason', value: '现场需要 / needed on site' },
        ],
      },
    ]);
  });

  it('is refused to inspectors, admins and wall displays, and to a caller naming no task', async () => {
    await startInspection(core, TASK);
    for (const operatorId of [FIRST, ADMIN_ONLY]) {
      expect(await callAs(core, 'audit:forTask', { taskId: TASK }, operatorId)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const wall = await core.router.handle(JSON.stringify({ type: 'request', id: 1, method: 'audit:forTask', input: { taskId: TASK } }), { roles: ['wall'] });
    expect(wall.result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await callAs(core, 'audit:forTask', { taskId: '' }, SECOND)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
