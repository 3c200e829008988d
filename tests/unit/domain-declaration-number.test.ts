import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDeclarationNo, validateDeclarationNo, type TradeDirection } from '../../shared/domain/index.js';

const thisYear = new Date().getUTCFullYear();

const codeOf = (no: string): string | undefined => {
  const result = validateDeclarationNo(no);
  return result.ok ? undefined : result.code;
};

describe('customs declaration numbers', () => {
  it('accepts the example from formats.md', () => {
    expect(validateDeclarationNo('800020261000012345')).toEqual({ ok: true, value: '800020261000012345' });
    expect(validateDeclarationNo('800020261000012345', { direction: 'import' }).ok).toBe(true);
  });

  it('checks the direction digit against the task', () => {
    const result = validateDeclarationNo('800020261000012345', { direction: 'export' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('direction');
    expect(validateDeclarationNo('800020260000012345', { direction: 'export' }).ok).toBe(true);
    for (const digit of '23456789') expect(codeOf(`80002026${digit}000012345`)).toBe('direction');
  });

  it('checks the year', () => {
    expect(codeOf('800019991000012345')).toBe('year');
    expect(codeOf(`8000${thisYear + 1}1000012345`)).toBeUndefined();
    expect(codeOf(`8000${thisYear + 2}1000012345`)).toBe('year');
    expect(validateDeclarationNo('800020201000012345', { minYear: 2024 }).ok).toBe(false);
    expect(validateDeclarationNo('800020301000012345', { maxYear: 2030 }).ok).toBe(true);
  });

  it('checks length and charset', () => {
    expect(codeOf('')).toBe('empty');
    expect(codeOf('80002026100001234')).toBe('length');
    expect(codeOf('8000202610000123456')).toBe('length');
    expect(codeOf('80002026100001234X')).toBe('charset');
    expect(validateDeclarationNo(' 800020261000012345 ').ok).toBe(true);
  });

  it('validates every number it makes, for its own direction only', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 2000, max: thisYear + 1 }),
        fc.constantFrom<TradeDirection>('import', 'export'),
        fc.integer({ min: 0, max: 999_999_999 }),
        (code, year, direction, sequence) => {
          const no = makeDeclarationNo(String(code).padStart(4, '0'), year, direction, sequence);
          expect(no).toMatch(/^\d{18}$/);
          expect(validateDeclarationNo(no, { direction })).toEqual({ ok: true, value: no });
          const other: TradeDirection = direction === 'import' ? 'export' : 'import';
          expect(validateDeclarationNo(no, { direction: other }).ok).toBe(false);
        },
      ),
    );
  });

  it('refuses to make numbers it could not read back', () => {
    expect(() => makeDeclarationNo('800', 2026, 'import', 1)).toThrow(RangeError);
    expect(() => makeDeclarationNo('8000', 2026, 'import', 1_000_000_000)).toThrow(RangeError);
    expect(() => makeDeclarationNo('8000', 26, 'import', 1)).toThrow(RangeError);
    expect(makeDeclarationNo('8000', 2026, 'import', 12345)).toBe('800020261000012345');
  });
});
