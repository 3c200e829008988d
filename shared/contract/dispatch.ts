import { z } from 'zod';
import { agencySchema, taskStatusSchema } from './enums.js';

/**
 * Dispatch (双随机, issue 10 point 1): the duty roster supervisors keep per site and shift, and the
 * assignment of a task's officers, drawn at random weighted by workload or chosen by hand with a
 * reason. A site is a port code of the task cache (a task names its port, not a finer site).
 *
 * Shifts are named on the date they start, in China Standard Time (UTC+8, no daylight saving): `day`
 * runs 08:00–20:00, `night` 20:00 to 08:00 the next morning. "On duty now" is the shift the current
 * moment falls in.
 */
export const shifts = ['day', 'night'] as const;
export const shiftSchema = z.enum(shifts);
export type Shift = z.infer<typeof shiftSchema>;

/** Officers on one shift's list at most (a port's whole staff fits; the weighted draw's integers stay exact). */
export const MAX_ROSTER_OFFICERS = 300;
/** Longest reason for a dispatch by hand, in characters after trimming. */
export const MAX_DISPATCH_REASON = 500;

const portCodeSchema = z.string().regex(/^\d{4}$/, 'a port code is four digits');
const operatorIdSchema = z.string().trim().min(1).max(64);
const taskIdSchema = z.string().min(1).max(64);
const distinct = (list: readonly string[]): boolean => new Set(list).size === list.length;

/** One shift at one site. */
export const shiftKeySchema = z.strictObject({
  portCode: portCodeSchema,
  /** The day the shift starts, YYYY-MM-DD (China Standard Time). */
  date: z.iso.date(),
  shift: shiftSchema,
});
export type ShiftKey = z.infer<typeof shiftKeySchema>;

/** An officer as a roster or a dispatch shows them. */
export const rosterOfficerSchema = z.object({
  operatorId: z.string(),
  name: z.string(),
  agency: agencySchema,
});
export type RosterOfficer = z.infer<typeof rosterOfficerSchema>;

export const rosterSchema = shiftKeySchema.extend({
  /** When the shift starts and ends (ISO 8601, UTC). */
  startsAt: z.string(),
  endsAt: z.string(),
  /** Officers on duty, in the order they were listed. An account disabled since is still listed, marked. */
  officers: z.array(rosterOfficerSchema.extend({ disabled: z.boolean() })),
  /** Who last replaced the list, and when; null for a shift nobody has set. */
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type Roster = z.infer<typeof rosterSchema>;

/** roster:set replaces the shift's whole list (an empty list clears it). */
export const rosterSetInputSchema = shiftKeySchema.extend({
  officers: z.array(operatorIdSchema).max(MAX_ROSTER_OFFICERS).refine(distinct, 'each officer once'),
});

/** roster:officers: the accounts a roster may list (enabled, inspector or supervisor). */
export const rosterOfficersSchema = z.object({ officers: z.array(rosterOfficerSchema) });

export const dispatchTaskInputSchema = z.strictObject({ taskId: taskIdSchema });

/** Why an officer on duty cannot inspect this task. */
export const ineligibleReasons = ['disabled', 'not_an_officer', 'first_inspector', 'agency_not_needed', 'not_on_duty'] as const;
export const ineligibleReasonSchema = z.enum(ineligibleReasons);
export type IneligibleReason = z.infer<typeof ineligibleReasonSchema>;

/**
 * dispatch:candidates: the officers on duty now at the task's site, with their open workload and
 * the weight a random draw gives them (1 / (1 + workload)), or why they cannot take it.
 */
export const dispatchCandidateSchema = rosterOfficerSchema.extend({
  workload: z.number().int().nonnegative(),
  weight: z.number().nonnegative(),
  ineligible: ineligibleReasonSchema.nullable(),
});
export type DispatchCandidate = z.infer<typeof dispatchCandidateSchema>;
export const dispatchCandidatesSchema = z.object({
  taskId: z.string(),
  portCode: z.string(),
  /** The shift on duty now at the task's site. */
  shift: shiftKeySchema,
  /** Agencies the task needs: a dispatch names at least one officer of each, and two officers in all. */
  agencies: z.array(agencySchema),
  teamSize: z.number().int().positive(),
  candidates: z.array(dispatchCandidateSchema),
});

export const dispatchManualInputSchema = z.strictObject({
  taskId: taskIdSchema,
  officers: z.array(operatorIdSchema).min(1).max(20).refine(distinct, 'each officer once'),
  reason: z.string().trim().min(1, 'a dispatch by hand needs a reason').max(MAX_DISPATCH_REASON),
});

/**
 * An assignment on its way to the single window: `queued` (waiting or retrying), `delivered`
 * (the single window has it), `conflict` (409: the task changed there; `task*` tell what it is now),
 * `rejected` (refused for good, e.g. 422), `superseded` (a later dispatch of the task replaced it
 * before it was delivered).
 */
export const assignmentStates = ['queued', 'delivered', 'conflict', 'rejected', 'superseded'] as const;
export const assignmentStateSchema = z.enum(assignmentStates);
export type AssignmentState = z.infer<typeof assignmentStateSchema>;

export const assignmentSchema = z.object({
  assignmentId: z.string(),
  taskId: z.string(),
  kind: z.enum(['random', 'manual']),
  assignedTo: z.array(z.string()),
  /** The reason given for a dispatch by hand; null for a random one. */
  reason: z.string().nullable(),
  baseVersion: z.number().int().nonnegative(),
  state: assignmentStateSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  /** The single window's answer when it did not take it (conflict, rejected) or the last failure while retrying. */
  lastError: z.string().nullable(),
  /** For a conflict: the task as the single window answered it. */
  conflictVersion: z.number().int().nullable(),
  conflictStatus: taskStatusSchema.nullable(),
  conflictAssignedTo: z.array(z.string()).nullable(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const assignmentListSchema = z.object({ assignments: z.array(assignmentSchema) });
/** dispatch:list: the assignments not settled yet (queued, conflict, rejected), newest first. */
export const dispatchListInputSchema = z.strictObject({ limit: z.number().int().min(1).max(200).default(50) });

/** China Standard Time is UTC+8 all year; shifts change at 08:00 and 20:00 there. */
const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_STARTS_HOUR = 8;
const NIGHT_STARTS_HOUR = 20;
const HOUR_MS = 3_600_000;

/** The shift a moment (ms since epoch) falls in, at any site. */
export function shiftAt(ms: number): Omit<ShiftKey, 'portCode'> {
  const local = new Date(ms + CST_OFFSET_MS);
  const hour = local.getUTCHours();
  if (hour >= DAY_STARTS_HOUR && hour < NIGHT_STARTS_HOUR) return { date: local.toISOString().slice(0, 10), shift: 'day' };
  // Before 08:00 the night shift is the one that started the evening before.
  const started = hour >= NIGHT_STARTS_HOUR ? local : new Date(local.getTime() - 24 * HOUR_MS);
  return { date: started.toISOString().slice(0, 10), shift: 'night' };
}

/** When a shift starts and ends, ISO 8601 in UTC. */
export function shiftBounds(date: string, shift: Shift): { startsAt: string; endsAt: string } {
  const midnight = Date.parse(`${date}T00:00:00Z`) - CST_OFFSET_MS;
  const start = midnight + (shift === 'day' ? DAY_STARTS_HOUR : NIGHT_STARTS_HOUR) * HOUR_MS;
  return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 12 * HOUR_MS).toISOString() };
}
