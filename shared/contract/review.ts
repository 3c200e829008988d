import { z } from 'zod';
import { dispositionSchema, outcomeSchema } from './enums.js';

/** A supervisor's review of a submitted inspection (issue 10, point 2). */
export const reviewSchema = z.object({
  resultId: z.string(),
  decision: z.enum(['endorsed', 'returned']),
  comment: z.string(),
  reviewer: z.string(),
  reviewedAt: z.string(),
});
export type Review = z.infer<typeof reviewSchema>;

/** review:pending: submitted inspections no supervisor has reviewed, oldest submission first. */
export const reviewPendingInputSchema = z.strictObject({ limit: z.number().int().min(1).max(200).default(50) });
export const pendingReviewSchema = z.object({
  resultId: z.string(),
  taskId: z.string(),
  outcome: outcomeSchema,
  disposition: dispositionSchema,
  officers: z.array(z.string()),
  findings: z.number().int().nonnegative(),
  submittedAt: z.string(),
  /** A reviewer may not review an inspection they made: the core refuses it, the screen says so. */
  ownInspection: z.boolean(),
});
export const reviewPendingSchema = z.object({ results: z.array(pendingReviewSchema) });

export const reviewDecideInputSchema = z
  .strictObject({
    resultId: z.uuid(),
    decision: z.enum(['endorse', 'return']),
    /** Required to return (the officers must read why); optional to endorse. */
    comment: z.string().trim().max(1000).default(''),
  })
  .refine((input) => input.decision === 'endorse' || input.comment.length >= 2, { message: 'a return needs a comment the officers can act on', path: ['comment'] });

export const reviewForTaskInputSchema = z.strictObject({ taskId: z.string().min(1).max(64) });
export const reviewListSchema = z.object({ reviews: z.array(reviewSchema) });
