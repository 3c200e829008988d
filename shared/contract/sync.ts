import { z } from 'zod';
import { operatorSchema } from './gateway.js';
import { journalMessageSchema } from './journal-message.js';

export const syncErrorSchema = z.object({ code: z.string(), message: z.string() });

export const syncStatusSchema = z.object({
  mode: z.enum(['training', 'gateway']),
  /**
   * The last call to the gateway got an answer (any HTTP status); false after a transport failure or
   * timeout. Follows every call as it ends (the cargo stream's too), not the cycle's end: sync:changed
   * carries each change at once.
   */
  online: z.boolean(),
  /** Signed in to the gateway with a valid token. */
  signedIn: z.boolean(),
  gatewayUrl: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** The last pull reached the end of the change feed. */
  caughtUp: z.boolean(),
  pulling: z.boolean(),
  pushing: z.boolean(),
  resultsWaiting: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  flags: z.number().int().nonnegative(),
  /** Unresolved results made for another gateway than the one configured: kept, never sent here. */
  resultsParked: z.number().int().nonnegative(),
  /**
   * Supervisors' assignments for the gateway configured, not settled: queued (sent when the link
   * allows), in conflict (409) or rejected: the last two wait for a supervisor to dispatch again.
   */
  assignments: z.object({
    queued: z.number().int().nonnegative(),
    conflict: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
  }),
  /**
   * Why automatic cycles are paused: 'credentials_refused' after a 401 invalid_credentials (no
   * automatic sign-in until the settings change or someone presses "sync now"); null when running.
   */
  paused: z.enum(['credentials_refused']).nullable(),
  /** When the next automatic cycle runs (after a failure: exponential backoff with jitter); null when paused or stopped. */
  nextCycleAt: z.string().nullable(),
  lastError: syncErrorSchema.nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const journalOutcomes = ['ok', 'retry', 'error', 'conflict', 'rejected'] as const;
export const journalEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  call: z.string(),
  outcome: z.enum(journalOutcomes),
  status: z.number().int().nullable(),
  durationMs: z.number().int(),
  /** What happened, to be put in words in the reader's language; null on rows written before it existed. */
  message: journalMessageSchema.nullable(),
  /** Those older rows' English text as it was written; empty on rows that have a message. */
  detail: z.string(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const journalInputSchema = z.strictObject({
  outcome: z.enum(journalOutcomes).optional(),
  /** Substring of the call, e.g. "changes" or "results". */
  call: z.string().max(64).optional(),
  /** Entries older than this id (paging backwards from the newest). */
  beforeId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export const journalPageSchema = z.object({ entries: z.array(journalEntrySchema) });

export const resultStates = ['draft', 'queued', 'delivered', 'conflict', 'rejected', 'waiting_attachment', 'withdrawn'] as const;
export const resultSummarySchema = z.object({
  resultId: z.string(),
  taskId: z.string(),
  state: z.enum(resultStates),
  baseVersion: z.number().int(),
  /** The task's version in the local cache now (re-basing moves baseVersion to it). */
  taskVersion: z.number().int().nullable(),
  outcome: z.string().nullable(),
  disposition: z.string().nullable(),
  updatedAt: z.string(),
  lastError: z.string().nullable(),
  fieldErrors: z.array(z.object({ path: z.string(), message: z.string() })),
  /** The single window the result is for ('training', or the gateway URL and operator); never sent anywhere else. */
  gateway: z.string(),
  /** The result this one replaces (an edit made after the first may have reached the gateway), and the reverse. */
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
});
export type ResultSummary = z.infer<typeof resultSummarySchema>;

export const resultsListInputSchema = z.strictObject({
  /**
   * 'attention': conflict, rejected, waiting_attachment; 'waiting': queued (both for the gateway
   * configured now); 'parked': unresolved results made for another gateway; 'all': every result.
   */
  view: z.enum(['attention', 'waiting', 'parked', 'all']).default('attention'),
  limit: z.number().int().min(1).max(500).default(100),
});
export const resultsListSchema = z.object({ results: z.array(resultSummarySchema) });

/**
 * results:forTask: every result of one task on this workstation (any state and gateway), newest
 * change first, so the task's detail can show them and export a submitted one's evidence.
 */
export const resultsForTaskInputSchema = z.strictObject({ taskId: z.string().min(1).max(64) });

/** results:exportParked: the parked results whole, for the admin to save as JSON and hand to the right single window. */
export const parkedExportSchema = z.object({
  exportedAt: z.string(),
  /** The gateway configured when exported; every result below is for another one. */
  currentGateway: z.string(),
  results: z.array(
    z.object({
      resultId: z.string(),
      taskId: z.string(),
      state: z.enum(resultStates),
      gateway: z.string(),
      submittedAt: z.string().nullable(),
      lastError: z.string().nullable(),
      content: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const resultResolveInputSchema = z.strictObject({
  resultId: z.uuid(),
  /**
   * rebase: a 409 result moves to the task's current version and is queued again;
   * retry: send again as it is (after a 424 once the attachment is there, or a 422 fixed upstream);
   * edit: back to draft for the inspector to change (a result whose content may already be at the
   * gateway stays as sent and the edit is a new draft that supersedes it; the answer is that draft);
   * withdraw: kept on record, never sent.
   */
  action: z.enum(['rebase', 'retry', 'edit', 'withdraw']),
});

export const taskFlagSchema = z.object({
  taskId: z.string(),
  kind: z.enum(['cancelled', 'reassigned']),
  reason: z.string(),
  at: z.string(),
});
export const flagsListSchema = z.object({ flags: z.array(taskFlagSchema) });
export const flagAckInputSchema = z.strictObject({ taskId: z.string().min(1).max(64), kind: z.enum(['cancelled', 'reassigned']) });

export const gatewaySettingsSchema = z.object({
  mode: z.enum(['training', 'gateway']),
  gatewayUrl: z.string().nullable(),
  operatorId: z.string().nullable(),
  workstationId: z.string(),
  hasPassword: z.boolean(),
});
export type GatewaySettings = z.infer<typeof gatewaySettingsSchema>;

const gatewayUrlSchema = z.url({ protocol: /^https?$/ }).max(500);
export const gatewaySettingsInputSchema = z.strictObject({
  /** null: training mode with the built-in simulator. */
  gatewayUrl: gatewayUrlSchema.nullable(),
  operatorId: z.string().min(1).max(64).nullable(),
  /** Omitted: keep the stored password. */
  password: z.string().min(1).max(256).optional(),
  /**
   * A change of the real gateway or operator is refused while results for the current one are
   * unresolved; true parks them instead (kept, listed, exportable, sent only if the console is
   * pointed back at their gateway).
   */
  parkResults: z.boolean().optional(),
});
export const connectionTestInputSchema = z.strictObject({
  gatewayUrl: gatewayUrlSchema,
  operatorId: z.string().min(1).max(64),
  /** Omitted: test the stored password (the settings screen never receives it, so it cannot send it). */
  password: z.string().min(1).max(256).optional(),
});
export const connectionTestSchema = z.object({
  ok: z.boolean(),
  operator: operatorSchema.nullable(),
  error: syncErrorSchema.nullable(),
  durationMs: z.number().int(),
});
