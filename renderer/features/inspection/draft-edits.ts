import type { InspectionContent, InspectionDraft, InspectionPatchOutcome } from '../../../shared/contract/index.js';

type ChecklistAnswer = InspectionContent['checklist'][number];

/** The part of a draft the form edits and sends with inspection:save (the rest only the core sets). */
export function contentOf(draft: InspectionDraft): InspectionContent {
  const { checklist, findings, seals, samples, attachments, disposition, outcome, recognizes, countersign, documents, confirmedWarnings } = draft;
  return {
    checklist,
    findings,
    seals,
    samples,
    attachments,
    confirmedWarnings,
    ...(disposition === undefined ? {} : { disposition }),
    ...(outcome === undefined ? {} : { outcome }),
    ...(recognizes === undefined ? {} : { recognizes }),
    ...(countersign === undefined ? {} : { countersign }),
    ...(documents === undefined ? {} : { documents }),
  };
}

/** The draft the core stores after applying a patch of `content`: the content sent, and what the core set (inspection:patch's answer). */
export function patchedDraft(base: InspectionDraft, content: InspectionContent, applied: Omit<Extract<InspectionPatchOutcome, { applied: true }>, 'applied'>): InspectionDraft {
  const { taskId, resultId, baseVersion, startedAt, officers } = base;
  const { updatedAt, signatures, findings } = applied;
  return { ...content, ...(findings === undefined ? {} : { findings }), taskId, resultId, baseVersion, startedAt, officers, signatures, updatedAt };
}

/**
 * Changes one checklist item's answer or note. An item answered for the first time goes to the end,
 * so the draft keeps the order in which the officers answered (the core stores it as it comes).
 */
export function withChecklistAnswer(content: InspectionContent, itemId: string, change: Partial<Omit<ChecklistAnswer, 'itemId'>>): InspectionContent {
  const index = content.checklist.findIndex((answer) => answer.itemId === itemId);
  const previous: ChecklistAnswer = index === -1 ? { itemId, answer: null, note: '' } : (content.checklist[index] as ChecklistAnswer);
  const next = { ...previous, ...change };
  const checklist = index === -1 ? [...content.checklist, next] : replaceAt(content.checklist, index, next);
  return { ...content, checklist };
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((existing, i) => (i === index ? item : existing));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** The key a confirmed identifier warning is recorded under, as the core's check names it. */
export function confirmKey(kind: string, value: string): string {
  return `${kind}:${value}`;
}

export function withConfirmed(content: InspectionContent, key: string): InspectionContent {
  if (content.confirmedWarnings.includes(key)) return content;
  return { ...content, confirmedWarnings: [...content.confirmedWarnings, key] };
}
