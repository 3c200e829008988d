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
