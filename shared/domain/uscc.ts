import { invalid, valid, type Validation } from './validation.js';

/** Unified social credit code (GB 32100-2015, formats.md). */

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/** Normalised for comparison: upper-case, without whitespace. */
export function normalizeUscc(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}

/** The 18th character for the given first 17; throws if they are not 17 symbols of the charset. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const index = USCC_CHARSET.indexOf(first17.charAt(i));
    if (index < 0) throw new RangeError(`not a USCC character: ${JSON.stringify(first17.charAt(i))}`);
    sum += index * (WEIGHTS[i] ?? 0);
  }
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

export function validateUscc(s: string): Validation {
  const value = normalizeUscc(s);
  if (value === '') return invalid('empty', 'USCC is empty');
  if (value.length !== 18) return invalid('length', `USCC must have 18 characters, has ${value.length}`);
  for (const ch of value) {
    if (!USCC_CHARSET.includes(ch)) {
      return invalid('charset', `USCC may use only 0-9 and A-H J-N P-R T-U W-Y, found ${JSON.stringify(ch)}`);
    }
  }
  const expected = usccCheckChar(value.slice(0, 17));
  if (value.charAt(17) !== expected) return invalid('check_digit', `USCC check character should be ${expected}`);
  return valid(value);
}

export function makeUscc(first17: string): string {
  return `${first17}${usccCheckChar(first17)}`;
}
