import { z } from 'zod';

const brokenLinkSchema = z.object({
  seq: z.number().int().nullable(),
  expectedSeq: z.number().int(),
  problem: z.enum(['gap', 'reordered', 'prev_hash_mismatch', 'hash_mismatch', 'malformed']),
  message: z.string(),
});

/** One database's audit chain as the core last checked it (electron/core/audit/chain-watch.ts). */
export const auditChainStateSchema = z.object({
  /** `checking`: the walk from the first entry has not reached the end yet. */
  state: z.enum(['checking', 'intact', 'broken']),
  entries: z.number().int().nonnegative(),
  checked: z.number().int().nonnegative(),
  /** The head of an intact chain (to compare with an anchor kept elsewhere). */
  lastSeq: z.number().int().nullable(),
  lastHash: z.string().nullable(),
  checkedAt: z.string().nullable(),
  firstBroken: brokenLinkSchema.optional(),
});
export type AuditChainState = z.infer<typeof auditChainStateSchema>;

/** The chains of the databases the console has open: the real single window's, and training's beside it. */
export const auditStatusSchema = z.object({
  chains: z.array(auditChainStateSchema.extend({ database: z.enum(['real', 'training']) })),
});
export type AuditStatus = z.infer<typeof auditStatusSchema>;

/** audit:forTask: one task's entries of the audit chain, for a supervisor's case replay. */
export const auditForTaskInputSchema = z.strictObject({ taskId: z.string().min(1).max(64) });

/** One field of an entry's details a supervisor may read (electron/core/audit-handlers.ts says which). */
const auditDetailSchema = z.object({ key: z.string(), value: z.string() });

const auditTimelineEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  /** Operator id, or `system` for what the console did on its own (the pusher's answers). */
  actor: z.string(),
  /** The account's name when this workstation knows the operator; null otherwise. */
  actorName: z.string().nullable(),
  /** Lower-case dotted action name (`inspection.start`, `result.submit`…). */
  action: z.string(),
  details: z.array(auditDetailSchema),
});
export type AuditTimelineEntry = z.infer<typeof auditTimelineEntrySchema>;

/** In chain order (seq). The chain's integrity is the audit badge's (audit:status), not repeated here. */
export const auditForTaskSchema = z.object({ taskId: z.string(), entries: z.array(auditTimelineEntrySchema) });
