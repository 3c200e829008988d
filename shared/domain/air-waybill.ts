import { invalid, valid, type Validation } from './validation.js';

/**
 * Air waybill number (IATA, formats.md): airline prefix (3 digits), serial (7 digits) and a check
 * digit equal to the serial mod 7, written `NNN-NNNNNNNN`. Air cargo carries it where other cargo
 * carries a container number.
 *
 * What the check digit cannot catch: a change of the airline prefix (not part of the check), and a
 * serial digit changed by exactly 7 (0↔7, 1↔8, 2↔9), which moves the serial by a multiple of 7.
 */

/** Removes whitespace and accepts the 11 digits with or without the hyphen: `112 2995 5343` becomes `112-29955343`. */
export function normalizeAirWaybill(s: string): string {
  const compact = s.replace(/\s+/g, '');
  return /^\d{11}$/.test(compact) ? `${compact.slice(0, 3)}-${compact.slice(3)}` : compact;
}

/** Check digit of a 7-digit serial: the serial mod 7. */
export function airWaybillCheckDigit(serial: string): number {
  if (!/^\d{7}$/.test(serial)) throw new RangeError(`expected a 7-digit serial, got ${JSON.stringify(serial)}`);
  return Number(serial) % 7;
}

export function validateAirWaybill(s: string): Validation {
  const value = normalizeAirWaybill(s);
  if (value === '') return invalid('empty', 'air waybill number is empty');
  if (!/^[\d-]+$/.test(value)) return invalid('charset', 'air waybill number may contain only digits and one hyphen');
  const digits = value.replace(/-/g, '');
  if (digits.length !== 11) return invalid('length', `air waybill number must have 11 digits, has ${digits.length}`);
  if (!/^\d{3}-\d{8}$/.test(value)) return invalid('format', 'air waybill number must be written NNN-NNNNNNNN (airline prefix, serial and check digit)');
  const expected = airWaybillCheckDigit(value.slice(4, 11));
  if (value.charAt(11) !== String(expected)) return invalid('check_digit', `air waybill check digit should be ${expected}`);
  return valid(value);
}

export function makeAirWaybill(prefix: string, serial: number): string {
  if (!/^\d{3}$/.test(prefix)) throw new RangeError(`airline prefix must be 3 digits: ${JSON.stringify(prefix)}`);
  if (!Number.isInteger(serial) || serial < 0 || serial > 9_999_999) throw new RangeError(`serial out of range: ${serial}`);
  const digits = String(serial).padStart(7, '0');
  return `${prefix}-${digits}${airWaybillCheckDigit(digits)}`;
}
