import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { airWaybillCheckDigit, makeAirWaybill, normalizeAirWaybill, validateAirWaybill } from '../../shared/domain/index.js';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const awbArb = fc
  .tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 9_999_999 }))
  .map(([prefix, serial]) => makeAirWaybill(String(prefix).padStart(3, '0'), serial));
/** A position among the 11 digits of `NNN-NNNNNNNN` (the hyphen is index 3) and a different digit for it. */
const substitutionArb = fc.tuple(awbArb, fc.integer({ min: 0, max: 10 }), fc.constantFrom(...DIGITS)).map(([awb, digitIndex, digit]) => {
  const at = digitIndex < 3 ? digitIndex : digitIndex + 1;
  return { awb, at, digit };
}).filter(({ awb, at, digit }) => awb.charAt(at) !== digit);
const substitute = (awb: string, at: number, digit: string): string => `${awb.slice(0, at)}${digit}${awb.slice(at + 1)}`;

describe('air waybill numbers', () => {
  it.each(['112-29955343', '999-00000000', '880-12345675', '784-99999992'])('accepts %s', (awb) => {
    expect(validateAirWaybill(awb)).toEqual({ ok: true, value: awb });
  });

  it('takes the digits without the hyphen or with spaces, and answers them written NNN-NNNNNNNN', () => {
    expect(validateAirWaybill('11229955343')).toEqual({ ok: true, value: '112-29955343' });
    expect(validateAirWaybill(' 112 2995 5343 ')).toEqual({ ok: true, value: '112-29955343' });
    expect(normalizeAirWaybill('abc')).toBe('abc');
  });

  it.each([
    ['112-29955344', 'check_digit'],
    ['112-29955347', 'check_digit'],
    ['112-2995534', 'length'],
    ['112-299553430', 'length'],
    ['', 'empty'],
    ['  ', 'empty'],
    ['112-2995534X', 'charset'],
    ['1122-9955343', 'format'],
    ['112--29955343', 'format'],
  ])('rejects %s with %s', (awb, code) => {
    const result = validateAirWaybill(awb);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.message).toMatch(/air waybill/);
    }
  });

  it('computes the check digit as the serial mod 7 (formats.md: 2995534 mod 7 = 3)', () => {
    expect(airWaybillCheckDigit('2995534')).toBe(3);
    expect(() => airWaybillCheckDigit('299553')).toThrow(RangeError);
    expect(() => makeAirWaybill('12', 1)).toThrow(RangeError);
    expect(() => makeAirWaybill('112', 10_000_000)).toThrow(RangeError);
  });

  it('accepts every number it makes', () => {
    fc.assert(fc.property(awbArb, (awb) => validateAirWaybill(awb).ok));
  });

  it('catches any single mistyped digit of the serial or check digit, except a serial digit off by exactly 7', () => {
    fc.assert(
      fc.property(substitutionArb, ({ awb, at, digit }) => {
        const typo = validateAirWaybill(substitute(awb, at, digit));
        const offBySeven = at >= 4 && at <= 10 && Math.abs(Number(digit) - Number(awb.charAt(at))) === 7;
        if (at < 3) return typo.ok; // the airline prefix is not part of the check
        return offBySeven ? typo.ok : !typo.ok && typo.code === 'check_digit';
      }),
      { numRuns: 2000 },
    );
  });
});
