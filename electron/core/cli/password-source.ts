import fs from 'node:fs';
import { UsageError } from './cli-process.js';

/**
 * Where the `sync` command gets the gateway password, safest first:
 *
 * - `--password-file <path>`: a file readable by its owner only (mode 0600 or 0400; refused when the
 *   group or others may read or write it, as ssh does with a private key). One trailing line end is
 *   dropped; the rest is the password.
 * - `SW_GATEWAY_PASSWORD`: the environment of the command (not shown by `ps` to other users, but
 *   inherited by child processes and kept by some service managers).
 * - `--password <pw>`: kept for scripts that use it; the least safe way, since every user of the
 *   machine can read a command line in `ps` or /proc.
 *
 * Exactly one source: two given at once is refused (a script that sets the environment variable
 * and also passes a file would otherwise depend on a precedence rule nobody remembers).
 */
export const PASSWORD_ENV = 'SW_GATEWAY_PASSWORD';
const MAX_PASSWORD_FILE_BYTES = 4096;

interface PasswordSources {
  flag: string | undefined;
  file: string | undefined;
  env: string | undefined;
}

export function resolvePassword(sources: PasswordSources): string {
  const given = [
    sources.file !== undefined ? '--password-file' : null,
    sources.env !== undefined && sources.env !== '' ? PASSWORD_ENV : null,
    sources.flag !== undefined ? '--password' : null,
  ].filter((name): name is string => name !== null);
  if (given.length === 0) throw new UsageError(`missing the password: --password-file <path> (safest), ${PASSWORD_ENV}, or --password`);
  if (given.length > 1) throw new UsageError(`the password is given more than once (${given.join(' and ')}); give exactly one`);
  if (sources.file !== undefined) return readPasswordFile(sources.file);
  const password = sources.env !== undefined && sources.env !== '' ? sources.env : (sources.flag ?? '');
  if (password === '') throw new UsageError('the password is empty');
  return password;
}

/** Reads a password file that only its owner can read; the message names the file, never its content. */
function readPasswordFile(file: string): string {
  let fd: number;
  try {
    // O_NOFOLLOW is not used: a symlink to a protected file is fine, the mode checked is the target's.
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw new UsageError(`--password-file ${file} cannot be read (${codeOf(error)})`);
  }
  try {
    // fstat on the opened file: the file checked is the file read (no swap between check and read).
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UsageError(`--password-file ${file} is not a regular file`);
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new UsageError(
        `--password-file ${file} may be read by other users (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}); ` +
          `make it readable by its owner only: chmod 600 ${file}`,
      );
    }
    if (stat.size > MAX_PASSWORD_FILE_BYTES) throw new UsageError(`--password-file ${file} is larger than ${MAX_PASSWORD_FILE_BYTES} bytes; it must hold only the password`);
    const text = fs.readFileSync(fd, 'utf8').replace(/\r?\n$/, '');
    if (text === '') throw new UsageError(`--password-file ${file} is empty`);
    if (/[\r\n]/.test(text)) throw new UsageError(`--password-file ${file} holds more than one line; it must hold only the password`);
    return text;
  } finally {
    fs.closeSync(fd);
  }
}

function codeOf(error: unknown): string {
  const code: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : 'error';
}
