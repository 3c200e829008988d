import { z } from 'zod';
import { resultSubmissionSchema, type ResultSubmission } from '../../../shared/contract/gateway.js';

/**
 * What the inspection screens hand the results repository: the body the single window will get
 * (ResultSubmission) plus the task it belongs to and who created it. Validated here, before any
 * row is written, so a bad input changes nothing.
 */

const ids = {
  taskId: z.string().min(1).max(64),
  createdBy: z.string().min(1).max(64),
};

/** Checklist answers are keyed by item in the database (one answer per item). */
function uniqueChecklistItems(checklist: readonly { itemId: string }[], context: z.RefinementCtx): void {
  const seen = new Set<string>();
  checklist.forEach(({ itemId }, index) => {
    if (seen.has(itemId)) context.addIssue({ code: 'custom', path: ['checklist', index, 'itemId'], message: `item ${itemId} is answered twice` });
    seen.add(itemId);
  });
}

type SealEntry = ResultSubmission['seals'][number];

/**
 * Seals are stored one row per seal number, so the entries of one container are merged (in order of
 * first appearance) and an entry without seal numbers is not kept. Exported for the writer.
 */
export function mergeSeals(seals: readonly SealEntry[]): SealEntry[] {
  const merged = new Map<string, SealEntry>();
  for (const entry of seals) {
    if (entry.removed.length === 0 && entry.applied.length === 0) continue;
    const into = merged.get(entry.containerNo);
    if (into) {
      into.removed.push(...entry.removed);
      into.applied.push(...entry.applied);
    } else {
      merged.set(entry.containerNo, { containerNo: entry.containerNo, removed: [...entry.removed], applied: [...entry.applied] });
    }
  }
  return [...merged.values()];
}

/** Merged entries must still fit the contract's limit of 20 seal numbers per list. */
function mergedSealsFit(seals: readonly SealEntry[], context: z.RefinementCtx): void {
  for (const entry of mergeSeals(seals)) {
    for (const list of ['removed', 'applied'] as const) {
      if (entry[list].length > 20) {
        context.addIssue({ code: 'custom', path: ['seals'], message: `container ${entry.containerNo} has more than 20 ${list} seals` });
      }
    }
  }
}

export const resultInputSchema = resultSubmissionSchema
  .extend(ids)
  .superRefine((value, context) => {
    uniqueChecklistItems(value.checklist, context);
    mergedSealsFit(value.seals, context);
  });
/** A complete result, ready to be queued for the single window. */
export type ResultInput = ResultSubmission & { taskId: string; createdBy: string };

const shape = resultSubmissionSchema.shape;
/**
 * A draft is work in progress: the outcome, disposition and times may still be missing and the
 * second officer may not have signed yet; the field limits are the same as a submission's.
 */
export const draftInputSchema = z
  .object({
    ...ids,
    resultId: shape.resultId,
    baseVersion: shape.baseVersion,
    outcome: shape.outcome.optional(),
    findings: shape.findings.default([]),
    seals: shape.seals.default([]),
    samples: shape.samples.default([]),
    attachments: shape.attachments.default([]),
    disposition: shape.disposition.optional(),
    inspectors: z.array(z.string().min(1).max(64)).max(10).default([]),
    startedAt: shape.startedAt.optional(),
    completedAt: shape.completedAt.optional(),
    checklist: shape.checklist.default([]),
  })
  .superRefine((value, context) => {
    uniqueChecklistItems(value.checklist, context);
    mergedSealsFit(value.seals, context);
  });
export type DraftInput = z.input<typeof draftInputSchema>;
/** A draft as stored and read back: lists always present, missing fields omitted. */
export type DraftContent = z.output<typeof draftInputSchema>;
