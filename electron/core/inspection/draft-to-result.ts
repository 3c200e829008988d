import type { InspectionDraft } from '../../../shared/contract/inspection.js';
import { normalizeContainerNo } from '../../../shared/domain/iso6346.js';
import type { ResultInput } from '../db/result-input.js';

/**
 * The result a checked draft becomes (checkDraft found nothing): what the single window gets, in the
 * shape the results repository takes. Dismissed proposals are left out (the dismissal and its reason
 * stay in the audit chain's draft changes, not in the result); unanswered optional items, empty
 * notes, empty seal entries and blank seal numbers record nothing; container numbers are sent as
 * the validator normalises them (no spaces, upper case).
 */
export function toResultInput(draft: InspectionDraft, at: { completedAt: string; referenceVersion: string | null }): ResultInput {
  const first = draft.officers[0];
  if (first === undefined) throw new Error(`draft ${draft.resultId} has no officers`);
  if (draft.disposition === undefined || draft.outcome === undefined) throw new Error(`draft ${draft.resultId} is not complete`);
  const countersign = draft.countersign;
  return {
    taskId: draft.taskId,
    createdBy: first.operatorId,
    resultId: draft.resultId,
    baseVersion: draft.baseVersion,
    outcome: draft.outcome,
    findings: draft.findings
      .filter((finding) => finding.decision !== 'dismissed')
      .map((finding) => ({
        agency: finding.agency,
        code: finding.code.trim(),
        severity: finding.severity,
        text: finding.text,
        ...(finding.goodsLine === undefined ? {} : { goodsLine: finding.goodsLine }),
        ...(finding.containerNo === undefined || finding.containerNo.trim() === '' ? {} : { containerNo: normalizeContainerNo(finding.containerNo) }),
      })),
    seals: draft.seals.map((entry) => ({
      containerNo: normalizeContainerNo(entry.containerNo),
      removed: entry.removed.map((seal) => seal.trim()).filter((seal) => seal !== ''),
      applied: entry.applied.map((seal) => seal.trim()).filter((seal) => seal !== ''),
    })),
    samples: draft.samples.map((sample) => ({
      sampleId: sample.sampleId.trim(),
      goodsLine: sample.goodsLine ?? 0,
      quantity: sample.quantity ?? 0,
      unit: sample.unit.trim(),
      lab: sample.lab.trim(),
    })),
    attachments: draft.attachments,
    disposition: draft.disposition,
    inspectors: draft.officers.map((officer) => officer.operatorId),
    startedAt: draft.startedAt,
    completedAt: at.completedAt,
    checklist: draft.checklist.flatMap((answer) =>
      answer.answer === null ? [] : [{ itemId: answer.itemId, answer: answer.answer, ...(answer.note.trim() === '' ? {} : { note: answer.note }) }],
    ),
    ...(countersign === undefined || countersign.capacity === null || countersign.signed === null
      ? {}
      : {
          countersign: {
            name: countersign.name.trim(),
            capacity: countersign.capacity,
            signed: countersign.signed,
            ...(countersign.refusalNote === undefined || countersign.refusalNote.trim() === '' ? {} : { refusalNote: countersign.refusalNote }),
          },
        }),
    ...(draft.recognizes === undefined ? {} : { recognizes: draft.recognizes }),
    ...(at.referenceVersion === null ? {} : { referenceVersion: at.referenceVersion }),
  };
}
