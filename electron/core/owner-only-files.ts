import fs from 'node:fs';
import path from 'node:path';

/**
 * Everything the core writes in the data folder (database, its WAL and shared memory, backups,
 * logs, attachments) holds customs data or traces of it: owner-only, whatever the process umask.
 * A mode passed to open/mkdir is masked by the umask (and a umask of 0 would leave it as asked, but
 * a file that already exists keeps its old mode), so every helper here sets the mode explicitly.
 */
export const OWNER_ONLY_FILE = 0o600;
export const OWNER_ONLY_DIR = 0o700;

/**
 * Creates a folder and any missing parents, each one this call creates set to 0700. Folders that
 * were already there are left as they are: they may be shared parents (a home, a temp folder).
 */
export function makeOwnerOnlyDir(dir: string): void {
  const first = fs.mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
  if (first === undefined) return;
  // mkdir returns the first folder it created; every folder from there down to `dir` is new.
  let current = path.resolve(dir);
  const top = path.resolve(first);
  for (;;) {
    fs.chmodSync(current, OWNER_ONLY_DIR);
    if (current === top) break;
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
}

/** Sets 0600 on an open file (new or found): it is the core's own, so a wider mode is tightened. */
export function restrictOpenFile(fd: number): void {
  if (process.platform === 'win32') return; // modes are not how Windows guards files; the user profile's ACL does
  fs.fchmodSync(fd, OWNER_ONLY_FILE);
}

/**
 * Makes sure `file` exists and is 0600 without touching its content: creates it empty if missing
 * (SQLite then gives its -wal and -shm files the same mode), tightens it if found wider.
 */
export function ensureOwnerOnlyFile(file: string): void {
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, OWNER_ONLY_FILE);
  try {
    restrictOpenFile(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Tightens a file if it exists (a WAL or shared-memory file left by an older console). */
export function restrictIfPresent(file: string): void {
  if (process.platform === 'win32') return;
  try {
    fs.chmodSync(file, OWNER_ONLY_FILE);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
}
