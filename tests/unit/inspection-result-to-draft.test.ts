import { describe, expect, it } from 'vitest';
import { draftInputSchema } from '../../electron/core/db/result-input.js';
import { toResultInput } from '../../electron/core/inspection/draft-to-result.js';
import { draftFromResult } from '../../electron/core/inspection/result-to-draft.js';
import { inspectionDraftSchema } from '../../shared/contract/index.js';
import { buildResultInput } from '../fixtures/result-input-builder.js';

/** An edited result back in the inspection form: what was sent comes back, what attests it does not. */
const officers = [
  { operatorId: 'op-8000-001', name: '李明', agency: 'customs' as const },
  { operatorId: 'op-8000-002', name: '张伟', agency: 'quarantine' as const },
];
const sent = buildResultInput({
  taskId: 'JI-8000-2026-000808',
  baseVersion: 3,
  countersign: { name: '王芳', capacity: 'agent', signed: false, refusalNote: '拒绝签字' },
});
const content = draftInputSchema.parse(sent);

describe('draftFromResult', () => {
  it('gives the form a valid draft on the version now, with no signatures and no confirmed warnings', () => {
    const draft = draftFromResult(content, { baseVersion: 5, officers, now: '2026-12-07T09:00:00.000Z' });
    expect(inspectionDraftSchema.parse(draft)).toEqual(draft);
    expect(draft).toMatchObject({ resultId: sent.resultId, baseVersion: 5, startedAt: sent.startedAt, officers, signatures: [], confirmedWarnings: [], updatedAt: '2026-12-07T09:00:00.000Z' });
    expect(draft.findings.every((finding) => finding.origin === 'officer' && finding.decision === undefined)).toBe(true);
    expect(draft.seals.every((seal) => seal.complete && !seal.broken)).toBe(true);
  });

  it('becomes the same result again when submitted unchanged, on the new version', () => {
    const draft = draftFromResult(content, { baseVersion: 5, officers, now: '2026-12-07T09:00:00.000Z' });
    const again = toResultInput(draft, { completedAt: sent.completedAt, referenceVersion: null });
    expect(again).toEqual({ ...sent, baseVersion: 5 });
  });
});
