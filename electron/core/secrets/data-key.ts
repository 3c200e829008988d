import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DATA_KEY_BYTES } from './secret-box.js';

/**
 * The core's data key: 32 random bytes that seal the gateway credentials (secret-box.ts).
 *
 * - Electron: main keeps the key wrapped with safeStorage (the OS keychain) and hands it to the
 *   core in the init message, base64 (electron/data-key-store.ts). Nothing of it is on disk in clear.
 * - Headless host and any Node parent: there is no keychain, so the key is a file
 *   `<dataDir>/keys/data.key` readable by its owner only (file 0600, folder 0700). A file others can
 *   read, a key of the wrong size, a symlink or a file of another user is refused, never used:
 *   a key that leaked is worse than a console that asks its admin to fix a permission.
 */
export const KEYS_DIR = 'keys';
export const KEY_FILE = 'data.key';
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export type DataKeyProblem = 'permissions' | 'size' | 'not_a_file' | 'owner' | 'invalid' | 'unavailable';

export class DataKeyError extends Error {
  constructor(
    readonly problem: DataKeyProblem,
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'DataKeyError';
  }
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEYS_DIR, KEY_FILE);
}

/** The key handed over in the init message: base64 of exactly 32 bytes. */
export function decodeDataKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== DATA_KEY_BYTES || key.toString('base64') !== base64) {
    throw new DataKeyError('invalid', `the data key handed to the core is not base64 of ${DATA_KEY_BYTES} bytes`);
  }
  return key;
}

export interface KeyFileOptions {
  /** POSIX permission checks; off on Windows, where modes do not exist and the profile's ACL protects the folder. */
  checkPermissions?: boolean;
  randomBytes?: (size: number) => Buffer;
}

/** Reads `<dataDir>/keys/data.key`, creating folder and key on first use. Throws DataKeyError when unsafe. */
export function loadOrCreateKeyFile(dataDir: string, options: KeyFileOptions = {}): Buffer {
  const check = options.checkPermissions ?? process.platform !== 'win32';
  const dir = path.join(dataDir, KEYS_DIR);
  const file = path.join(dir, KEY_FILE);
  ensureKeysDir(dir, check);
  if (!fs.existsSync(file)) createKeyFile(file, (options.randomBytes ?? crypto.randomBytes)(DATA_KEY_BYTES));
  return readKeyFile(file, check);
}

/** Creates the keys folder 0700, or checks an existing one. Shared with Electron main's wrapped key. */
export function ensureKeysDir(dir: string, check = process.platform !== 'win32'): void {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    // mkdir's mode passes through the umask; set it exactly.
    if (check) fs.chmodSync(dir, DIR_MODE);
  }
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory()) throw new DataKeyError('not_a_file', `${dir} must be a folder (not a link or a file)`, dir);
  if (!check) return;
  refuseForeignOwner(stat, dir);
  if ((stat.mode & 0o077) !== 0) {
    throw new DataKeyError(
      'permissions',
      `the key folder ${dir} is open to other users (mode ${octal(stat.mode)}); run \`chmod 700 "${dir}"\` and start again`,
      dir,
    );
  }
}

function createKeyFile(file: string, key: Buffer): void {
  if (key.length !== DATA_KEY_BYTES) throw new DataKeyError('size', `a new data key must be ${DATA_KEY_BYTES} bytes`, file);
  writeFileOnce(file, key);
}

/**
 * Writes a secret file (mode 0600) unless one is already there: a private temp file, synced, then
 * linked into place, so a crash never leaves a short file behind and link() fails instead of
 * replacing a file another process created meanwhile.
 */
export function writeFileOnce(file: string, bytes: Buffer): void {
  const temp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(temp, 'wx', FILE_MODE);
  try {
    fs.fchmodSync(fd, FILE_MODE);
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function readKeyFile(file: string, check: boolean): Buffer {
  const stat = fs.lstatSync(file);
  if (!stat.isFile()) throw new DataKeyError('not_a_file', `the data key ${file} must be a regular file (not a link)`, file);
  if (check) {
    refuseForeignOwner(stat, file);
    if ((stat.mode & 0o077) !== 0) {
      throw new DataKeyError(
        'permissions',
        `the data key ${file} is readable by other users (mode ${octal(stat.mode)}); run \`chmod 600 "${file}"\` and start again`,
        file,
      );
    }
  }
  if (stat.size !== DATA_KEY_BYTES) {
    throw new DataKeyError(
      'size',
      `the data key ${file} has ${stat.size} bytes instead of ${DATA_KEY_BYTES}; restore it from a backup, or remove it ` +
        '(stored gateway credentials must then be entered again)',
      file,
    );
  }
  const key = fs.readFileSync(file);
  if (key.length !== DATA_KEY_BYTES) throw new DataKeyError('size', `the data key ${file} changed while it was read`, file);
  return key;
}

function refuseForeignOwner(stat: fs.Stats, where: string): void {
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new DataKeyError('owner', `${where} belongs to another user (uid ${stat.uid}); the console runs as uid ${uid}`, where);
  }
}

function octal(mode: number): string {
  return (mode & 0o777).toString(8).padStart(3, '0');
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && Reflect.get(error, 'code') === code;
}
