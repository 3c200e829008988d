import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../electron/core/attachments/attachment-store.js';
import { MANIFEST_FILE, type BackupManifest } from '../../electron/core/backup/backup-format.js';
import { restoreBackup, RestoreRefused } from '../../electron/core/backup/restore-backup.js';
import { verifyBackup } from '../../electron/core/backup/verify-backup.js';
import { listBackups, writeBackup } from '../../electron/core/backup/write-backup.js';
import { runBackup } from '../../electron/core/cli/backup.js';
import { EXIT } from '../../electron/core/cli/cli-process.js';
import { startCore } from '../../electron/core/core.js';
import { openDatabase } from '../../electron/core/db/connection.js';
import { DatabaseInUseError } from '../../electron/core/db/database-lock.js';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { startSimulator } from '../../electron/simulator/server.js';
import { createOfficers, must } from '../fixtures/inspection-calls.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

const log = createLogger(nullSink);
const NOW = Date.parse('2026-12-07T08:00:00Z');
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function folder(): string {
  const dir = makeTempDir('backup-');
  cleanups.push(dir.remove);
  return dir.dir;
}

/** A data folder as the console leaves it: the real and the training database, each with a photo. */
async function dataFolder(taskIds: readonly string[]): Promise<string> {
  const dataDir = folder();
  for (const [workspace, photo] of [[dataDir, 'real photo'], [path.join(dataDir, 'training'), 'training photo']] as const) {
    const db = openDatabase(path.join(workspace, 'console.sqlite'), { log });
    db.tasks.upsertMany(taskIds.map((taskId) => buildTask({ taskId })));
    db.close();
    await new AttachmentStore(workspace).put(new TextEncoder().encode(photo), 'image/jpeg');
  }
  return dataDir;
}

const options = (dataDir: string, targetRoot: string, now = NOW, keep = 3) => ({ dataDir, targetRoot, appVersion: '1.2.3', latestSchema: LATEST_SCHEMA_VERSION, now, keep });
const taskIdsIn = (file: string): string[] => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare('SELECT task_id FROM tasks ORDER BY task_id').pluck().all() as string[];
  } finally {
    db.close();
  }
};
const sha256Of = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const manifestOf = (backup: string): BackupManifest => JSON.parse(fs.readFileSync(path.join(backup, MANIFEST_FILE), 'utf8')) as BackupManifest;
const rewriteManifest = (backup: string, change: (manifest: BackupManifest) => void): void => {
  const manifest = manifestOf(backup);
  change(manifest);
  fs.writeFileSync(path.join(backup, MANIFEST_FILE), JSON.stringify(manifest));
};

