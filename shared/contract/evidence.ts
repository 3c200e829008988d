import { z } from 'zod';
import { sha256Schema } from './gateway.js';

/** results:exportEvidence: the evidence bundle of one submitted result (not a draft). */
export const evidenceExportInputSchema = z.strictObject({ resultId: z.uuid() });

/**
 * The bundle is written into the workstation's data folder (`exports/`, owner-only) rather than
 * sent over the channel: photos make it far larger than a frame. Its sha256 is the value to note
 * down elsewhere: `npm run evidence:verify` prints the same hash for the intact file.
 */
export const evidenceExportSchema = z.object({
  resultId: z.string(),
  taskId: z.string(),
  path: z.string(),
  sha256: sha256Schema,
  bytes: z.number().int().nonnegative(),
});
