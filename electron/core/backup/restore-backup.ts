import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE, workspacesIn, type WorkspaceFiles } from '../data-folder.js';
import { lockDatabase, type DatabaseLock } from '../db/database-lock.js';
import { fsyncDir, fsyncFile } from '../durable-files.js';
import { compactUtc, sha256File, type BackupManifest } from './backup-format.js';
import { verifyBackup, type BackupProblem } from './verify-backup.js';

export interface RestoreOptions {
  /** A backup folder (console-backup-…). */
  readonly from: string;
  readonly dataDir: string;
  readonly latestSchema: number;
  readonly now: number;
}

export interface RestoreReport {
  readonly restoredFrom: string;
  /** Where the data folder's previous databases and attachments were moved; null when there were none. */
  readonly keptAside: string | null;
  readonly manifest: BackupManifest;
}

/** A backup refused before anything was changed: the problem verification found. */
export class RestoreRefused extends Error {
  constructor(readonly problem: BackupProblem) {
    super(problem.message);
    this.name = 'RestoreRefused';
  }
}

/** SQLite's companions of a database file: moved with it, or the file kept aside is not whole. */
const COMPANIONS = ['', '-wal', '-shm', '-journal'];

/**
 * Puts a backup in place of the data folder's databases and attachments. The backup is verified
 * first (refused, with nothing changed, when altered, corrupt, not the console's or newer than this
 * app); every database is locked as the restore command, so a running console refuses it; the
 * current files are moved (not deleted) to `replaced-<time>/` in the data folder; the backup's files
 * are copied in and checked against the manifest. The console's next start migrates a backup of an
 * older schema forward, keeping a copy of it first, as for any older database.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreReport> {
  const check = await verifyBackup(options.from, options.latestSchema);
  if (!check.ok) throw new RestoreRefused(check.problem);
  const { manifest } = check;
  const databases = new Set([...workspacesIn(options.dataDir).map((w) => w.database), ...manifest.databases.map((d) => d.path), DATABASE_FILE]);
  const locks: DatabaseLock[] = [];
  try {
    for (const database of databases) {
      const file = inData(options.dataDir, database);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      locks.push(lockDatabase(file, 'restore-command'));
    }
    const keptAside = await moveAside(options, workspacesIn(options.dataDir));
    for (const entry of manifest.files) {
      const target = inData(options.dataDir, entry.path);
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      await fs.promises.copyFile(path.join(options.from, ...entry.path.split('/')), target);
      await fs.promises.chmod(target, 0o600);
      await fsyncFile(target);
      if ((await sha256File(target)) !== entry.sha256) throw new Error(`${entry.path} changed while it was copied in; the previous files are in ${keptAside ?? 'place'}`);
    }
    await fsyncDir(options.dataDir);
    return { restoredFrom: options.from, keptAside, manifest };
  } finally {
    for (const lock of locks) lock.release();
  }
}

/** Moves each workspace's database (with its companions) and attachments to `replaced-<time>/`, keeping their paths. */
async function moveAside(options: RestoreOptions, workspaces: readonly WorkspaceFiles[]): Promise<string | null> {
  if (workspaces.length === 0) return null;
  const aside = path.join(options.dataDir, `replaced-${compactUtc(options.now)}`);
  fs.mkdirSync(aside, { mode: 0o700 });
  for (const workspace of workspaces) {
    // The lock files stay where they are: moving a held lock file would let a second holder in.
    const moves = [...COMPANIONS.map((suffix) => `${workspace.database}${suffix}`), workspace.attachments];
    for (const relative of moves) {
      const from = inData(options.dataDir, relative);
      if (!fs.existsSync(from)) continue;
      const to = path.join(aside, ...relative.split('/'));
      fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
      fs.renameSync(from, to);
    }
  }
  await fsyncDir(aside);
  return aside;
}

function inData(dataDir: string, relative: string): string {
  return path.join(dataDir, ...relative.split('/'));
}
