import { invalid, valid, type Validation } from './validation.js';

/**
 * China's tariff code: 10 digits, or 13 with the inspection-and-quarantine suffix (formats.md).
 * Chapter 77 is reserved by the Harmonized System and never used.
 */
export function validateHsCode(s: string): Validation {
  const value = s.trim();
  if (value === '') return invalid('empty', 'HS code is empty');
  if (!/^\d+$/.test(value)) return invalid('charset', 'HS code may contain only digits');
  if (value.length !== 10 && value.length !== 13) {
    return invalid('length', `HS code must have 10 or 13 digits, has ${value.length}`);
  }
  const chapter = Number(value.slice(0, 2));
  if (chapter < 1 || chapter > 97 || chapter === 77) {
    return invalid('chapter', `HS chapter ${value.slice(0, 2)} does not exist`);
  }
  return valid(value);
}
