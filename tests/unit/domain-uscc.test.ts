import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeUscc, normalizeUscc, USCC_CHARSET, usccCheckChar, validateUscc } from '../../shared/domain/index.js';

// Written out from formats.md rather than computed, so a wrong weight in the code shows up here.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SYMBOLS = Array.from('0123456789ABCDEFGHJKLMNPQRTUWXY');

const first17Arb = fc.string({ unit: fc.constantFrom(...SYMBOLS), minLength: 17, maxLength: 17 });

describe('unified social credit code', () => {
  it.each(['91310110666007217T', '91110000600037341L', '91310115MA1K3BTP2B'])('accepts %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true, value: code });
  });

  it.each([
    ['91110000600037341N', 'check_digit'],
    ['9111000060003IOZSV', 'charset'],
    ['9131011066600721', 'length'],
    ['', 'empty'],
  ])('rejects %s with %s', (code, expected) => {
    const result = validateUscc(code);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe(expected);
  });

  it('uses the charset and weights of GB 32100', () => {
    expect(USCC_CHARSET).toBe(SYMBOLS.join(''));
    WEIGHTS.forEach((w, i) => {
      expect(w).toBe(3 ** i % 31);
    });
    expect(usccCheckChar('91310110666007217')).toBe('T');
  });

  it('normalises case and spaces', () => {
    expect(normalizeUscc(' 91310115ma1k3btp2b ')).toBe('91310115MA1K3BTP2B');
    expect(validateUscc('9131 0115 ma1k 3btp 2b')).toEqual({ ok: true, value: '91310115MA1K3BTP2B' });
  });

  it('validates every code it makes and rejects every other check character', () => {
    fc.assert(
      fc.property(first17Arb, fc.constantFrom(...SYMBOLS), (first17, other) => {
        const code = makeUscc(first17);
        expect(validateUscc(code).ok).toBe(true);
        fc.pre(other !== code.charAt(17));
        const result = validateUscc(`${first17}${other}`);
        expect(result.ok).toBe(false);
      }),
    );
  });

  it('rejects input it cannot encode', () => {
    expect(() => usccCheckChar('9131011066600721')).toThrow(RangeError);
    expect(() => usccCheckChar('9131011066600721I')).toThrow(RangeError);
  });

  /**
   * Proof that every single substitution among the first 17 characters is caught. Replacing the
   * symbol of index a at position i by index b != a moves the weighted sum by (b - a) * w_i. Both
   * factors lie in 1..30 up to sign, and 31 is prime, so the product is never 0 mod 31: the sum's
   * residue always changes. The check index (31 - r) mod 31 is a bijection of the residues, so the
   * check character changes too. The test below checks both premises exhaustively, over every
   * position and every ordered pair of symbols; it does not depend on the other 16 characters.
   */
  it('detects every single substitution in the first 17 characters (exhaustive proof)', () => {
    for (let i = 0; i < 17; i++) {
      for (let a = 0; a < 31; a++) {
        for (let b = 0; b < 31; b++) {
          if (a === b) continue;
          expect((((b - a) * WEIGHTS[i]!) % 31 + 31) % 31).not.toBe(0);
        }
      }
    }
    const checkIndices = new Set(Array.from({ length: 31 }, (_, r) => (31 - r) % 31));
    expect(checkIndices.size).toBe(31);
  });

  it('detects every single substitution, tried on generated codes', () => {
    fc.assert(
      fc.property(first17Arb, (first17) => {
        const code = makeUscc(first17);
        const missed: string[] = [];
        for (let i = 0; i < 17; i++) {
          for (const symbol of SYMBOLS) {
            if (symbol === code.charAt(i)) continue;
            const typo = `${code.slice(0, i)}${symbol}${code.slice(i + 1)}`;
            if (validateUscc(typo).ok) missed.push(typo);
          }
        }
        expect(missed).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
