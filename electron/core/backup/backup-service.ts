import fs from 'node:fs';
import path from 'node:path';
import type { BackupSettings } from '../../../shared/contract/backup.js';
import type { BackupSettingsRepository } from '../db/backup-settings-repository.js';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index.js';
import type { Logger } from '../log.js';
import { MANIFEST_FILE, manifestSchema } from './backup-format.js';
import { listBackups, writeBackup, type BackupReport } from './write-backup.js';

const DAY_MS = 24 * 3_600_000;
/** How often the daily schedule looks at the clock (a laptop asleep at the hour catches up when it wakes). */
const CHECK_EVERY_MS = 15 * 60_000;

export interface BackupServiceOptions {
  readonly dataDir: string;
  readonly settings: BackupSettingsRepository;
  readonly appVersion: string;
  readonly clock: () => number;
  readonly log: Logger;
}

/**
 * The admin's backups from the console (backup:* calls): on demand and daily, one at a time, each
 * outcome recorded (and put in the audit chain). The copy itself is write-backup.ts: consistent
 * while the console works on, verified before it counts.
 */
export class BackupService {
  private running: Promise<BackupReport> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: BackupServiceOptions) {}

  /** Starts the daily schedule (a no-op while daily backups are off or no folder is set). */
  start(): void {
    this.timer ??= setInterval(() => {
      void this.catchUpDaily();
    }, CHECK_EVERY_MS);
    this.timer.unref();
    void this.catchUpDaily();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  settings(): BackupSettings {
    const config = this.options.settings.config();
    const last = this.options.settings.last();
    const dueAt = this.dueAt();
    return { ...config, last, nextDailyAt: dueAt === null ? null : new Date(dueAt).toISOString() };
  }

  /** A backup now, by `actor`; a backup already running is waited for rather than started twice. */
  backUpNow(actor: string): Promise<BackupReport> {
    const folder = this.options.settings.config().folder;
    if (folder === null) return Promise.reject(new Error('no backup folder is set; choose one in the settings first'));
    this.running ??= this.run(folder, actor).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The backups in the folder set, newest first, as their manifests name them (not verified: restore verifies). */
  list(): { name: string; createdAt: string | null; appVersion: string | null }[] {
    const folder = this.options.settings.config().folder;
    if (folder === null) return [];
    return listBackups(folder).map((name) => {
      try {
        const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(folder, name, MANIFEST_FILE), 'utf8')));
        return { name, createdAt: manifest.createdAt, appVersion: manifest.appVersion };
      } catch {
        return { name, createdAt: null, appVersion: null };
      }
    });
  }

  private async run(folder: string, actor: string): Promise<BackupReport> {
    const { settings, clock, log } = this.options;
    const at = new Date(clock()).toISOString();
    try {
      const report = await writeBackup({ dataDir: this.options.dataDir, targetRoot: folder, appVersion: this.options.appVersion, latestSchema: LATEST_SCHEMA_VERSION, now: clock(), keep: settings.config().keep });
      settings.recordBackup({ folder: report.folder, at, ok: true, bytes: report.bytes, error: null }, actor);
      log.info('backup written', { folder: report.folder, bytes: report.bytes, removed: report.removed.length });
      return report;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      settings.recordBackup({ folder: null, at, ok: false, bytes: null, error: message }, actor);
      log.error('backup failed', { error });
      throw error;
    }
  }

  /** When the daily backup is due: a day after the last successful one (now, if there was none). */
  private dueAt(): number | null {
    const config = this.options.settings.config();
    if (!config.daily || config.folder === null) return null;
    const last = this.options.settings.last();
    return last?.ok ? Date.parse(last.at) + DAY_MS : this.options.clock();
  }

  /** What the schedule runs at start and every 15 minutes: the daily backup, if one is due. */
  async catchUpDaily(): Promise<void> {
    const due = this.dueAt();
    if (due === null || due > this.options.clock() || this.running) return;
    // Failures are recorded and logged by run(); the schedule tries again at its next look.
    await this.backUpNow('system').catch(() => undefined);
  }
}
