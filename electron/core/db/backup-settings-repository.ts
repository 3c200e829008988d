import type { Database as Sqlite } from 'better-sqlite3';
import { z } from 'zod';
import { AuditRepository } from './audit-repository.js';
import { sqliteHandle, type Database } from './connection.js';
import { StatementCache } from './statement-cache.js';

/** Where backups go and how many are kept, and the last backup's outcome: rows of `settings` (migration 002). */
const KEY = { folder: 'backup.folder', keep: 'backup.keep', daily: 'backup.daily', last: 'backup.last' } as const;
export const DEFAULT_BACKUPS_KEPT = 7;

export interface BackupConfig {
  readonly folder: string | null;
  readonly keep: number;
  readonly daily: boolean;
}

const lastSchema = z.object({
  folder: z.string().nullable(),
  at: z.string(),
  ok: z.boolean(),
  bytes: z.number().int().nonnegative().nullable(),
  error: z.string().nullable(),
});
export type BackupRecord = z.infer<typeof lastSchema>;

export class BackupSettingsRepository {
  private readonly statements: StatementCache;
  private readonly audit: AuditRepository;

  constructor(private readonly connection: Sqlite) {
    this.statements = new StatementCache(connection);
    this.audit = new AuditRepository(connection);
  }

  config(): BackupConfig {
    const keep = Number(this.read(KEY.keep));
    return { folder: this.read(KEY.folder), keep: Number.isSafeInteger(keep) && keep > 0 ? keep : DEFAULT_BACKUPS_KEPT, daily: this.read(KEY.daily) === 'true' };
  }

  /** The admin's change, with its audit entry in the same transaction. */
  configure(next: BackupConfig, actor: string): void {
    this.connection.transaction(() => {
      const before = this.config();
      this.write(KEY.folder, next.folder);
      this.write(KEY.keep, String(next.keep));
      this.write(KEY.daily, String(next.daily));
      if (before.folder !== next.folder || before.keep !== next.keep || before.daily !== next.daily) {
        this.audit.append({ actor, action: 'settings.backup_changed', details: { from: { ...before }, to: { ...next } } });
      }
    })();
  }

  last(): BackupRecord | null {
    const raw = this.read(KEY.last);
    if (raw === null) return null;
    const parsed = lastSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  /** Records a backup's outcome, and puts it in the audit chain: who backed up what, when, where to. */
  recordBackup(record: BackupRecord, actor: string): void {
    this.connection.transaction(() => {
      this.write(KEY.last, JSON.stringify(record));
      this.audit.append({ actor, action: record.ok ? 'backup.written' : 'backup.failed', details: { ...record } });
    })();
  }

  private read(key: string): string | null {
    return (this.statements.get('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
  }

  private write(key: string, value: string | null): void {
    if (value === null) this.statements.get('DELETE FROM settings WHERE key = ?').run(key);
    else this.statements.get('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}

export function backupSettingsRepository(db: Database): BackupSettingsRepository {
  return new BackupSettingsRepository(sqliteHandle(db));
}
