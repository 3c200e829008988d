import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, DATA_KEY_BYTES, keyIdOf, SecretBoxError, type SecretBoxProblem } from '../../electron/core/secrets/secret-box.js';

const key = crypto.randomBytes(DATA_KEY_BYTES);
const box = createSecretBox(key);

function problemOf(run: () => unknown): SecretBoxProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof SecretBoxError) return error.problem;
    throw error;
  }
  throw new Error('the secret opened');
}

/** Flips one bit of the decoded payload and re-encodes it, keeping the format valid. */
function flipBit(sealed: string, byteIndex: number): string {
  const [version, keyId, payload] = sealed.split('.') as [string, string, string];
  const bytes = Buffer.from(payload, 'base64url');
  bytes[byteIndex] = (bytes[byteIndex] ?? 0) ^ 0x01;
  return `${version}.${keyId}.${bytes.toString('base64url')}`;
}

describe('secret box (AES-256-GCM)', () => {
  it('round-trips text, Chinese and empty strings included', () => {
    for (const secret of ['hunter2', '口岸查验密码 ✓', '', 'x'.repeat(4096)]) {
      expect(box.open(box.seal(secret, 'gateway.password'), 'gateway.password')).toBe(secret);
    }
  });

  it('never writes the plaintext, and seals the same text differently each time (fresh IV)', () => {
    const a = box.seal('Pa55word-8000', 'gateway.password');
    const b = box.seal('Pa55word-8000', 'gateway.password');
    expect(a).not.toBe(b);
    for (const sealed of [a, b]) {
      expect(sealed).not.toContain('Pa55word');
      expect(Buffer.from(sealed.split('.')[2]!, 'base64url').includes(Buffer.from('Pa55word'))).toBe(false);
      expect(sealed).toMatch(/^sb1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+$/);
    }
  });

  it('detects a changed ciphertext, IV or tag (GCM authentication)', () => {
    const sealed = box.seal('token-abc', 'gateway.token');
    expect(problemOf(() => box.open(flipBit(sealed, 0), 'gateway.token'))).toBe('tampered'); // IV
    expect(problemOf(() => box.open(flipBit(sealed, 12), 'gateway.token'))).toBe('tampered'); // tag
    expect(problemOf(() => box.open(flipBit(sealed, 28), 'gateway.token'))).toBe('tampered'); // ciphertext
    expect(box.open(sealed, 'gateway.token')).toBe('token-abc');
  });

  it('refuses a value moved to another setting (context is authenticated)', () => {
    const password = box.seal('secret', 'gateway.password');
    expect(problemOf(() => box.open(password, 'gateway.token'))).toBe('tampered');
  });

  it('says clearly when the value was sealed with another data key', () => {
    const other = createSecretBox(crypto.randomBytes(DATA_KEY_BYTES));
    const sealed = other.seal('secret', 'gateway.password');
    let caught: unknown;
    try {
      box.open(sealed, 'gateway.password');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecretBoxError);
    expect((caught as SecretBoxError).problem).toBe('wrong_key');
    expect((caught as SecretBoxError).message).toMatch(/another data key/);
    expect((caught as SecretBoxError).message).not.toContain('secret.');
  });

  it('fails authentication with a wrong key even if the key id is forged', () => {
    const other = crypto.randomBytes(DATA_KEY_BYTES);
    const forged = createSecretBox(other).seal('secret', 'gateway.password').replace(keyIdOf(other), box.keyId);
    expect(problemOf(() => box.open(forged, 'gateway.password'))).toBe('tampered');
  });

  it('refuses malformed values and wrong key sizes', () => {
    for (const bad of ['', 'plain text', 'sb1.x', `sb1.${box.keyId}.`, `sb1.${box.keyId}.AAAA`, `sb2.${box.keyId}.AAAA`, `sb1.${box.keyId}.a.b`]) {
      expect(problemOf(() => box.open(bad, 'gateway.password')), bad).toBe('malformed');
    }
    expect(() => createSecretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  it('keeps its own copy of the key', () => {
    const mutable = Buffer.from(key);
    const own = createSecretBox(mutable);
    const sealed = own.seal('secret', 'ctx');
    mutable.fill(0);
    expect(own.open(sealed, 'ctx')).toBe('secret');
  });
});
