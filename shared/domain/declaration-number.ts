import { invalid, valid, type Validation } from './validation.js';

/**
 * China customs declaration number (formats.md): customs code (4) + year (4) + direction (1:
 * 1 import, 0 export) + sequence (9). It has no check digit, so only plausibility is checked.
 */

export type TradeDirection = 'import' | 'export';

export interface DeclarationNoOptions {
  /** When given, the direction digit must match the task's direction. */
  direction?: TradeDirection;
  minYear?: number;
  /** Defaults to next year: declarations filed around New Year may carry it. */
  maxYear?: number;
}

const DIRECTION_DIGIT: Record<TradeDirection, string> = { import: '1', export: '0' };

export function validateDeclarationNo(s: string, opts: DeclarationNoOptions = {}): Validation {
  const value = s.trim();
  if (value === '') return invalid('empty', 'declaration number is empty');
  if (value.length !== 18) return invalid('length', `declaration number must have 18 digits, has ${value.length}`);
  if (!/^\d{18}$/.test(value)) return invalid('charset', 'declaration number may contain only digits');
  const year = Number(value.slice(4, 8));
  const minYear = opts.minYear ?? 2000;
  const maxYear = opts.maxYear ?? new Date().getUTCFullYear() + 1;
  if (year < minYear || year > maxYear) {
    return invalid('year', `declaration year ${year} is outside ${minYear}..${maxYear}`);
  }
  const digit = value.charAt(8);
  if (digit !== '0' && digit !== '1') return invalid('direction', `9th digit must be 1 (import) or 0 (export), is ${digit}`);
  if (opts.direction !== undefined && digit !== DIRECTION_DIGIT[opts.direction]) {
    return invalid('direction', `declaration is for ${digit === '1' ? 'import' : 'export'}, task is ${opts.direction}`);
  }
  return valid(value);
}

export function makeDeclarationNo(
  customsCode: string,
  year: number,
  direction: TradeDirection,
  sequence: number,
): string {
  if (!/^\d{4}$/.test(customsCode)) throw new RangeError(`customs code must be 4 digits: ${JSON.stringify(customsCode)}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999_999_999) {
    throw new RangeError(`sequence out of range: ${sequence}`);
  }
  return `${customsCode}${year}${DIRECTION_DIGIT[direction]}${String(sequence).padStart(9, '0')}`;
}
