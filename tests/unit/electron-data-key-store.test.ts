import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initMessageSchema } from '../../electron/core/control.js';
import { DataKeyError } from '../../electron/core/secrets/data-key.js';
import { loadWrappedDataKey, WRAPPED_KEY_FILE, type SafeStorageLike } from '../../electron/data-key-store.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { memoryLog } from './fakes/memory-log.js';

/**
 * A stand-in for Electron's safeStorage: a real AES-GCM wrap under a "keychain" key this object
 * holds, so a wrap made by one keychain cannot be unwrapped by another (another user, another machine).
 */
class FakeSafeStorage implements SafeStorageLike {
  available = true;
  backend = 'gnome_libsecret';
  encryptCalls = 0;
  private readonly keychainKey = crypto.randomBytes(32);

  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  encryptString(plainText: string): Buffer {
    this.encryptCalls++;
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.keychainKey, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }
  decryptString(encrypted: Buffer): string {
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.keychainKey, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
  }
}

let temp: ReturnType<typeof makeTempDir>;
let safeStorage: FakeSafeStorage;
beforeEach(() => {
  temp = makeTempDir('console-wrapped-key-');
  safeStorage = new FakeSafeStorage();
});
afterEach(() => {
  temp.remove();
});

const wrappedFile = (): string => path.join(temp.dir, 'keys', WRAPPED_KEY_FILE);

describe('Electron main: data key wrapped with safeStorage', () => {
  it('creates a random 32-byte key on first run and keeps only its wrap on disk', () => {
    const { log } = memoryLog();
    const base64 = loadWrappedDataKey({ safeStorage, userDataDir: temp.dir, log });
    const key = Buffer.from(base64, 'base64');
    expect(key).toHaveLength(32);
    const onDisk = fs.readFileSync(wrappedFile());
    expect(onDisk.includes(key)).toBe(false);
    expect(onDisk.includes(Buffer.from(base64))).toBe(false);
    if (process.platform !== 'win32') {
      expect(fs.statSync(wrappedFile()).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(wrappedFile())).mode & 0o777).toBe(0o700);
    }
    // The init message accepts it as is.
    expect(initMessageSchema.safeParse({ type: 'init', dataDir: temp.dir, sync: true, appVersion: '1', dataKey: base64 }).success).toBe(true);
  });

  it('unwraps the same key on later runs, without creating another', () => {
    const { log } = memoryLog();
    const first = loadWrappedDataKey({ safeStorage, userDataDir: temp.dir, log });
    const second = loadWrappedDataKey({ safeStorage, userDataDir: temp.dir, log });
    expect(second).toBe(first);
    expect(safeStorage.encryptCalls).toBe(1);
  });

  it('refuses when safeStorage is unavailable, writing nothing', () => {
    safeStorage.available = false;
    const { log } = memoryLog();
    expect(() => loadWrappedDataKey({ safeStorage, userDataDir: temp.dir, log })).toThrow(DataKeyError);
    expect(fs.existsSync(wrappedFile())).toBe(false);
  });

  it('fails clearly when another keychain wrapped the key, and keeps the wrap', () => {
    const { log } = memoryLog();
    loadWrappedDataKey({ safeStorage, userDataDir: temp.dir, log });
    const before = fs.readFileSync(wrappedFile());
    expect(() => loadWrappedDataKey({ safeStorage: new FakeSafeStorage(), userDataDir: temp.dir, log })).toThrow(/cannot be unwrapped/);
    expect(fs.readFileSync(wrappedFile()).equals(before)).toBe(true);
  });

  it('refuses a wrap that does not hold 32 bytes', () => {
    const { log } = memoryLog();
    fs.mkdirSync(path.dirname(wrappedFile()), { recursive: true, mode: 0o700 });
    fs.writeFileSync(wrappedFile(), safeStorage.encryptString(crypto.randomBytes(16).toString('base64')), { mode: 0o600 });
    expect(() => loadWrappedDataKey({ safeStorage, userDataDir: temp.dir, log })).toThrow(/does not hold 32 bytes/);
  });

  it('warns when the Linux keyring is missing (basic_text), and never logs the key', () => {
    safeStorage.backend = 'basic_text';
    const { log, lines } = memoryLog();
    const base64 = loadWrappedDataKey({ safeStorage, userDataDir: temp.dir, log });
    expect(lines.some((line) => line.level === 'warn' && /keyring/.test(line.message))).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(base64);
  });
});
