import { z } from 'zod';
import { agencySchema, inspectionTypeSchema, prioritySchema, taskStatusSchema } from './enums.js';
import { resultSubmissionSchema } from './gateway.js';
import { containerSchema, goodsLineSchema } from './gateway-task.js';

/**
 * results:conflict (issue 8, point 9): a task's result that the single window refused (409 conflict
 * or 422 rejected), laid out for the officer: the task as the result was based on beside the task
 * as the single window has it now, field by field, and the result as sent with each field error on
 * the part of the result it names.
 */
export const conflictInputSchema = z.strictObject({ taskId: z.string().min(1).max(64) });

/**
 * same / changed: both versions known; added / removed: a container or goods line only the newer or
 * only the older version has; not_kept: this workstation does not hold that field of the older
 * version (a version kept before migration 012 has only status, priority, due time and officers).
 */
export const fieldChanges = ['same', 'changed', 'added', 'removed', 'not_kept'] as const;
export type FieldChange = (typeof fieldChanges)[number];

const change = z.enum(fieldChanges);
const row = <F extends string, T extends z.ZodType>(field: F, value: T) =>
  z.object({ field: z.literal(field), key: z.string(), change, based: value.nullable(), now: value.nullable() });

/** One line of the comparison. `key`: the container number or goods line for those rows, else the field's name. */
export const conflictRowSchema = z.discriminatedUnion('field', [
  row('status', taskStatusSchema),
  row('priority', prioritySchema),
  row('dueAt', z.string()),
  row('assignedTo', z.array(z.string())),
  row('types', z.array(inspectionTypeSchema)),
  row('agencies', z.array(agencySchema)),
  row('checklistId', z.string()),
  row('container', containerSchema.omit({ containerNo: true })),
  row('goodsLine', goodsLineSchema.omit({ line: true })),
]);
export type ConflictRow = z.infer<typeof conflictRowSchema>;

/**
 * What happened, for the words on the task: cancelled, closed (completed, released or held by
 * someone else), reassigned, inspection_changed (types, agencies or checklist), changed (anything
 * else, or nothing this workstation can see), refused (422: field errors).
 */
export const conflictReasons = ['cancelled', 'closed', 'reassigned', 'inspection_changed', 'changed', 'refused'] as const;
export type ConflictReason = (typeof conflictReasons)[number];

/** A 422 field error with the part of the result it is about (`item`, e.g. "findings.0"); null when it names none. */
export const placedFieldErrorSchema = z.object({ path: z.string(), message: z.string(), item: z.string().nullable() });
export type PlacedFieldError = z.infer<typeof placedFieldErrorSchema>;

/** A part of the result (`item`) naming a container or goods line the task no longer has. */
export const missingReferenceSchema = z.object({
  item: z.string(),
  kind: z.enum(['container', 'goodsLine']),
  key: z.string(),
});
export type MissingReference = z.infer<typeof missingReferenceSchema>;

export const taskConflictSchema = z.object({
  resultId: z.string(),
  taskId: z.string(),
  state: z.enum(['conflict', 'rejected']),
  reason: z.enum(conflictReasons),
  /** The single window's words as the push recorded them (English, as the journal has them). */
  message: z.string().nullable(),
  updatedAt: z.string(),
  basedOnVersion: z.number().int(),
  /** The version cached now (the one a 409 brought); null when the task left the cache. */
  nowVersion: z.number().int().nullable(),
  rows: z.array(conflictRowSchema),
  /** The result as it was sent, unchanged. */
  result: resultSubmissionSchema,
  fieldErrors: z.array(placedFieldErrorSchema),
  missing: z.array(missingReferenceSchema),
});
export type TaskConflict = z.infer<typeof taskConflictSchema>;

/** null: the task has no result in conflict or rejected for the single window configured now. */
export const conflictAnswerSchema = z.object({ conflict: taskConflictSchema.nullable() });
