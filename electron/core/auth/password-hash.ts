import crypto from 'node:crypto';
import { promisify } from 'node:util';

/**
 * Password hashes as stored in `accounts.password_hash`: `scrypt$N$r$p$<salt base64>$<hash base64>`.
 * The parameters travel with each hash, so raising them later only changes what new hashes use:
 * an older hash still verifies with its own, and a sign-in that succeeds with it rehashes (needsRehash).
 * node:crypto's async scrypt runs on libuv's thread pool, so hashing never blocks the core's event loop.
 */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** N=2^15, r=8, p=1: 32 MiB and some tens of milliseconds per hash (measured in the README); raise them here. */
export const CURRENT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** The largest parameters a stored hash may ask for: a tampered row must not make a sign-in eat the machine. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

const scrypt = promisify<crypto.BinaryLike, crypto.BinaryLike, number, crypto.ScryptOptions, Buffer>(crypto.scrypt);

export class PasswordHashFormatError extends Error {}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

export async function hashPassword(password: string, params: ScryptParams = CURRENT_PARAMS): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params, KEY_BYTES);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Compares in constant time; throws PasswordHashFormatError for a stored value that is not one of ours. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  const candidate = await derive(password, parsed.salt, parsed.params, parsed.hash.length);
  return crypto.timingSafeEqual(candidate, parsed.hash);
}

/** Whether a hash was made with other parameters than today's (a successful sign-in then stores a new one). */
export function needsRehash(stored: string, params: ScryptParams = CURRENT_PARAMS): boolean {
  const current = parseHash(stored).params;
  return current.N !== params.N || current.r !== params.r || current.p !== params.p;
}

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  // scrypt needs about 128·N·r bytes; Node's default cap (32 MiB) refuses N=2^15, r=8 outright.
  return scrypt(password.normalize('NFC'), salt, length, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 });
}

function parseHash(stored: string): ParsedHash {
  const parts = stored.split('$');
  const [scheme, n, r, p, salt, hash] = parts;
  if (parts.length !== 6 || scheme !== 'scrypt' || n === undefined || r === undefined || p === undefined || salt === undefined || hash === undefined) {
    throw new PasswordHashFormatError('the stored password hash is not in the scrypt$N$r$p$salt$hash format');
  }
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = Number.isSafeInteger(params.N) && params.N >= 2 && (params.N & (params.N - 1)) === 0;
  const inRange = (value: number, max: number) => Number.isSafeInteger(value) && value >= 1 && value <= max;
  if (!powerOfTwo || params.N > MAX_N || !inRange(params.r, MAX_R) || !inRange(params.p, MAX_P)) {
    throw new PasswordHashFormatError('the stored password hash has parameters out of range');
  }
  const saltBytes = Buffer.from(salt, 'base64');
  const hashBytes = Buffer.from(hash, 'base64');
  if (saltBytes.length < 8 || hashBytes.length < 16) throw new PasswordHashFormatError('the stored password hash is too short');
  return { params, salt: saltBytes, hash: hashBytes };
}
