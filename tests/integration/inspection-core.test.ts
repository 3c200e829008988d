import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../electron/core/audit/verify.js';
import { startCore, type Core } from '../../electron/core/core.js';
import { AuditRepository } from '../../electron/core/db/audit-repository.js';
import { sqliteHandle } from '../../electron/core/db/connection.js';
import { nullSink } from '../../electron/core/log.js';
import fc from 'fast-check';
import { inspectionDraftSchema, type InspectionContent, type InspectionDraft } from '../../shared/contract/index.js';
import { contentPatch } from '../../shared/domain/content-patch.js';
import {
  ADMIN_ONLY,
  callAs,
  completeContent,
  contentOf,
  createOfficers,
  FIRST,
  must,
  openContainerReference,
  SECOND,
  signBoth,
  startInspection,
  TEST_PASSWORD,
  THIRD,
} from '../fixtures/inspection-calls.js';
import { buildResultInput } from '../fixtures/result-input-builder.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * The inspection in the core (issue 8, point 4) through the real router on a real core and temp
 * data folder: start with a second officer, the re-inspection rule, drafts stored verbatim across a
 * restart, the seal check's proposals, signatures, the completeness check in words, and submit.
 */
const TASK = 'JI-8000-2026-000808';
const CONTAINER = 'CSQU3054383';
const DECLARED_SEAL = 'CQ123456';
const PRIOR = '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a00';
const { reference, checklist, itemIds } = openContainerReference();

const START = Date.parse('2026-12-07T08:00:00Z');
let now = START;
const clock = () => now;
let dataDir: string;
let core: Core;
let removeTemp: () => void;

function start(): Core {
  return startCore({ dataDir, clock, logSink: nullSink });
}

beforeEach(async () => {
  now = START;
  const temp = makeTempDir('inspection-');
  removeTemp = temp.remove;
  dataDir = path.join(temp.dir, 'data');
  core = start();
  await createOfficers(core);
  core.db.tasks.upsertMany([
    buildTask(
      {
        taskId: TASK,
        priorInspections: [{ portCode: '9400', siteId: 'alashankou', at: '2026-11-20T03:00:00Z', resultId: PRIOR, outcome: 'conform', disposition: 'release', agencies: ['customs'] }],
      },
      { checklistId: checklist.checklistId },
    ),
  ]);
  core.db.sync.reference.store(reference.data, reference.etag);
});
afterEach(async () => {
  await core.close();
  removeTemp();
});

const save = (content: InspectionContent, operatorId = FIRST) => must(core, 'inspection:save', { taskId: TASK, draft: content }, operatorId);
const failedAttempts = (operatorId: string) => core.accounts.find(operatorId)?.failedAttempts;
const auditActions = () => core.db.audit.entriesFor(TASK).map((entry) => entry.action);

