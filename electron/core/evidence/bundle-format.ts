import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MAX_GATEWAY_BODY_BYTES, sha256Schema } from '../../../shared/contract/gateway.js';

/**
 * The evidence bundle's layout, written by build-bundle.ts and read by verify-bundle.ts (and by
 * whoever checks a bundle without this console: every file is plain JSON or the attachment's bytes).
 *
 *   manifest.json          format, versions, export time, result and task ids, every other file
 *                          with its sha256 and size
 *   result.json            the body the single window gets for the result, byte for byte
 *   attachments/<sha256>   each photo or file the result references, named by its hash
 *   audit/segment.json     the task's audit entries in chain order with their hashes, the chain's
 *                          genesis hash and its head when the bundle was made (the anchors)
 */
export const FORMAT = 'smart-port-console/evidence-bundle';
export const FORMAT_VERSION = 1;

export const MANIFEST_PATH = 'manifest.json';
export const RESULT_PATH = 'result.json';
export const SEGMENT_PATH = 'audit/segment.json';
export const ATTACHMENTS_PREFIX = 'attachments/';

/**
 * What a bundle may hold. The builder refuses to make a bigger one, the verifier to read one: a
 * bundle is read whole into memory, and a zip's declared sizes are checked before anything is
 * inflated (a zip bomb declares small sizes and inflates to gigabytes, or declares huge ones).
 */
export const MAX_BUNDLE_BYTES = 200 * 1024 * 1024;
/** An attachment is at most what the single window accepts; the JSON files are far smaller. */
export const MAX_ENTRY_BYTES = MAX_GATEWAY_BODY_BYTES;
/** Four files and at most 200 attachments (the result contract's cap), with room to spare. */
export const MAX_ENTRIES = 1024;

/** How the chain's hashes are computed (electron/core/audit/chain.ts), written into every segment for whoever checks it by hand. */
export const CHAIN_RULE = 'hash = hex(sha256(prevHash as ASCII ‖ UTF-8 of JSON.stringify([seq, at, actor, action, taskId, details])))';

export const manifestFileSchema = z.strictObject({
  path: z.string().min(1).max(300),
  sha256: sha256Schema,
  bytes: z.number().int().nonnegative().max(MAX_ENTRY_BYTES),
  mediaType: z.string().min(1).max(127),
  /** An attachment's file name as the officer gave it (the first, when the result names the same file twice). */
  name: z.string().min(1).max(255).optional(),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const manifestSchema = z.strictObject({
  format: z.literal(FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  /** The console that made the bundle (result.json carries the one the result was made under). */
  appVersion: z.string().min(1).max(64),
  exportedAt: z.iso.datetime({ offset: true }),
  resultId: z.string().min(1).max(64),
  taskId: z.string().min(1).max(64),
  /** The result's state on the workstation when the bundle was made (queued, delivered, conflict…). */
  resultState: z.string().min(1).max(32),
  submittedAt: z.string().min(1).max(64),
  files: z.array(manifestFileSchema).max(MAX_ENTRIES),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const segmentEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  taskId: z.string(),
  /** Canonical JSON text, as stored and hashed. */
  details: z.string(),
  prevHash: sha256Schema,
  hash: sha256Schema,
});

const chainPointSchema = z.strictObject({ seq: z.number().int().positive(), hash: sha256Schema });

export const segmentSchema = z.strictObject({
  taskId: z.string().min(1).max(64),
  rule: z.literal(CHAIN_RULE),
  /** The prevHash of the chain's first entry. */
  genesisHash: sha256Schema,
  /** The chain's newest entry when the bundle was made; null when the log was empty. */
  chainHead: chainPointSchema.nullable(),
  entries: z.array(segmentEntrySchema),
});
export type Segment = z.infer<typeof segmentSchema>;

export const attachmentPath = (sha256: string): string => `${ATTACHMENTS_PREFIX}${sha256}`;

export function sha256Hex(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}
