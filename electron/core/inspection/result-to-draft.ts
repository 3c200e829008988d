import type { InspectionDraft } from '../../../shared/contract/inspection.js';
import type { DraftContent } from '../db/result-input.js';

type Officer = InspectionDraft['officers'][number];

/**
 * A result the officers chose to edit (results:resolve edit: a 409 or 422, or a queued result taken
 * back) as the inspection form's draft, so the edit starts from what was sent instead of an empty
 * form. Everything the result holds comes back; what it never held starts as the form would have it:
 * findings are the officers' own (a seal-check proposal they confirmed is now their finding, and a
 * dismissed one was never sent), seal entries are complete and not marked broken (the seal check
 * then proposes again only what no finding covers), no warnings confirmed and no signatures, since
 * signatures attest content the officers are about to change. `baseVersion` is the task's version
 * now: the edit is made on the task as it is.
 */
export function draftFromResult(content: DraftContent, at: { baseVersion: number; officers: readonly Officer[]; now: string }): InspectionDraft {
  const countersign = content.countersign;
  return {
    taskId: content.taskId,
    resultId: content.resultId,
    baseVersion: at.baseVersion,
    startedAt: content.startedAt ?? at.now,
    officers: [...at.officers],
    signatures: [],
    updatedAt: at.now,
    checklist: content.checklist.map((answer) => ({ itemId: answer.itemId, answer: answer.answer, note: answer.note ?? '' })),
    findings: content.findings.map((finding, index) => ({
      findingId: `f-${content.resultId}-${index}`,
      code: finding.code,
      agency: finding.agency,
      severity: finding.severity,
      text: finding.text,
      ...(finding.goodsLine === undefined ? {} : { goodsLine: finding.goodsLine }),
      ...(finding.containerNo === undefined ? {} : { containerNo: finding.containerNo }),
      origin: 'officer' as const,
    })),
    seals: content.seals.map((seal) => ({ containerNo: seal.containerNo, removed: [...seal.removed], applied: [...seal.applied], broken: false, complete: true })),
    samples: content.samples.map((sample) => ({ ...sample })),
    attachments: content.attachments.map((attachment) => ({ ...attachment })),
    confirmedWarnings: [],
    ...(content.disposition === undefined ? {} : { disposition: content.disposition }),
    ...(content.outcome === undefined ? {} : { outcome: content.outcome }),
    ...(content.recognizes === undefined ? {} : { recognizes: content.recognizes }),
    ...(countersign === undefined
      ? {}
      : {
          countersign: {
            name: countersign.name,
            capacity: countersign.capacity ?? null,
            signed: countersign.signed ?? null,
            ...(countersign.refusalNote === undefined ? {} : { refusalNote: countersign.refusalNote }),
          },
        }),
  };
}
