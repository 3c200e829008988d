import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';

/**
 * A backup is a folder `console-backup-<UTC time>` holding copies of the workstation's databases and
 * attachment files at their paths relative to the data folder, and `manifest.json` naming each file
 * with its size and sha256, so a restore (or an admin with sha256sum) can tell an intact backup
 * from an altered or truncated one before anything is replaced.
 */
export const BACKUP_FORMAT = 'smart-port-console-backup';
export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_PREFIX = 'console-backup-';
/** A backup being written: renamed to its final name only once verified. */
export const PARTIAL_PREFIX = '.partial-';

/** A path inside the backup: relative, forward slashes, no `..`, nothing a shell or a restore could misread. */
const relativePath = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/)
  .refine((value) => value.split('/').every((part) => part !== '.' && part !== '..'), 'no . or .. segments');

export const manifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(1),
  createdAt: z.string(),
  appVersion: z.string().max(64),
  databases: z.array(z.strictObject({ path: relativePath, schemaVersion: z.number().int().nonnegative() })).min(1),
  files: z.array(z.strictObject({ path: relativePath, bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** `20261207T074500Z`: sorts by time, no characters a file system refuses. */
export function compactUtc(now: number): string {
  return new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** `console-backup-20261207T074500Z` */
export function backupName(now: number): string {
  return `${BACKUP_PREFIX}${compactUtc(now)}`;
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
