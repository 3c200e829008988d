import { describe, expect, it } from 'vitest';
import { toResultInput, typedIdentifiersOf } from '../../electron/core/inspection/draft-to-result.js';
import { resultInputSchema } from '../../electron/core/db/result-input.js';
import type { InspectionDraft } from '../../shared/contract/index.js';

/** What a checked draft becomes: the result the single window gets, without the form's working state. */
const draft: InspectionDraft = {
  taskId: 'JI-8000-2026-000808',
  resultId: '6b0f6c4e-7c1d-4f7a-9a51-0d2e3f4a5b6c',
  baseVersion: 3,
  startedAt: '2026-12-07T08:00:00.000Z',
  officers: [
    { operatorId: 'op-1', name: '李明', agency: 'customs' },
    { operatorId: 'op-2', name: '张伟', agency: 'quarantine' },
  ],
  signatures: [
    { operatorId: 'op-1', signedAt: '2026-12-07T08:30:00.000Z' },
    { operatorId: 'op-2', signedAt: '2026-12-07T08:31:00.000Z' },
  ],
  updatedAt: '2026-12-07T08:31:00.000Z',
  checklist: [
    { itemId: 'opn-03', answer: 'no', note: '门框变形' },
    { itemId: 'opn-01', answer: 'yes', note: '' },
    { itemId: 'opn-06', answer: null, note: '' },
  ],
  findings: [
    { findingId: 'a', code: 'C-SEAL-MISMATCH', agency: 'customs', severity: 'major', text: '封志号不符', containerNo: 'csqu 305438 3', origin: 'seal_check', decision: 'confirmed' },
    { findingId: 'b', code: 'C-SEAL-BROKEN', agency: 'customs', severity: 'major', text: '封志破损', containerNo: 'CSQU3054383', origin: 'seal_check', decision: 'dismissed', dismissReason: '旧封志划痕' },
    { findingId: 'c', code: 'X-INFO', agency: 'customs', severity: 'info', text: '记录', goodsLine: 1, containerNo: '', origin: 'officer' },
  ],
  seals: [
    { containerNo: 'csqu3054383', removed: ['CQ999999', ' '], applied: ['CQN00001'], broken: false, complete: true },
    { containerNo: '', removed: [], applied: [], broken: false, complete: false },
  ],
  samples: [{ sampleId: ' S-1 ', goodsLine: 1, quantity: 2.5, unit: 'kg', lab: '重庆海关技术中心' }],
  attachments: [],
  disposition: 'hold',
  outcome: 'nonconform',
  countersign: { name: ' 王芳 ', capacity: 'agent', signed: true, refusalNote: '' },
  confirmedWarnings: [],
};

describe('toResultInput', () => {
  const result = toResultInput(draft, { completedAt: '2026-12-07T08:40:00.000Z', referenceVersion: 'ref-7' });

  it('leaves out dismissed proposals, unanswered items, empty notes, blank seal numbers and empty containers, and normalises container numbers', () => {
    expect(result.findings).toEqual([
      { agency: 'customs', code: 'C-SEAL-MISMATCH', severity: 'major', text: '封志号不符', containerNo: 'CSQU3054383' },
      { agency: 'customs', code: 'X-INFO', severity: 'info', text: '记录', goodsLine: 1 },
    ]);
    expect(result.checklist).toEqual([
      { itemId: 'opn-03', answer: 'no', note: '门框变形' },
      { itemId: 'opn-01', answer: 'yes' },
    ]);
    expect(result.seals[0]).toEqual({ containerNo: 'CSQU3054383', removed: ['CQ999999'], applied: ['CQN00001'] });
    expect(result.samples).toEqual([{ sampleId: 'S-1', goodsLine: 1, quantity: 2.5, unit: 'kg', lab: '重庆海关技术中心' }]);
    expect(result.countersign).toEqual({ name: '王芳', capacity: 'agent', signed: true });
  });

  it('names the officers present as inspectors, the first as creator, with the times and the reference version, and passes the repository check', () => {
    expect(result).toMatchObject({ createdBy: 'op-1', inspectors: ['op-1', 'op-2'], baseVersion: 3, startedAt: draft.startedAt, completedAt: '2026-12-07T08:40:00.000Z', referenceVersion: 'ref-7' });
    expect(resultInputSchema.safeParse(result).success).toBe(true);
  });
});

describe('typedIdentifiersOf', () => {
  const typed: InspectionDraft = {
    ...draft,
    findings: [
      ...draft.findings,
      { findingId: 'd', code: 'C-HS-MISCLASS', agency: 'customs', severity: 'major', text: '归类错误', goodsLine: 1, origin: 'officer', found: ' 8471300000 ' },
      { findingId: 'e', code: 'C-CNTR-MISMATCH', agency: 'customs', severity: 'major', text: '箱号不符', containerNo: 'CSQU3054383', origin: 'officer', found: 'tcnu 720079 4' },
      // Dismissed: not submitted, so nothing of it is recorded as found.
      { findingId: 'f', code: 'C-CNTR-MISMATCH', agency: 'customs', severity: 'major', text: '', origin: 'seal_check', decision: 'dismissed', dismissReason: '看错', found: 'GYOU4047990' },
    ],
    documents: { declarationNo: ' 800020261000012345', consigneeUscc: '' },
  };

  it('keeps what the result has no field for, normalised: the identifiers found on kept findings, the document check typed so far, the confirmations given', () => {
    expect(typedIdentifiersOf(typed, ['containerNo:TCNU7200794'])).toEqual({
      found: [
        { code: 'C-HS-MISCLASS', hsCode: '8471300000' },
        { code: 'C-CNTR-MISMATCH', containerNo: 'TCNU7200794' },
      ],
      documents: { declarationNo: '800020261000012345' },
      confirmedWarnings: ['containerNo:TCNU7200794'],
    });
  });

  it('sends none of it to the single window, and records nothing when nothing was typed', () => {
    const sent = toResultInput(typed, { completedAt: '2026-12-07T08:40:00.000Z', referenceVersion: null });
    expect(resultInputSchema.safeParse(sent).success).toBe(true);
    expect(JSON.stringify(sent)).not.toMatch(/8471300000|TCNU|found|documents/);
    expect(typedIdentifiersOf(draft, [])).toBeNull();
  });
});
