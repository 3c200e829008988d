import { z } from 'zod';
import {
  agencySchema,
  creditGradeSchema,
  dispositionSchema,
  inspectionTypeSchema,
  outcomeSchema,
  prioritySchema,
  taskStatusSchema,
  transportModeSchema,
} from './enums.js';

/** `status: 'open'` is the default view: tasks still waiting for work at the port. */
export const statusFilterSchema = z.union([z.literal('open'), z.literal('all'), taskStatusSchema]);

export const MAX_SEARCH_CHARS = 100;
export const MAX_PAGE_ROWS = 200;

export const taskFilterSchema = z.strictObject({
  status: statusFilterSchema.default('open'),
  mode: transportModeSchema.optional(),
  agency: agencySchema.optional(),
  priority: prioritySchema.optional(),
  assignee: z.string().min(1).max(64).optional(),
  /** Full-text search: container numbers, declaration number, consignee name or USCC, goods. */
  text: z.string().max(MAX_SEARCH_CHARS).optional(),
});
export type TaskFilter = z.input<typeof taskFilterSchema>;
export type ParsedTaskFilter = z.output<typeof taskFilterSchema>;

export const taskListInputSchema = z.strictObject({
  filter: taskFilterSchema.default({ status: 'open' }),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(MAX_PAGE_ROWS).default(50),
});

export const taskRowSchema = z.object({
  taskId: z.string(),
  version: z.number().int(),
  status: taskStatusSchema,
  mode: transportModeSchema,
  priority: prioritySchema,
  dueAt: z.string(),
  overdue: z.boolean(),
  declarationNo: z.string(),
  consigneeName: z.string(),
  creditGrade: creditGradeSchema,
  containerNos: z.array(z.string()),
  goodsSummary: z.string(),
  agencies: z.array(agencySchema),
  types: z.array(inspectionTypeSchema),
  area: z.string(),
  assignedTo: z.array(z.string()),
  cargoId: z.string(),
});
export type TaskRow = z.infer<typeof taskRowSchema>;

export const taskPageSchema = z.object({
  offset: z.number().int(),
  rows: z.array(taskRowSchema),
});

export const taskCountInputSchema = z.strictObject({ filter: taskFilterSchema.default({ status: 'open' }) });
export const taskCountSchema = z.object({ total: z.number().int().nonnegative() });

export const taskGetInputSchema = z.strictObject({ taskId: z.string().min(1).max(64) });

/** tasks:byIds: the list rows of the tasks of the cargo on the map (a live cargo names its task). */
export const MAX_TASKS_BY_ID = 1000;
export const taskByIdsInputSchema = z.strictObject({ taskIds: z.array(z.string().min(1).max(64)).min(1).max(MAX_TASKS_BY_ID) });
export const taskRowsSchema = z.object({ rows: z.array(taskRowSchema) });

/** One earlier version of a task, as the cache held it until the next version arrived (`supersededAt`). */
export const taskVersionSchema = z.object({
  version: z.number().int(),
  status: taskStatusSchema,
  priority: prioritySchema,
  dueAt: z.string(),
  assignedTo: z.array(z.string()),
  updatedAt: z.string(),
  supersededAt: z.string(),
});
export type TaskVersion = z.infer<typeof taskVersionSchema>;

export const taskDetailSchema = taskRowSchema.extend({
  portCode: z.string(),
  billOfLading: z.string(),
  consigneeUscc: z.string(),
  creditAsOf: z.string(),
  /** Risk reasons that say what to check: every caller gets them. */
  checkReasons: z.array(z.string()),
  /**
   * Why the task was targeted (intelligence, instructions, credit, random selection): only for a
   * supervisor or admin, decided by the core; absent, not empty, for anyone else.
   */
  targetingReasons: z.array(z.string()).optional(),
  checklistId: z.string(),
  location: z.object({ area: z.string(), lon: z.number(), lat: z.number() }),
  containers: z.array(z.object({ containerNo: z.string(), sizeType: z.string(), sealNos: z.array(z.string()) })),
  goods: z.array(
    z.object({
      line: z.number().int(),
      hsCode: z.string(),
      description: z.string(),
      quantity: z.number(),
      unit: z.string(),
      originCountry: z.string(),
      declaredValue: z.number(),
      currency: z.string(),
    }),
  ),
  /** Earlier inspections of the same goods along the corridor, oldest first; empty when none. */
  priorInspections: z.array(
    z.object({
      portCode: z.string(),
      siteId: z.string(),
      at: z.string(),
      resultId: z.string(),
      outcome: outcomeSchema,
      disposition: dispositionSchema,
      agencies: z.array(agencySchema),
    }),
  ),
  updatedAt: z.string(),
  /** Earlier versions of the task this workstation held, newest first (capped, see migration 007). */
  history: z.array(taskVersionSchema),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;
