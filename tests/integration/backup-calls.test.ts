import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupService } from '../../electron/core/backup/backup-service.js';
import { verifyBackup } from '../../electron/core/backup/verify-backup.js';
import { startCore, type Core } from '../../electron/core/core.js';
import { backupSettingsRepository } from '../../electron/core/db/backup-settings-repository.js';
import { openDatabase } from '../../electron/core/db/connection.js';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { TRAINING_ACCOUNTS } from '../../shared/contract/index.js';
import { ADMIN_ONLY, callAs, createOfficers, FIRST, must } from '../fixtures/inspection-calls.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function folder(): string {
  const dir = makeTempDir('backup-calls-');
  cleanups.push(dir.remove);
  return dir.dir;
}

async function core(dataDir = folder()): Promise<Core> {
  const started = startCore({ dataDir, logSink: nullSink });
  cleanups.push(() => started.close());
  await createOfficers(started);
  return started;
}

/** The real database's audit chain (backups and settings are the real database's, whatever the mode). */
function auditedActions(dataDir: string): string[] {
  const db = new BetterSqlite3(path.join(dataDir, 'console.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT actor, action FROM audit_log ORDER BY seq').all() as { actor: string; action: string }[]).map((row) => `${row.actor} ${row.action}`);
  } finally {
    db.close();
  }
}

describe('backups from the console', () => {
  it('lets an admin choose the folder and back up now; the backup verifies, is listed and recorded in the audit chain', async () => {
    const dataDir = folder();
    const console = await core(dataDir);
    const target = folder();
    expect(await must(console, 'backup:settings', {}, ADMIN_ONLY)).toMatchObject({ folder: null, keep: 7, daily: false, last: null, nextDailyAt: null });
    expect(await callAs(console, 'backup:now', {}, ADMIN_ONLY)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await must(console, 'backup:configure', { folder: target, keep: 2, daily: false }, ADMIN_ONLY);
    const done = await must(console, 'backup:now', {}, ADMIN_ONLY);
    expect(path.dirname(done.folder)).toBe(target);
    expect(await verifyBackup(done.folder, LATEST_SCHEMA_VERSION)).toMatchObject({ ok: true });
    expect((await must(console, 'backup:list', {}, ADMIN_ONLY)).backups.map((b) => b.name)).toEqual([path.basename(done.folder)]);
    expect((await must(console, 'backup:settings', {}, ADMIN_ONLY)).last).toMatchObject({ ok: true, folder: done.folder });
    expect(auditedActions(dataDir)).toEqual(expect.arrayContaining([`${ADMIN_ONLY} settings.backup_changed`, `${ADMIN_ONLY} backup.written`]));
  });

  it('refuses anyone but an admin, and a training admin, whose password is public', async () => {
    const console = await core();
    const target = folder();
    for (const method of ['backup:settings', 'backup:now', 'backup:list'] as const) {
      expect(await callAs(console, method, {}, FIRST), method).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await callAs(console, 'backup:configure', { folder: target, keep: 3, daily: true }, FIRST)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const trainingAdmin = TRAINING_ACCOUNTS.find((account) => (account.roles as readonly string[]).includes('admin'))!;
    // The training accounts exist once the password checker has made them.
    await console.verifyOfficer(trainingAdmin.operatorId, trainingAdmin.password);
    const asTraining = await console.router.handle(
      JSON.stringify({ type: 'request', id: 1, method: 'backup:configure', input: { folder: target, keep: 3, daily: true } }),
      { roles: [...trainingAdmin.roles], operatorId: trainingAdmin.operatorId },
    );
    expect(asTraining.result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await callAs(console, 'backup:configure', { folder: 'relative/folder', keep: 3, daily: true }, ADMIN_ONLY)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('backs up daily: due at once when none was made, then a day after the last one; a failure is recorded and retried', async () => {
    const dataDir = folder();
    const target = folder();
    const db = openDatabase(path.join(dataDir, 'console.sqlite'), { log: createLogger(nullSink) });
    cleanups.push(() => db.close());
    const settings = backupSettingsRepository(db);
    let now = Date.parse('2026-12-07T02:00:00Z');
    const service = new BackupService({ dataDir, settings, appVersion: 't', clock: () => now, log: createLogger(nullSink) });
    settings.configure({ folder: path.join(target, 'missing', '\0bad'), keep: 3, daily: true }, 'admin');
    await service.catchUpDaily();
    expect(settings.last()).toMatchObject({ ok: false, folder: null });
    expect(service.settings().nextDailyAt).toBe(new Date(now).toISOString());

    settings.configure({ folder: target, keep: 3, daily: true }, 'admin');
    await service.catchUpDaily();
    expect(settings.last()).toMatchObject({ ok: true });
    const first = settings.last()!.folder;
    now += 23 * 3_600_000;
    await service.catchUpDaily();
    expect(settings.last()!.folder).toBe(first);
    now += 2 * 3_600_000;
    await service.catchUpDaily();
    expect(settings.last()!.folder).not.toBe(first);
    expect(service.list()).toHaveLength(2);
  });
});
