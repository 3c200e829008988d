import fs from 'node:fs';
import path from 'node:path';
import { inspectDatabaseCopy } from '../db/database-copy.js';
import { MANIFEST_FILE, manifestSchema, sha256File, type BackupManifest } from './backup-format.js';

export type BackupProblemKind =
  /** No readable manifest: not a backup of this console. */
  | 'not_a_backup'
  /** A file differs from its manifest entry, is missing, or was added. */
  | 'altered'
  /** A database copy fails SQLite's integrity check. */
  | 'corrupt'
  /** A database copy is SQLite but not the console's. */
  | 'not_console'
  /** Written by a newer console than this one: its schema is unknown here. */
  | 'newer';

export interface BackupProblem {
  readonly kind: BackupProblemKind;
  /** The file inside the backup, when one is at fault. */
  readonly file?: string;
  readonly message: string;
}

export type BackupCheck = { readonly ok: true; readonly manifest: BackupManifest } | { readonly ok: false; readonly problem: BackupProblem };

/**
 * Checks a backup folder without changing it: the manifest, every file's size and sha256, no file
 * added, and each database copy opened read-only (integrity check, the console's tables, a schema
 * this app knows). The first problem found is reported.
 */
export async function verifyBackup(folder: string, latestSchema: number): Promise<BackupCheck> {
  const fail = (kind: BackupProblemKind, message: string, file?: string): BackupCheck => ({ ok: false, problem: { kind, message, ...(file === undefined ? {} : { file }) } });
  let manifest: BackupManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(folder, MANIFEST_FILE), 'utf8')));
  } catch (error) {
    return fail('not_a_backup', `${folder} has no readable ${MANIFEST_FILE} of a console backup (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  const listed = new Set(manifest.files.map((file) => file.path));
  for (const database of manifest.databases) {
    if (!listed.has(database.path)) return fail('not_a_backup', `the manifest names the database ${database.path} but lists no such file`, database.path);
  }
  for (const found of filesUnder(folder)) {
    if (found !== MANIFEST_FILE && !listed.has(found)) return fail('altered', `${found} is not in the manifest: a file was added`, found);
  }
  for (const entry of manifest.files) {
    const file = path.join(folder, ...entry.path.split('/'));
    let bytes: number;
    try {
      bytes = fs.statSync(file).size;
    } catch {
      return fail('altered', `${entry.path} is missing`, entry.path);
    }
    if (bytes !== entry.bytes) return fail('altered', `${entry.path} has ${bytes} bytes, the manifest says ${entry.bytes}`, entry.path);
    if ((await sha256File(file)) !== entry.sha256) return fail('altered', `${entry.path} does not match its sha256 in the manifest`, entry.path);
  }
  for (const database of manifest.databases) {
    const inspection = await inspectDatabaseCopy(path.join(folder, ...database.path.split('/')));
    if (!inspection.ok) return fail(inspection.problem, `${database.path}: ${inspection.message}`, database.path);
    if (inspection.schemaVersion > latestSchema) {
      return fail('newer', `${database.path} has schema ${inspection.schemaVersion}; this console knows up to ${latestSchema}: install the newer console to restore it`, database.path);
    }
    if (inspection.schemaVersion !== database.schemaVersion) {
      return fail('altered', `${database.path} has schema ${inspection.schemaVersion}, the manifest says ${database.schemaVersion}`, database.path);
    }
  }
  return { ok: true, manifest };
}

/** Every file under `root`, as a relative path with forward slashes. */
export function filesUnder(root: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) found.push(...filesUnder(root, relative));
    else found.push(relative);
  }
  return found;
}
