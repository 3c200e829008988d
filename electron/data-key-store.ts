import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DataKeyError, ensureKeysDir, KEYS_DIR, writeFileOnce } from './core/secrets/data-key.js';
import { DATA_KEY_BYTES } from './core/secrets/secret-box.js';
import type { Logger } from './core/log.js';

/**
 * Electron main's half of the data key (ARCHITECTURE.md "Security"): the key lives on disk only
 * wrapped by safeStorage (DPAPI, Keychain, libsecret/kwallet), in `<userData>/keys/data.key.enc`.
 * Main unwraps it at start and hands it to the core in the init message; the core never sees
 * safeStorage and main never sees a secret the key protects. Electron is injected (tests pass a fake).
 */
export const WRAPPED_KEY_FILE = 'data.key.enc';

/** Electron's safeStorage, as far as this module uses it. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keyring, i.e. a hard-coded password protects the wrap. */
  getSelectedStorageBackend?: () => string;
}

export interface DataKeyStoreOptions {
  safeStorage: SafeStorageLike;
  userDataDir: string;
  log: Logger;
  randomBytes?: (size: number) => Buffer;
}

/**
 * Returns the data key as base64 for the init message, creating and wrapping a new one on first run.
 * Throws DataKeyError when safeStorage cannot be used or the wrapped key cannot be unwrapped; main
 * then starts the core without a key and the core falls back to its 0600 key file (see main.ts).
 */
export function loadWrappedDataKey(options: DataKeyStoreOptions): string {
  const { safeStorage, log } = options;
  const dir = path.join(options.userDataDir, KEYS_DIR);
  const file = path.join(dir, WRAPPED_KEY_FILE);
  if (!safeStorage.isEncryptionAvailable()) {
    throw new DataKeyError('unavailable', 'the operating system keychain (safeStorage) is not available', file);
  }
  if (safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    log.warn('no keyring on this desktop: safeStorage wraps the data key with a built-in password only');
  }
  ensureKeysDir(dir);
  if (!fs.existsSync(file)) {
    const key = (options.randomBytes ?? crypto.randomBytes)(DATA_KEY_BYTES);
    writeFileOnce(file, safeStorage.encryptString(key.toString('base64')));
    log.info('new data key created and wrapped with safeStorage', { file });
  }
  let base64: string;
  try {
    base64 = safeStorage.decryptString(fs.readFileSync(file));
  } catch (error) {
    throw new DataKeyError(
      'invalid',
      `the wrapped data key ${file} cannot be unwrapped by this user's keychain (${error instanceof Error ? error.message : String(error)})`,
      file,
    );
  }
  const key = Buffer.from(base64, 'base64');
  if (key.length !== DATA_KEY_BYTES || key.toString('base64') !== base64) {
    throw new DataKeyError('size', `the wrapped data key ${file} does not hold ${DATA_KEY_BYTES} bytes`, file);
  }
  return base64;
}

