import { describe, expect, it } from 'vitest';
import { CURRENT_PARAMS, hashPassword, needsRehash, PasswordHashFormatError, verifyPassword } from '../../electron/core/auth/password-hash.js';

/** Cheap parameters for the tests that only look at the format and the rehash rule. */
const OLD = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashes', () => {
  it('are scrypt$N$r$p$salt$hash with the parameters they were made with, a fresh salt each time', async () => {
    const hash = await hashPassword('correct horse', OLD);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(await hashPassword('correct horse', OLD)).not.toBe(hash);
    expect((await hashPassword('x')).startsWith(`scrypt$${CURRENT_PARAMS.N}$${CURRENT_PARAMS.r}$${CURRENT_PARAMS.p}$`)).toBe(true);
  });

  it('verify the right password only (a changed character, case or trailing space is wrong)', async () => {
    const hash = await hashPassword('Pa55 word 口岸', OLD);
    expect(await verifyPassword('Pa55 word 口岸', hash)).toBe(true);
    for (const wrong of ['pa55 word 口岸', 'Pa55 word 口岸 ', 'Pa55 word', '']) expect(await verifyPassword(wrong, hash)).toBe(false);
  });

  it('ask for a rehash when made with other parameters than the current ones', async () => {
    expect(needsRehash(await hashPassword('p', OLD))).toBe(true);
    expect(needsRehash(await hashPassword('p'))).toBe(false);
    expect(needsRehash(await hashPassword('p', OLD), OLD)).toBe(false);
  });

  it('refuse stored values that are not ours or ask for absurd parameters', async () => {
    const good = await hashPassword('p', OLD);
    const parts = good.split('$');
    for (const bad of ['plain-text', `bcrypt$${parts.slice(1).join('$')}`, ['scrypt', '1000', ...parts.slice(2)].join('$'), ['scrypt', String(2 ** 24), ...parts.slice(2)].join('$')]) {
      await expect(verifyPassword('p', bad)).rejects.toBeInstanceOf(PasswordHashFormatError);
    }
  });
});
