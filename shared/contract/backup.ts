import { z } from 'zod';

/** Backups of the workstation's data (issue 10, point 6); the admin's calls, checked in the core. */
export const backupSettingsInputSchema = z.strictObject({
  /** An absolute folder on this machine (a second disk, a USB drive, a network share). */
  folder: z.string().min(1).max(500).refine((value) => value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\'), 'an absolute path'),
  keep: z.number().int().min(1).max(365),
  daily: z.boolean(),
});

export const backupRecordSchema = z.object({
  /** The backup's folder, or null when it failed. */
  folder: z.string().nullable(),
  at: z.string(),
  ok: z.boolean(),
  bytes: z.number().int().nonnegative().nullable(),
  /** Why it failed, as the core could say it. */
  error: z.string().nullable(),
});

export const backupSettingsSchema = z.object({
  folder: z.string().nullable(),
  keep: z.number().int(),
  daily: z.boolean(),
  last: backupRecordSchema.nullable(),
  /** When the next daily backup is due; null when daily backups are off or no folder is set. */
  nextDailyAt: z.string().nullable(),
});
export type BackupSettings = z.infer<typeof backupSettingsSchema>;

export const backupNowSchema = z.object({
  folder: z.string(),
  bytes: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  /** Older backups removed to keep the number set. */
  removed: z.array(z.string()),
});

export const backupListSchema = z.object({
  backups: z.array(z.object({ name: z.string(), createdAt: z.string().nullable(), appVersion: z.string().nullable() })),
});
