import { z } from 'zod';
import { countersignSchema, resultSubmissionSchema, type ResultSubmission } from '../../../shared/contract/gateway.js';

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

/** A refusal to countersign is noted on the record, never left blank (Customs Inspection Measures, art. 10). */
function refusalNoted(countersign: { signed?: boolean | undefined; refusalNote?: string | undefined } | undefined, context: z.RefinementCtx): void {
  if (countersign?.signed === false && (countersign.refusalNote ?? '').trim() === '') {
    context.addIssue({ code: 'custom', path: ['countersign', 'refusalNote'], message: 'the representative refused to countersign: note the refusal' });
  }
}

/** Recognising a prior inspection is the decision not to inspect again (single-window-api.md, `recognizes`). */
function recognitionIsNotInspected(value: { recognizes?: string | undefined; outcome?: string | undefined }, context: z.RefinementCtx): void {
  if (value.recognizes !== undefined && value.outcome !== undefined && value.outcome !== 'not_inspected') {
    context.addIssue({ code: 'custom', path: ['recognizes'], message: `a recognised prior inspection goes with outcome not_inspected, not ${value.outcome}` });
  }
}

/**
 * The app version is not the caller's to give: the core records its own on every result. The
 * reference version may be given (the version the officer's screen showed); without it the result
 * records the version cached when it is submitted.
 */
export const resultInputSchema = resultSubmissionSchema
  .omit({ appVersion: true })
  .extend(ids)
  .superRefine((value, context) => {
    uniqueChecklistItems(value.checklist, context);
    mergedSealsFit(value.seals, context);
    refusalNoted(value.countersign, context);
    recognitionIsNotInspected(value, context);
  });
/** A complete result, ready to be queued for the single window. */
export type ResultInput = Omit<ResultSubmission, 'appVersion'> & { taskId: string; createdBy: string };

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
    recognizes: shape.recognizes,
    // Typed while the representative is still deciding: name, capacity and answer may each be missing.
    countersign: countersignSchema.partial().extend({ name: z.string().max(200) }).optional(),
  })
  .superRefine((value, context) => {
    uniqueChecklistItems(value.checklist, context);
    mergedSealsFit(value.seals, context);
    recognitionIsNotInspected(value, context);
  });
export type DraftInput = z.input<typeof draftInputSchema>;
/** A draft as stored and read back: lists always present, missing fields omitted. */
export type DraftContent = z.output<typeof draftInputSchema>;