describe('backup and restore', () => {
  it('backs up both workspaces with their attachments, verified, and restores them with the current files kept aside', async () => {
    const dataDir = await dataFolder(['JI-8000-2026-000001', 'JI-8000-2026-000002']);
    const report = await writeBackup(options(dataDir, folder()));
    expect(path.basename(report.folder)).toBe('console-backup-20261207T080000Z');
    expect(report.manifest.databases.map((d) => d.path)).toEqual(['console.sqlite', 'training/console.sqlite']);
    expect(report.manifest.files.filter((f) => f.path.includes('attachments/'))).toHaveLength(2);
    expect(await verifyBackup(report.folder, LATEST_SCHEMA_VERSION)).toMatchObject({ ok: true });
    // Owner-only, like the data folder: a backup holds the same personal data.
    expect(fs.statSync(path.join(report.folder, 'console.sqlite')).mode & 0o077).toBe(0);

    // Work goes on after the backup; then the admin restores it.
    const later = openDatabase(path.join(dataDir, 'console.sqlite'), { log });
    later.tasks.upsertMany([buildTask({ taskId: 'JI-8000-2026-000003' })]);
    later.close();
    const restored = await restoreBackup({ from: report.folder, dataDir, latestSchema: LATEST_SCHEMA_VERSION, now: NOW + 60_000 });
    expect(taskIdsIn(path.join(dataDir, 'console.sqlite'))).toEqual(['JI-8000-2026-000001', 'JI-8000-2026-000002']);
    expect(restored.keptAside).toBe(path.join(dataDir, 'replaced-20261207T080100Z'));
    expect(taskIdsIn(path.join(restored.keptAside!, 'console.sqlite'))).toEqual(['JI-8000-2026-000001', 'JI-8000-2026-000002', 'JI-8000-2026-000003']);
    const photos = report.manifest.files.filter((f) => f.path.startsWith('attachments/'));
    for (const photo of photos) expect(fs.existsSync(path.join(dataDir, photo.path))).toBe(true);
    // The console opens the restored folder as its own.
    const core = startCore({ dataDir, logSink: nullSink });
    cleanups.push(() => core.close());
  });

  it('refuses an altered, truncated, padded, corrupt, foreign or newer backup, changing nothing', async () => {
    const dataDir = await dataFolder(['JI-8000-2026-000001']);
    const root = folder();
    const fresh = async (): Promise<string> => {
      const backup = path.join(root, `copy-${fs.readdirSync(root).length}`);
      fs.cpSync((await writeBackup(options(dataDir, folder()))).folder, backup, { recursive: true });
      return backup;
    };
    const refusal = async (backup: string) => {
      const check = await verifyBackup(backup, LATEST_SCHEMA_VERSION);
      return check.ok ? null : check.problem;
    };

    const flipped = await fresh();
    const photo = manifestOf(flipped).files.find((f) => f.path.startsWith('attachments/'))!;
    const photoFile = path.join(flipped, photo.path);
    const bytes = fs.readFileSync(photoFile);
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    fs.writeFileSync(photoFile, bytes);
    expect(await refusal(flipped)).toMatchObject({ kind: 'altered', file: photo.path });

    const removed = await fresh();
    fs.rmSync(path.join(removed, 'training', 'console.sqlite'));
    expect(await refusal(removed)).toMatchObject({ kind: 'altered', file: 'training/console.sqlite' });

    const added = await fresh();
    fs.writeFileSync(path.join(added, 'attachments', 'extra'), 'x');
    expect(await refusal(added)).toMatchObject({ kind: 'altered', file: 'attachments/extra' });

    // A database whose pages are damaged, with a manifest made to match: SQLite's integrity check catches it.
    const corrupt = await fresh();
    const dbFile = path.join(corrupt, 'console.sqlite');
    const pages = fs.readFileSync(dbFile);
    pages.fill(0xff, 4096 * 2, 4096 * 2 + 200);
    fs.writeFileSync(dbFile, pages);
    rewriteManifest(corrupt, (m) => {
      const entry = m.files.find((f) => f.path === 'console.sqlite')!;
      entry.sha256 = sha256Of(dbFile);
    });
    expect(await refusal(corrupt)).toMatchObject({ kind: 'corrupt', file: 'console.sqlite' });

    const newer = await fresh();
    const newerFile = path.join(newer, 'console.sqlite');
    const raise = new BetterSqlite3(newerFile);
    raise.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raise.close();
    rewriteManifest(newer, (m) => {
      const entry = m.files.find((f) => f.path === 'console.sqlite')!;
      entry.sha256 = sha256Of(newerFile);
      entry.bytes = fs.statSync(newerFile).size;
    });
    expect(await refusal(newer)).toMatchObject({ kind: 'newer', file: 'console.sqlite' });

    const foreign = await fresh();
    const foreignFile = path.join(foreign, 'console.sqlite');
    fs.rmSync(foreignFile);
    const other = new BetterSqlite3(foreignFile);
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    other.close();
    rewriteManifest(foreign, (m) => {
      const entry = m.files.find((f) => f.path === 'console.sqlite')!;
      entry.sha256 = sha256Of(foreignFile);
      entry.bytes = fs.statSync(foreignFile).size;
      m.databases[0]!.schemaVersion = 0;
    });
    expect(await refusal(foreign)).toMatchObject({ kind: 'not_console' });

    expect(await refusal(folder())).toMatchObject({ kind: 'not_a_backup' });

    // Nothing was changed by a refused restore.
    const before = fs.readFileSync(path.join(dataDir, 'console.sqlite'));
    await expect(restoreBackup({ from: flipped, dataDir, latestSchema: LATEST_SCHEMA_VERSION, now: NOW })).rejects.toBeInstanceOf(RestoreRefused);
    expect(fs.readFileSync(path.join(dataDir, 'console.sqlite')).equals(before)).toBe(true);
    expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('replaced-'))).toEqual([]);
  });

  it('takes a consistent backup while a sync writes, and refuses to restore under a running console', async () => {
    const sim = await startSimulator({ tasks: 8_000, cargo: 0, evolve: false });
    cleanups.push(() => sim.close());
    const dataDir = folder();
    const core = startCore({ dataDir, logSink: nullSink, holder: 'headless-host', sync: { intervalMs: 3_600_000, startTraining: () => Promise.resolve({ url: sim.url, stop: () => Promise.resolve() }) } });
    cleanups.push(() => core.close());
    await createOfficers(core);
    const sync = { done: false };
    const syncing = must(core, 'sync:now', {}).finally(() => {
      sync.done = true;
    });
    const target = folder();
    const backups: string[] = [];
    const midSync: number[] = [];
    // Backups taken one after another while the pages land.
    for (let i = 0; !sync.done; i++) backups.push((await writeBackup(options(dataDir, target, NOW + i * 1000, 100))).folder);
    await syncing;
    for (const backup of backups) {
      expect(await verifyBackup(backup, LATEST_SCHEMA_VERSION)).toMatchObject({ ok: true });
      // One consistent state: a page's tasks and the cursor after them are written in one transaction.
      const copy = new BetterSqlite3(path.join(backup, 'training', 'console.sqlite'), { readonly: true });
      const tasks = copy.prepare('SELECT count(*) FROM tasks').pluck().get() as number;
      const cursor = copy.prepare('SELECT cursor FROM sync_state').pluck().get() as string | null;
      copy.close();
      expect(cursor === null).toBe(tasks === 0);
      if (tasks > 0 && tasks < 8_000) midSync.push(backups.indexOf(backup));
    }
    expect(midSync.length).toBeGreaterThan(0);
    // A backup taken mid-sync is a database the console opens as its own.
    const restoredDir = folder();
    await restoreBackup({ from: backups[midSync[0]!]!, dataDir: restoredDir, latestSchema: LATEST_SCHEMA_VERSION, now: NOW });
    const reopened = openDatabase(path.join(restoredDir, 'training', 'console.sqlite'), { log });
    expect(reopened.tasks.totalCount()).toBeGreaterThan(0);
    reopened.close();
    await expect(restoreBackup({ from: backups[0]!, dataDir, latestSchema: LATEST_SCHEMA_VERSION, now: NOW })).rejects.toBeInstanceOf(DatabaseInUseError);
  }, 120_000);

  it('keeps the newest N backups', async () => {
    const dataDir = await dataFolder(['JI-8000-2026-000001']);
    const target = folder();
    for (let i = 0; i < 5; i++) await writeBackup(options(dataDir, target, NOW + i * 60_000, 3));
    expect(listBackups(target)).toEqual(['console-backup-20261207T080400Z', 'console-backup-20261207T080300Z', 'console-backup-20261207T080200Z']);
    expect(fs.readdirSync(target).filter((name) => name.startsWith('.partial-'))).toEqual([]);
  });

  it('runs from the command line with documented exit codes', async () => {
    const dataDir = await dataFolder(['JI-8000-2026-000001']);
    const target = folder();
    expect(await runBackup(['create', '--data', dataDir])).toBe(EXIT.usage);
    expect(await runBackup(['create', '--data', dataDir, '--to', target, '--keep', '2'], NOW)).toBe(EXIT.ok);
    const [backup] = listBackups(target);
    expect(await runBackup(['verify', path.join(target, backup!)])).toBe(EXIT.ok);
    fs.appendFileSync(path.join(target, backup!, 'console.sqlite'), 'x');
    expect(await runBackup(['verify', path.join(target, backup!)])).toBe(EXIT.backupRefused);
    expect(await runBackup(['restore', '--data', dataDir, '--from', path.join(target, backup!)])).toBe(EXIT.backupRefused);
  });
});
