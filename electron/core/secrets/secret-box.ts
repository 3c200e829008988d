import crypto from 'node:crypto';

/**
 * AES-256-GCM for the few secrets the core keeps at rest (the gateway password, the last access
 * token). A sealed value is text, safe for a TEXT column:
 *
 *   sb1.<key id>.<base64url(iv ‖ tag ‖ ciphertext)>
 *
 * - a fresh 12-byte IV per seal, so the same password sealed twice gives different text;
 * - the key id is 6 bytes of HMAC-SHA256(key, label): it tells "sealed under another data key"
 *   (a restored database, a lost keyring) apart from "altered", without revealing the key;
 * - the caller's `context` (e.g. the setting's name) is authenticated data, so a sealed password
 *   moved into the token's slot fails to open instead of being read as a token.
 */
export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'sb1';
const KEY_ID_LABEL = 'smart-port-console secret-box key id v1';

export type SecretBoxProblem = 'wrong_key' | 'tampered' | 'malformed';

export class SecretBoxError extends Error {
  constructor(
    readonly problem: SecretBoxProblem,
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export interface SecretBox {
  /** Encrypts `plaintext`, bound to `context`. */
  seal(plaintext: string, context: string): string;
  /** Decrypts a value sealed with the same key and context; throws SecretBoxError otherwise. */
  open(sealed: string, context: string): string;
  /** The key's public id (as written in sealed values), for logs and diagnostics. */
  readonly keyId: string;
}

export function keyIdOf(key: Buffer): string {
  return crypto.createHmac('sha256', key).update(KEY_ID_LABEL).digest().subarray(0, 6).toString('base64url');
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== DATA_KEY_BYTES) {
    throw new RangeError(`a data key is ${DATA_KEY_BYTES} bytes, got ${key.length}`);
  }
  // A private copy: the caller may zero or reuse its buffer.
  const secret = Buffer.from(key);
  const keyId = keyIdOf(secret);

  return {
    keyId,
    seal(plaintext, context) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', secret, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const packed = Buffer.concat([iv, cipher.getAuthTag(), body]);
      return `${VERSION}.${keyId}.${packed.toString('base64url')}`;
    },
    open(sealed, context) {
      const [version, sealedKeyId, payload, ...rest] = sealed.split('.');
      if (version !== VERSION || sealedKeyId === undefined || payload === undefined || rest.length > 0) {
        throw new SecretBoxError('malformed', 'the stored secret is not in the expected format');
      }
      if (sealedKeyId !== keyId) {
        throw new SecretBoxError(
          'wrong_key',
          `the stored secret was sealed with another data key (${sealedKeyId}, this workstation has ${keyId}); enter it again`,
        );
      }
      const packed = Buffer.from(payload, 'base64url');
      if (packed.length < IV_BYTES + TAG_BYTES || packed.toString('base64url') !== payload) {
        throw new SecretBoxError('malformed', 'the stored secret is truncated or not base64url');
      }
      const decipher = crypto.createDecipheriv('aes-256-gcm', secret, packed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        // GCM's tag check: the bytes, the IV or the context were changed after sealing.
        throw new SecretBoxError('tampered', 'the stored secret failed its integrity check (altered, or moved from another setting)');
      }
    },
  };
}
