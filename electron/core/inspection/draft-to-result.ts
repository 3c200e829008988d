import type { InspectionDraft } from '../../../shared/contract/inspection.js';
import { foundIdentifierKind } from '../../../shared/domain/found-identifier.js';
import { normalizeContainerNo } from '../../../shared/domain/iso6346.js';
import { normalizeTypedIdentifier } from '../../../shared/domain/typed-identifier.js';
import type { JsonObject } from '../audit/canonical-json.js';
import type { ResultInput } from '../db/result-input.js';

/**
 * The result a checked draft becomes (checkDraft found nothing): what the single window gets, in the
 * shape the results repository takes. Dismissed proposals are left out (the dismissal and its reason
 * stay in the audit chain's draft changes, not in the result); unanswered optional items, empty
 * notes, empty seal entries and blank seal numbers record nothing; container numbers are sent as
 * the validator normalises them (no spaces, upper case). The identifiers the result has no field
 * for (a finding's `found`, the document check's numbers) are not sent: see typedIdentifiersOf.
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

/**
 * What the officers typed that the single window's result has no field for (single-window-api.md):
 * the identifier each kept finding records as found, the declaration number and USCC read from the
 * papers at the document check, and the identifier warnings they confirmed that apply to the result
 * (`confirmed`: a confirmation of a number typed over since is left out); normalised as checked.
 * The submit's audit entry carries it, so the local record (and an evidence bundle's chain
 * segment) holds what was read and confirmed. null when nothing was typed.
 */
export function typedIdentifiersOf(draft: InspectionDraft, confirmed: readonly string[]): JsonObject | null {
  const found = draft.findings.flatMap((finding) => {
    const kind = foundIdentifierKind(finding.code);
    const typed = finding.found?.trim() ?? '';
    if (kind === undefined || finding.decision === 'dismissed' || typed === '') return [];
    return [{ code: finding.code.trim(), [kind]: normalizeTypedIdentifier(kind, typed) }];
  });
  const documents: JsonObject = {};
  const declarationNo = draft.documents?.declarationNo.trim() ?? '';
  const consigneeUscc = draft.documents?.consigneeUscc.trim() ?? '';
  if (declarationNo !== '') documents.declarationNo = normalizeTypedIdentifier('declarationNo', declarationNo);
  if (consigneeUscc !== '') documents.consigneeUscc = normalizeTypedIdentifier('uscc', consigneeUscc);
  const record: JsonObject = {
    ...(found.length === 0 ? {} : { found }),
    ...(Object.keys(documents).length === 0 ? {} : { documents }),
    ...(confirmed.length === 0 ? {} : { confirmedWarnings: [...confirmed] }),
  };
  return Object.keys(record).length === 0 ? null : record;
}
