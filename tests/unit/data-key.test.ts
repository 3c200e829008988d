import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeDataKey, DataKeyError, keyFilePath, loadOrCreateKeyFile, type DataKeyProblem } from '../../electron/core/secrets/data-key.js';
import { createSecretBox } from '../../electron/core/secrets/secret-box.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** Host mode: the data key is a file only its owner can read. Real files in a temp folder. */
const posix = process.platform !== 'win32';
let temp: ReturnType<typeof makeTempDir>;

beforeEach(() => {
  temp = makeTempDir('console-key-');
});
afterEach(() => {
  temp.remove();
});

const mode = (file: string): number => fs.statSync(file).mode & 0o777;

function problemOf(run: () => unknown): DataKeyProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof DataKeyError) return error.problem;
    throw error;
  }
  throw new Error('the key was accepted');
}

describe.runIf(posix)('host-mode key file', () => {
  it('is created on first use: 32 random bytes, file 0600 in a folder 0700, even under a permissive umask', () => {
    const previous = process.umask(0o000);
    try {
      const key = loadOrCreateKeyFile(temp.dir);
      expect(key).toHaveLength(32);
      const file = keyFilePath(temp.dir);
      expect(mode(file)).toBe(0o600);
      expect(mode(path.dirname(file))).toBe(0o700);
      expect(fs.readFileSync(file).equals(key)).toBe(true);
      // no temp files left beside it
      expect(fs.readdirSync(path.dirname(file))).toEqual(['data.key']);
    } finally {
      process.umask(previous);
    }
  });

  it('is stable: the second start reads the same key', () => {
    const first = loadOrCreateKeyFile(temp.dir);
    const second = loadOrCreateKeyFile(temp.dir);
    expect(second.equals(first)).toBe(true);
    const sealed = createSecretBox(first).seal('password', 'gateway.password');
    expect(createSecretBox(second).open(sealed, 'gateway.password')).toBe('password');
  });

  it('refuses a key file readable by others (0644) with a clear message and leaves it alone', () => {
    const key = loadOrCreateKeyFile(temp.dir);
    const file = keyFilePath(temp.dir);
    fs.chmodSync(file, 0o644);
    let caught: unknown;
    try {
      loadOrCreateKeyFile(temp.dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataKeyError);
    expect((caught as DataKeyError).problem).toBe('permissions');
    expect((caught as DataKeyError).message).toContain('readable by other users (mode 644)');
    expect((caught as DataKeyError).message).toContain('chmod 600');
    expect(mode(file)).toBe(0o644);
    expect(fs.readFileSync(file).equals(key)).toBe(true);
    fs.chmodSync(file, 0o600);
    expect(loadOrCreateKeyFile(temp.dir).equals(key)).toBe(true);
  });

  it('refuses group-readable (0640) and group-writable folders too', () => {
    loadOrCreateKeyFile(temp.dir);
    const file = keyFilePath(temp.dir);
    fs.chmodSync(file, 0o640);
    expect(problemOf(() => loadOrCreateKeyFile(temp.dir))).toBe('permissions');
    fs.chmodSync(file, 0o600);
    fs.chmodSync(path.dirname(file), 0o770);
    expect(problemOf(() => loadOrCreateKeyFile(temp.dir))).toBe('permissions');
  });

  it('refuses a key of the wrong size instead of using or replacing it', () => {
    loadOrCreateKeyFile(temp.dir);
    const file = keyFilePath(temp.dir);
    fs.writeFileSync(file, crypto.randomBytes(16));
    expect(problemOf(() => loadOrCreateKeyFile(temp.dir))).toBe('size');
    fs.writeFileSync(file, Buffer.alloc(0));
    expect(problemOf(() => loadOrCreateKeyFile(temp.dir))).toBe('size');
    expect(fs.statSync(file).size).toBe(0);
  });

  it('refuses a symbolic link in place of the key', () => {
    const elsewhere = path.join(temp.dir, 'elsewhere.key');
    fs.writeFileSync(elsewhere, crypto.randomBytes(32), { mode: 0o600 });
    fs.mkdirSync(path.join(temp.dir, 'keys'), { mode: 0o700 });
    fs.symlinkSync(elsewhere, keyFilePath(temp.dir));
    expect(problemOf(() => loadOrCreateKeyFile(temp.dir))).toBe('not_a_file');
  });
});

describe('key handed over in the init message', () => {
  it('decodes base64 of exactly 32 bytes', () => {
    const key = crypto.randomBytes(32);
    expect(decodeDataKey(key.toString('base64')).equals(key)).toBe(true);
  });

  it.each([
    ['short', crypto.randomBytes(16).toString('base64')],
    ['long', crypto.randomBytes(33).toString('base64')],
    ['not base64', '!'.repeat(44)],
    ['empty', ''],
  ])('refuses a %s key', (_name, text) => {
    expect(problemOf(() => decodeDataKey(text))).toBe('invalid');
  });
});