describe('inspection:start', () => {
  it('verifies the second officer on this workstation: a wrong password is refused and counted towards the lockout', async () => {
    const wrong = await must(core, 'inspection:start', { taskId: TASK, secondOfficer: { operatorId: SECOND, password: 'not-the-password' } });
    expect(wrong).toEqual({ ok: false, refusal: { reason: 'wrong_credentials' } });
    expect(failedAttempts(SECOND)).toBe(1);
    expect(await must(core, 'inspection:get', { taskId: TASK })).toEqual({ draft: null });

    const draft = await startInspection(core, TASK);
    expect(draft).toMatchObject({ taskId: TASK, baseVersion: 1, startedAt: '2026-12-07T08:00:00.000Z', signatures: [], checklist: [], seals: [] });
    expect(draft.officers.map((officer) => officer.operatorId)).toEqual([FIRST, SECOND]);
    expect(failedAttempts(SECOND)).toBe(0);
    expect(auditActions()).toEqual(['inspection.start']);
  });

  it('refuses the same officer twice, an account that is not an officer, a second open inspection of the task, and an unknown task', async () => {
    const as = (secondOfficer: string) => must(core, 'inspection:start', { taskId: TASK, secondOfficer: { operatorId: secondOfficer, password: TEST_PASSWORD } });
    expect(await as(FIRST)).toEqual({ ok: false, refusal: { reason: 'same_officer', operatorId: FIRST } });
    expect(await as(ADMIN_ONLY)).toEqual({ ok: false, refusal: { reason: 'not_officer', operatorId: ADMIN_ONLY } });
    await startInspection(core, TASK);
    expect(await callAs(core, 'inspection:start', { taskId: TASK, secondOfficer: { operatorId: THIRD, password: TEST_PASSWORD } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/已有进行中的查验[^]*already open/) as string },
    });
    expect(await callAs(core, 'inspection:start', { taskId: 'JI-none', secondOfficer: { operatorId: SECOND, password: TEST_PASSWORD } })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    core.db.tasks.upsertMany([buildTask({ taskId: 'JI-cancelled', status: 'cancelled' })]);
    expect(await callAs(core, 'inspection:start', { taskId: 'JI-cancelled', secondOfficer: { operatorId: SECOND, password: TEST_PASSWORD } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('cancelled') as string },
    });
  });

  it('refuses an officer named on an earlier result of the task for its re-inspection, first or second', async () => {
    core.db.results.submit(buildResultInput({ taskId: TASK, inspectors: [FIRST, 'op-8000-009'] }));
    expect(await must(core, 'inspection:start', { taskId: TASK, secondOfficer: { operatorId: SECOND, password: TEST_PASSWORD } })).toEqual({
      ok: false,
      refusal: { reason: 'first_inspection', operatorId: FIRST },
    });
    expect(await must(core, 'inspection:start', { taskId: TASK, secondOfficer: { operatorId: FIRST, password: TEST_PASSWORD } }, THIRD)).toEqual({
      ok: false,
      refusal: { reason: 'first_inspection', operatorId: FIRST },
    });
    const started = await must(core, 'inspection:start', { taskId: TASK, secondOfficer: { operatorId: SECOND, password: TEST_PASSWORD } }, THIRD);
    expect(started.ok).toBe(true);
  });

  it('starts a recognition of a prior inspection as not_inspected, still with two officers, and refuses one the task does not list', async () => {
    const unknown = await callAs(core, 'inspection:start', { taskId: TASK, recognizes: 'elsewhere', secondOfficer: { operatorId: SECOND, password: TEST_PASSWORD } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const outcome = await must(core, 'inspection:start', { taskId: TASK, recognizes: PRIOR, secondOfficer: { operatorId: SECOND, password: TEST_PASSWORD } });
    expect(outcome).toMatchObject({ ok: true, draft: { recognizes: PRIOR, outcome: 'not_inspected' } });
  });
});

describe('inspection:save and get', () => {
  it('keeps the draft verbatim (answer order, an empty seal entry, a half-typed note) across a core restart', async () => {
    const draft = await startInspection(core, TASK);
    const typed: InspectionContent = {
      ...contentOf(draft),
      checklist: [
        { itemId: 'opn-03', answer: 'no', note: '左侧门框有变' },
        { itemId: 'opn-01', answer: null, note: '' },
      ],
      seals: [{ containerNo: '', removed: [], applied: [], broken: false, complete: false }],
      samples: [{ sampleId: 'S-1', goodsLine: null, quantity: null, unit: '', lab: '' }],
    };
    now += 1000;
    const saved = await save(typed);
    expect(contentOf(saved)).toEqual(typed);
    expect(saved.updatedAt).toBe(new Date(now).toISOString());
    expect(auditActions()).toEqual(['inspection.start', 'draft.change']);

    await core.close();
    core = start();
    expect(await must(core, 'inspection:get', { taskId: TASK })).toEqual({ draft: saved });
  });

  it('builds each save on the draft the table holds: an edit rolled back with a transaction around it is not remembered', async () => {
    const draft = await startInspection(core, TASK);
    const held = await save({ ...contentOf(draft), disposition: 'release' });
    const handle = sqliteHandle(core.db);
    expect(() =>
      handle.transaction(() => {
        core.db.drafts.edit(TASK, FIRST, (stored) => ({ ...stored, disposition: 'hold', updatedAt: new Date(now + 1).toISOString() }));
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    // The content the table holds again: nothing to write, the stored draft answered.
    expect(await save(contentOf(held))).toEqual(held);
    expect(auditActions()).toEqual(['inspection.start', 'draft.change']);
  });

  it('refuses a save for a task with no open inspection, and a draft beyond the limits', async () => {
    const draft = await startInspection(core, TASK);
    expect(await callAs(core, 'inspection:save', { taskId: 'JI-none', draft: contentOf(draft) })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const tooLong = { ...contentOf(draft), checklist: [{ itemId: 'opn-01', answer: 'yes' as const, note: 'x'.repeat(2001) }] };
    expect(await callAs(core, 'inspection:save', { taskId: TASK, draft: tooLong })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('inspection:patch', () => {
  const patch = (base: InspectionDraft, next: InspectionContent, operatorId = FIRST) => {
    const changes = contentPatch(contentOf(base), next);
    if (changes === null) throw new Error('the test made no change');
    return callAs(core, 'inspection:patch', { taskId: TASK, base: base.updatedAt, ...changes }, operatorId);
  };
  const stored = async () => {
    const { draft } = await must(core, 'inspection:get', { taskId: TASK });
    if (!draft) throw new Error('no draft');
    return draft;
  };
  const typed = (draft: InspectionDraft): InspectionContent => ({
    ...contentOf(draft),
    checklist: [
      { itemId: 'opn-03', answer: 'no', note: '左侧门框有变' },
      { itemId: 'opn-01', answer: null, note: '' },
    ],
    samples: [{ sampleId: 'S-1', goodsLine: null, quantity: null, unit: '', lab: '' }],
    disposition: 'hold',
  });

  it('stores what the form changed, exactly as a whole save would, with its audit entry, and the next patch builds on the answer', async () => {
    const before = await save(typed(await startInspection(core, TASK)));
    const content = contentOf(before);
    const [, second] = content.checklist;
    if (!second) throw new Error('two answers typed');
    // A note typed, an item answered for the first time (appended), a sample removed, the disposition cleared.
    const next: InspectionContent = { ...content, disposition: undefined, checklist: [content.checklist[0] as (typeof content.checklist)[number], { ...second, note: '封志完好' }, { itemId: 'opn-02', answer: 'yes', note: '' }], samples: [] };
    now += 1000;
    const answer = await patch(before, next);
    expect(answer).toEqual({ ok: true, value: { applied: true, updatedAt: new Date(now).toISOString(), signatures: [] } });
    const after = await stored();
    expect(contentOf(after)).toEqual(next);
    expect(after.updatedAt).toBe(new Date(now).toISOString());
    expect(auditActions()).toEqual(['inspection.start', 'draft.change', 'draft.change']);
    // The same millisecond again: the answer's updatedAt still names the new state, the base of the next patch.
    const again = await patch(after, { ...next, checklist: next.checklist.map((answer, index) => (index === 2 ? { ...answer, note: '已核对' } : answer)) });
    expect(again).toMatchObject({ ok: true, value: { applied: true } });
    const last = await stored();
    expect(last.updatedAt > after.updatedAt).toBe(true);
    expect(last.checklist[2]?.note).toBe('已核对');
    expect(verifyChain(new AuditRepository(sqliteHandle(core.db)))).toMatchObject({ ok: true });
  });

  it('applies nothing when the draft changed since the patch was made (a signature, another window), and keeps the signatures when it changes nothing', async () => {
    const before = await save(typed(await startInspection(core, TASK)));
    const signed = await signBoth(core, TASK);
    const stale = await patch(before, { ...contentOf(before), disposition: 'release' });
    expect(stale).toEqual({ ok: true, value: { applied: false } });
    expect(await stored()).toEqual(signed);
    const unchanged = await callAs(core, 'inspection:patch', { taskId: TASK, base: signed.updatedAt, set: { disposition: 'hold' }, unset: [], items: [] });
    expect(unchanged).toEqual({ ok: true, value: { applied: true, updatedAt: signed.updatedAt, signatures: signed.signatures } });
    expect(auditActions()).toEqual(['inspection.start', 'draft.change', 'draft.signed', 'draft.signed']);
    expect(await patch(signed, { ...contentOf(signed), disposition: 'release' })).toMatchObject({ ok: true, value: { applied: true, signatures: [] } });
  });

  it('refuses an entry past the end of its list, a value beyond the schema and a field the content has not, writing nothing', async () => {
    const before = await save(typed(await startInspection(core, TASK)));
    const base = { taskId: TASK, base: before.updatedAt, set: {}, unset: [] };
    const past = await callAs(core, 'inspection:patch', { ...base, items: [{ field: 'checklist', at: 3, value: { itemId: 'opn-02', answer: 'yes', note: '' } }] });
    expect(past).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/checklist\.3：该列表只有 2 项[\s\S]*\nchecklist\.3: the list has 2 entries/) as string } });
    const tooLong = await callAs(core, 'inspection:patch', { ...base, items: [{ field: 'checklist', at: 0, value: { itemId: 'opn-03', answer: 'no', note: 'x'.repeat(2001) } }] });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const unknownField = await core.router.handle(JSON.stringify({ type: 'request', id: 1, method: 'inspection:patch', input: { ...base, items: [{ field: 'officers', at: 0, value: {} }] } }), { roles: ['inspector'], operatorId: FIRST });
    expect(unknownField.result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const setCore = await core.router.handle(JSON.stringify({ type: 'request', id: 2, method: 'inspection:patch', input: { ...base, set: { signatures: [] }, items: [] } }), { roles: ['inspector'], operatorId: FIRST });
    expect(setCore.result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await stored()).toEqual(before);
    expect(auditActions()).toEqual(['inspection.start', 'draft.change']);
    expect(await callAs(core, 'inspection:patch', { ...base, items: [] }, ADMIN_ONLY)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('answers any patch a hostile or broken form sends with the draft stored intact or invalid_input, never a failure inside the core', async () => {
    const fields = ['checklist', 'findings', 'seals', 'samples', 'attachments', 'confirmedWarnings', 'disposition', 'officers', 'signatures', '__proto__'];
    // Values the schema takes beside anything at all, so that both answers are met.
    const answer = fc.record({ itemId: fc.constantFrom('opn-01', 'opn-02'), answer: fc.constantFrom('yes', 'no', null), note: fc.string({ maxLength: 20 }) });
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), answer, fc.string({ maxLength: 20 }), fc.constantFrom('hold', 'release'));
    const mostlyEmpty = (empty: unknown, other: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: fc.constant(empty), weight: 2 }, { arbitrary: other, weight: 1 });
    const patchInput = fc.record({
      set: mostlyEmpty({}, fc.oneof(fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 2 }), fc.jsonValue({ maxDepth: 2 }))),
      unset: mostlyEmpty([], fc.array(fc.oneof(fc.constantFrom('disposition', 'outcome', 'countersign', 'checklist'), fc.string()), { maxLength: 3 })),
      items: fc.array(fc.record({ field: fc.constantFrom(...fields), at: fc.oneof(fc.integer({ min: -1, max: 3 }), fc.double()), value }), { maxLength: 3 }),
    });
    const answered = { applied: 0, refused: 0 };
    await save(typed(await startInspection(core, TASK)));
    await fc.assert(
      fc.asyncProperty(patchInput, async (input) => {
        const before = await stored();
        const frame = JSON.stringify({ type: 'request', id: 1, method: 'inspection:patch', input: { taskId: TASK, base: before.updatedAt, ...input } });
        const { result } = await core.router.handle(frame, { roles: ['inspector'], operatorId: FIRST });
        if (!result.ok) expect(result.error.code).toBe('invalid_input');
        answered[result.ok ? 'applied' : 'refused'] += 1;
        const after = await stored();
        expect(inspectionDraftSchema.safeParse(after).success).toBe(true);
        if (!result.ok) expect(after).toEqual(before);
      }),
      { numRuns: 300 },
    );
    expect(answered.applied).toBeGreaterThan(10);
    expect(answered.refused).toBeGreaterThan(10);
  });

  it("answers the findings when the seal check adds or takes back a proposal, and only then", async () => {
    const before = await save(typed(await startInspection(core, TASK)));
    const entry = { containerNo: CONTAINER, removed: ['CQ123465'], applied: [], broken: false, complete: false };
    const proposed = await patch(before, { ...contentOf(before), seals: [entry] });
    if (!proposed.ok || !proposed.value.applied) throw new Error(`not applied: ${JSON.stringify(proposed)}`);
    expect(proposed.value.findings?.map((finding) => finding.code)).toEqual(['C-SEAL-MISMATCH']);
    const withProposal = await stored();
    expect(withProposal.findings).toEqual(proposed.value.findings);
    const noted = await patch(withProposal, { ...contentOf(withProposal), disposition: 'release' });
    expect(noted.ok && noted.value.applied && 'findings' in noted.value).toBe(false);
  });
});

describe('the seal check', () => {
  const sealEntry = (removed: string[], extra: Partial<{ broken: boolean; complete: boolean }> = {}) => ({ containerNo: CONTAINER, removed, applied: [], broken: false, complete: false, ...extra });
  const proposals = (content: InspectionContent) => content.findings.filter((finding) => finding.origin === 'seal_check').map((finding) => finding.code);

  it('proposes C-SEAL-MISMATCH for a removed seal not declared, and takes it back, undecided, once the typo is corrected', async () => {
    const draft = await startInspection(core, TASK);
    const mismatched = await save({ ...contentOf(draft), seals: [sealEntry(['CQ123465'])] });
    expect(mismatched.findings).toEqual([
      expect.objectContaining({ code: 'C-SEAL-MISMATCH', agency: 'customs', severity: 'major', containerNo: CONTAINER, origin: 'seal_check', text: expect.stringContaining('CQ123465') as string }),
    ]);
    expect(mismatched.findings[0]).not.toHaveProperty('decision');
    // A form that saves again before taking the proposal in gets the same one back: no change, nothing written.
    now += 1000;
    expect(await save({ ...contentOf(draft), seals: [sealEntry(['CQ123465'])] })).toEqual(mismatched);
    expect(auditActions()).toEqual(['inspection.start', 'draft.change']);
    const corrected = await save({ ...contentOf(mismatched), seals: [sealEntry([DECLARED_SEAL])] });
    expect(proposals(corrected)).toEqual([]);
  });

  it('proposes a mismatch for a declared seal not found only once the container is marked complete, and C-SEAL-BROKEN for a broken seal', async () => {
    const draft = await startInspection(core, TASK);
    expect(proposals(await save({ ...contentOf(draft), seals: [sealEntry([])] }))).toEqual([]);
    const both = await save({ ...contentOf(draft), seals: [sealEntry([], { complete: true, broken: true })] });
    expect(proposals(both)).toEqual(['C-SEAL-MISMATCH', 'C-SEAL-BROKEN']);
  });

  it('keeps decided proposals, adds none where a finding of that code exists for the container, and refuses a dismissal without its reason at submit', async () => {
    const draft = await startInspection(core, TASK);
    const proposed = await save({ ...contentOf(draft), seals: [sealEntry(['CQ999999'], { broken: true })] });
    const [mismatch, broken] = proposed.findings;
    if (!mismatch || !broken) throw new Error('expected two proposals');
    const decided = await save({ ...contentOf(proposed), findings: [{ ...mismatch, decision: 'confirmed' }, { ...broken, decision: 'dismissed', dismissReason: ' ' }] });
    expect(decided.findings.map((finding) => [finding.code, finding.decision])).toEqual([
      ['C-SEAL-MISMATCH', 'confirmed'],
      ['C-SEAL-BROKEN', 'dismissed'],
    ]);
    const { issues } = await must(core, 'inspection:check', { taskId: TASK, language: 'en' });
    expect(issues).toContainEqual({ path: 'findings.1.dismissReason', code: 'missing_dismiss_reason', message: 'Give the reason for dismissing C-SEAL-BROKEN.' });
    expect(issues.map((issue) => issue.code)).not.toContain('undecided_proposal');
  });

  it('leaves an officer finding of the same code alone instead of proposing another', async () => {
    const draft = await startInspection(core, TASK);
    const own = { findingId: 'mine', code: 'C-SEAL-MISMATCH', agency: 'customs' as const, severity: 'major' as const, text: '封志号不符', containerNo: 'csqu 305438 3', origin: 'officer' as const };
    const saved = await save({ ...contentOf(draft), findings: [own], seals: [sealEntry(['CQ999999'])] });
    expect(saved.findings).toEqual([own]);
  });
});

describe('inspection:sign', () => {
  it('takes a signature from an officer present with the password re-entered, refuses others, and a change of content clears the signatures', async () => {
    const draft = await startInspection(core, TASK);
    expect(await must(core, 'inspection:sign', { taskId: TASK, operatorId: FIRST, password: 'wrong-password-00' })).toEqual({ ok: false, refusal: { reason: 'wrong_credentials' } });
    expect(failedAttempts(FIRST)).toBe(1);
    expect(await must(core, 'inspection:sign', { taskId: TASK, operatorId: THIRD, password: TEST_PASSWORD })).toEqual({ ok: false, refusal: { reason: 'not_present', operatorId: THIRD } });
    // A save before the signatures: the draft the next save builds on is the signed one, not the one this save wrote.
    const typed = { ...contentOf(draft), disposition: 'release' as const };
    await save(typed);
    const signed = await signBoth(core, TASK);
    expect(signed.signatures.map((signature) => signature.operatorId)).toEqual([FIRST, SECOND]);
    expect(await must(core, 'inspection:sign', { taskId: TASK, operatorId: FIRST, password: TEST_PASSWORD })).toEqual({ ok: false, refusal: { reason: 'already_signed', operatorId: FIRST } });

    // The same content again writes nothing and keeps the signatures; a change asks for them again.
    expect((await save(contentOf(signed))).signatures).toHaveLength(2);
    const changed = await save({ ...contentOf(signed), disposition: 'hold' }, SECOND);
    expect(changed.signatures).toEqual([]);
    expect(changed.officers).toEqual(draft.officers);
    expect(auditActions()).toEqual(['inspection.start', 'draft.change', 'draft.signed', 'draft.signed', 'draft.change']);
  });
});

describe('inspection:submit', () => {
  it('refuses an incomplete draft, naming each missing piece in the officer language, and writes nothing', async () => {
    const draft = await startInspection(core, TASK);
    await save({
      ...contentOf(draft),
      checklist: [{ itemId: 'opn-01', answer: 'yes', note: '' }],
      seals: [
        { containerNo: 'CSQU3054384', removed: [DECLARED_SEAL], applied: [], broken: false, complete: true },
        { containerNo: 'MSCU1234566', removed: [], applied: ['CQ000001'], broken: false, complete: false },
        { containerNo: '', removed: [], applied: [], broken: false, complete: false },
      ],
      samples: [{ sampleId: 'S-1', goodsLine: 1, quantity: null, unit: 'kg', lab: '重庆海关技术中心' }],
      countersign: { name: '王芳', capacity: 'consignee', signed: false },
    });
    const answer = await must(core, 'inspection:submit', { taskId: TASK, language: 'zh-CN' });
    if (answer.submitted) throw new Error('an incomplete draft was submitted');
    const byCode = (code: string) => answer.issues.filter((issue) => issue.code === code);
    expect(byCode('missing_outcome')).toEqual([{ path: 'outcome', code: 'missing_outcome', message: '请选择查验结果' }]);
    expect(byCode('missing_disposition')).toHaveLength(1);
    const requiredOthers = checklist.items.filter((item) => item.required && item.itemId !== 'opn-01');
    expect(byCode('missing_answer')).toHaveLength(requiredOthers.length);
    expect(byCode('identifier_error')).toEqual([{ path: 'seals.0.containerNo', code: 'identifier_error', message: expect.stringContaining('校验码') as string }]);
    expect(byCode('identifier_warning')).toEqual([{ path: 'seals.1.containerNo', code: 'identifier_warning', message: expect.stringContaining('MSCU1234566') as string, confirmKey: 'containerNo:MSCU1234566' }]);
    expect(byCode('missing_sample_field')).toEqual([{ path: 'samples.0.quantity', code: 'missing_sample_field', message: '第 1 个样品缺少数量' }]);
    expect(byCode('missing_refusal_note')).toHaveLength(1);
    expect(byCode('missing_signature').map((issue) => issue.message)).toEqual([`测试 inspector（${FIRST}）尚未签名`, `测试 supervisor（${SECOND}）尚未签名`]);
    // The check digit typo's removed seal is on no task container, so the seal check proposes nothing for it.
    expect(byCode('undecided_proposal')).toEqual([]);
    expect(core.db.results.counts().queued).toBe(0);

    const english = await must(core, 'inspection:check', { taskId: TASK, language: 'en' });
    expect(english.issues.find((issue) => issue.code === 'missing_outcome')?.message).toBe('Choose the outcome.');
  });

  it('accepts a confirmed identifier warning and blocks on an undecided proposal', async () => {
    const draft = await startInspection(core, TASK);
    const complete = completeContent(draft, { containers: [{ containerNo: CONTAINER, sealNos: [DECLARED_SEAL] }] }, itemIds);
    const withUnknown = { ...complete, findings: [...complete.findings, { findingId: 'f-2', code: 'X-INFO', agency: 'customs' as const, severity: 'info' as const, text: '邻箱', containerNo: 'MSCU1234566', origin: 'officer' as const }] };
    await save(withUnknown);
    await signBoth(core, TASK);
    const warned = await must(core, 'inspection:check', { taskId: TASK, language: 'en' });
    expect(warned.issues.map((issue) => issue.code)).toEqual(['identifier_warning']);
    const confirmed = await save({ ...withUnknown, confirmedWarnings: ['containerNo:MSCU1234566'], seals: [{ containerNo: CONTAINER, removed: ['CQ000000'], applied: [], broken: false, complete: true }] });
    expect(confirmed.signatures).toEqual([]);
    const blocked = await must(core, 'inspection:check', { taskId: TASK, language: 'en' });
    expect(blocked.issues.map((issue) => issue.code)).toEqual(['undecided_proposal', 'missing_signature', 'missing_signature']);
  });

  it('queues the result with its outbox row, the audit entries in one chain, and removes the draft', async () => {
    const draft = await startInspection(core, TASK);
    await save(completeContent(draft, { containers: [{ containerNo: CONTAINER, sealNos: [DECLARED_SEAL] }] }, itemIds));
    await signBoth(core, TASK);
    now += 40 * 60_000;
    const answer = await must(core, 'inspection:submit', { taskId: TASK, language: 'zh-CN' });
    expect(answer).toMatchObject({ submitted: true, result: { resultId: draft.resultId, taskId: TASK, state: 'queued', outcome: 'conform', disposition: 'release' } });
    expect(core.db.results.dueOutbox(now, 10, core.db.results.currentGateway()).map((entry) => entry.resultId)).toEqual([draft.resultId]);
    expect(await must(core, 'inspection:get', { taskId: TASK })).toEqual({ draft: null });

    const body = core.db.results.toSubmission(draft.resultId);
    expect(body).toMatchObject({
      inspectors: [FIRST, SECOND],
      startedAt: '2026-12-07T08:00:00.000Z',
      completedAt: '2026-12-07T08:40:00.000Z',
      seals: [{ containerNo: CONTAINER, removed: [DECLARED_SEAL], applied: ['CQN00000'] }],
      countersign: { name: '王芳', capacity: 'consignee', signed: false, refusalNote: '当事人拒绝签字 / refused to sign' },
      referenceVersion: reference.data.version,
    });
    expect(body.checklist.map((answer) => answer.itemId)).toEqual(itemIds);
    expect(auditActions()).toEqual(['inspection.start', 'draft.change', 'draft.signed', 'draft.signed', 'result.submit']);
    expect(verifyChain(new AuditRepository(sqliteHandle(core.db)))).toMatchObject({ ok: true });

    // A second submit finds no draft: nothing is sent twice.
    expect(await callAs(core, 'inspection:submit', { taskId: TASK, language: 'zh-CN' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('submits a recognition of a prior inspection without checklist or countersignature, still with both signatures', async () => {
    const outcome = await must(core, 'inspection:start', { taskId: TASK, recognizes: PRIOR, secondOfficer: { operatorId: SECOND, password: TEST_PASSWORD } });
    if (!outcome.ok) throw new Error('start refused');
    await save({ ...contentOf(outcome.draft), outcome: 'conform', disposition: 'release' });
    const wrong = await must(core, 'inspection:check', { taskId: TASK, language: 'en' });
    expect(wrong.issues.map((issue) => issue.code)).toEqual(['wrong_outcome', 'missing_signature', 'missing_signature']);
    await save({ ...contentOf(outcome.draft), disposition: 'release' });
    await signBoth(core, TASK);
    expect(await must(core, 'inspection:submit', { taskId: TASK, language: 'en' })).toMatchObject({ submitted: true, result: { state: 'queued', outcome: 'not_inspected' } });
    expect(core.db.results.toSubmission(outcome.draft.resultId)).toMatchObject({ recognizes: PRIOR, inspectors: [FIRST, SECOND], checklist: [] });
  });

  it('discards a draft with its reason in the audit chain', async () => {
    await startInspection(core, TASK);
    expect(await must(core, 'inspection:discard', { taskId: TASK, reason: '任务已改派 / reassigned' })).toEqual({ discarded: true });
    expect(await must(core, 'inspection:get', { taskId: TASK })).toEqual({ draft: null });
    expect(core.db.audit.entriesFor(TASK).at(-1)).toMatchObject({ action: 'inspection.discard', actor: FIRST, details: expect.stringContaining('reassigned') as string });
  });

  it('is refused to an admin, whose role is not an officer', async () => {
    expect(await callAs(core, 'inspection:get', { taskId: TASK }, ADMIN_ONLY)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
