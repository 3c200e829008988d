import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { workspacesIn } from '../data-folder.js';
import { copyDatabase } from '../db/database-copy.js';
import { fsyncDir, fsyncFile } from '../durable-files.js';
import { BACKUP_FORMAT, BACKUP_PREFIX, backupName, MANIFEST_FILE, PARTIAL_PREFIX, sha256File, type BackupManifest } from './backup-format.js';
import { filesUnder, verifyBackup, type BackupProblem } from './verify-backup.js';

export interface BackupOptions {
  /** The console's data folder (its databases may be open and syncing: copies are consistent). */
  readonly dataDir: string;
  /** The folder the admin chose; each backup is a folder inside it. */
  readonly targetRoot: string;
  readonly appVersion: string;
  readonly latestSchema: number;
  readonly now: number;
  /** Backups kept in targetRoot, newest first; older ones are removed once this one is verified. */
  readonly keep: number;
}

export interface BackupReport {
  readonly folder: string;
  readonly manifest: BackupManifest;
  readonly bytes: number;
  /** Backups removed because more than `keep` were there. */
  readonly removed: readonly string[];
}

export class BackupError extends Error {
  constructor(
    readonly problem: BackupProblem,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

const TEMP_NAME = /^\.incoming-/;

/**
 * Writes one backup of the data folder into a hidden partial folder (the databases copied by
 * SQLite's online backup in a worker thread, the attachment files copied and hashed), writes the
 * manifest, verifies the whole folder as a restore would, and only then renames it into place and
 * removes the oldest backups beyond `keep`. A failure leaves no folder that looks like a backup.
 */
export async function writeBackup(options: BackupOptions): Promise<BackupReport> {
  const name = backupName(options.now);
  fs.mkdirSync(options.targetRoot, { recursive: true, mode: 0o700 });
  const final = path.join(options.targetRoot, name);
  if (fs.existsSync(final)) throw new BackupError({ kind: 'altered', message: `${final} exists already` }, `a backup named ${name} exists already; try again in a second`);
  const partial = path.join(options.targetRoot, `${PARTIAL_PREFIX}${name}-${crypto.randomBytes(4).toString('hex')}`);
  fs.mkdirSync(partial, { mode: 0o700 });
  try {
    const manifest = await copyWorkspaces(options, partial);
    const manifestFile = path.join(partial, MANIFEST_FILE);
    fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await fsyncFile(manifestFile);
    const check = await verifyBackup(partial, options.latestSchema);
    if (!check.ok) throw new BackupError(check.problem, `the backup did not verify after writing: ${check.problem.message}`);
    await fsyncDir(partial);
    fs.renameSync(partial, final);
    await fsyncDir(options.targetRoot);
    return { folder: final, manifest, bytes: manifest.files.reduce((sum, file) => sum + file.bytes, 0), removed: prune(options.targetRoot, options.keep) };
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

async function copyWorkspaces(options: BackupOptions, partial: string): Promise<BackupManifest> {
  const databases: BackupManifest['databases'] = [];
  const files: BackupManifest['files'] = [];
  const add = async (relative: string, target: string): Promise<void> => {
    await fsyncFile(target);
    files.push({ path: relative, bytes: fs.statSync(target).size, sha256: await sha256File(target) });
  };
  for (const workspace of workspacesIn(options.dataDir)) {
    const target = path.join(partial, ...workspace.database.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    const inspection = await copyDatabase(path.join(options.dataDir, ...workspace.database.split('/')), target);
    if (!inspection.ok) throw new BackupError({ kind: inspection.problem, file: workspace.database, message: inspection.message }, `the copy of ${workspace.database} is unusable: ${inspection.message}`);
    databases.push({ path: workspace.database, schemaVersion: inspection.schemaVersion });
    await add(workspace.database, target);
    const attachments = path.join(options.dataDir, ...workspace.attachments.split('/'));
    if (!fs.existsSync(attachments)) continue;
    // Content-addressed files never change once written; a crash's temp files are not attachments.
    for (const relative of filesUnder(attachments).filter((file) => !TEMP_NAME.test(path.posix.basename(file)))) {
      const copy = path.join(partial, ...workspace.attachments.split('/'), ...relative.split('/'));
      fs.mkdirSync(path.dirname(copy), { recursive: true, mode: 0o700 });
      await fs.promises.copyFile(path.join(attachments, ...relative.split('/')), copy);
      await fs.promises.chmod(copy, 0o600);
      await add(`${workspace.attachments}/${relative}`, copy);
    }
  }
  return { format: BACKUP_FORMAT, formatVersion: 1, createdAt: new Date(options.now).toISOString(), appVersion: options.appVersion, databases, files };
}

/** Removes the oldest backups beyond `keep` (folders named like ours with a manifest; nothing else is touched). */
function prune(root: string, keep: number): string[] {
  const backups = listBackups(root);
  const removed = backups.slice(keep);
  for (const folder of removed) fs.rmSync(path.join(root, folder), { recursive: true, force: true });
  return removed;
}

/** The backups in `root`, newest first. */
export function listBackups(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name.startsWith(BACKUP_PREFIX) && fs.existsSync(path.join(root, entry.name, MANIFEST_FILE)))
    .map((entry) => entry.name)
    .sort()
    .reverse();
}
