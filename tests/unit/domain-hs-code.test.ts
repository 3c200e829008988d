import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateHsCode } from '../../shared/domain/index.js';

const codeOf = (hs: string): string | undefined => {
  const result = validateHsCode(hs);
  return result.ok ? undefined : result.code;
};

describe('HS codes', () => {
  it('accepts 10 and 13 digits', () => {
    expect(validateHsCode('0203290090')).toEqual({ ok: true, value: '0203290090' });
    expect(validateHsCode('8471301000999')).toEqual({ ok: true, value: '8471301000999' });
  });

  it('rejects other lengths and non-digits', () => {
    expect(codeOf('')).toBe('empty');
    expect(codeOf('020329009')).toBe('length');
    expect(codeOf('02032900901')).toBe('length');
    expect(codeOf('020329')).toBe('length');
    expect(codeOf('0203.29.0090')).toBe('charset');
    expect(codeOf('02032900A0')).toBe('charset');
  });

  it('accepts exactly chapters 01-97 except 77', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.string({ unit: fc.constantFrom(...Array.from('0123456789')), minLength: 8, maxLength: 8 }),
        fc.boolean(),
        (chapter, rest, long) => {
          const hs = `${String(chapter).padStart(2, '0')}${rest}${long ? '123' : ''}`;
          const expected = chapter >= 1 && chapter <= 97 && chapter !== 77;
          expect(validateHsCode(hs).ok).toBe(expected);
          if (!expected) expect(codeOf(hs)).toBe('chapter');
        },
      ),
    );
    for (const chapter of ['00', '77', '98', '99']) expect(codeOf(`${chapter}01000000`)).toBe('chapter');
  });
});
