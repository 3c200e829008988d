import { invalid, valid, type Validation } from './validation.js';

/** Container number (ISO 6346): owner code, category, serial, check digit (formats.md). */

export type ContainerCategory = 'U' | 'J' | 'Z';

const LETTER_VALUES: ReadonlyMap<string, number> = (() => {
  // Letters skip multiples of 11 so that no letter is worth 11, 22 or 33.
  const values = new Map<string, number>();
  let v = 10;
  for (let code = 65; code <= 90; code++) {
    if (v % 11 === 0) v++;
    values.set(String.fromCharCode(code), v);
    v++;
  }
  return values;
})();

const FIRST_TEN = /^[A-Z]{3}[UJZ]\d{6}$/;

/** Upper-cases and removes all whitespace, so `csqu 305438 3` compares equal to `CSQU3054383`. */
export function normalizeContainerNo(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}

function charValue(ch: string): number {
  const letter = LETTER_VALUES.get(ch);
  if (letter !== undefined) return letter;
  const code = ch.charCodeAt(0);
  if (ch.length === 1 && code >= 48 && code <= 57) return code - 48;
  throw new RangeError(`not a container number character: ${JSON.stringify(ch)}`);
}

/**
 * Check digit of the first ten characters (owner code, category, serial). Accepts any ten
 * characters from A-Z and 0-9 so that callers can score damaged numbers too; throws otherwise.
 */
export function containerCheckDigit(first10: string): number {
  if (first10.length !== 10) throw new RangeError(`expected 10 characters, got ${first10.length}`);
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += charValue(first10.charAt(i)) * 2 ** i;
  return (sum % 11) % 10;
}

export function validateContainerNo(s: string): Validation {
  const value = normalizeContainerNo(s);
  if (value === '') return invalid('empty', 'container number is empty');
  if (value.length !== 11) return invalid('length', `container number must have 11 characters, has ${value.length}`);
  if (!/^[A-Z0-9]{11}$/.test(value)) return invalid('charset', 'container number may contain only A-Z and 0-9');
  if (!FIRST_TEN.test(value.slice(0, 10)) || !/\d$/.test(value)) {
    return invalid('format', 'container number must be 3 owner letters, category U/J/Z, 6 digits and a check digit');
  }
  const expected = containerCheckDigit(value.slice(0, 10));
  if (value.charAt(10) !== String(expected)) {
    return invalid('check_digit', `container number check digit should be ${expected}`);
  }
  return valid(value);
}

export function makeContainerNo(owner: string, category: ContainerCategory, serial: number): string {
  if (!/^[A-Z]{3}$/.test(owner)) throw new RangeError(`owner code must be 3 capital letters: ${JSON.stringify(owner)}`);
  if (!Number.isInteger(serial) || serial < 0 || serial > 999_999) throw new RangeError(`serial out of range: ${serial}`);
  const first10 = `${owner}${category}${String(serial).padStart(6, '0')}`;
  return `${first10}${containerCheckDigit(first10)}`;
}
