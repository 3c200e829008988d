import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson, type JsonValue } from '../../electron/core/audit/canonical-json.js';

/** The audit chain hashes details as canonical JSON: one text per value, whatever the key order. */
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3 },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'binary' }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** The same value with every object's keys in reverse order. */
function reordered(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(reordered);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.keys(value).reverse().map((key) => [key, reordered(value[key] ?? null)]));
  return value;
}

describe('canonical JSON', () => {
  it('sorts keys at every depth, writes no whitespace and -0 as 0', () => {
    expect(canonicalJson({ b: [{ d: 1, c: -0 }], a: '口岸', ä: true })).toBe('{"a":"口岸","b":[{"c":0,"d":1}],"ä":true}');
  });

  it('gives one text per value: key order does not matter, and the text parses back to itself', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(reordered(value))).toBe(text);
        expect(canonicalJson(JSON.parse(text) as JsonValue)).toBe(text);
        // Only ASCII escapes for lone surrogates: the text survives UTF-8 storage unchanged.
        expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
      }),
    );
  });

  it('refuses what JSON cannot write', () => {
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ d: new Date(0) } as unknown as JsonValue)).toThrow(CanonicalJsonError);
    const deep: JsonValue[] = [];
    let inner = deep;
    for (let i = 0; i < 40; i += 1) {
      const next: JsonValue[] = [];
      inner.push(next);
      inner = next;
    }
    expect(() => canonicalJson(deep)).toThrow(/deeper/);
  });
});
