import { describe, expect, it } from 'vitest';
import { isoTime } from '../../electron/core/db/iso-time.js';
import { agencyCodec, inspectionTypeCodec } from '../../electron/core/db/task-codes.js';
import { agencies, inspectionTypes } from '../../shared/contract/index.js';

/** The list page's due times and masks, written faster than Date and Array.filter would: the same values. */
describe('isoTime', () => {
  it("writes the text Date's toISOString writes, for every kind of time", () => {
    const day = 86_400_000;
    const times = [
      0,
      -0,
      1,
      -1,
      999,
      -1.5,
      1.999,
      Date.UTC(2026, 11, 7, 8, 0, 14),
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10_000, 0, 1),
      Date.UTC(-1, 5, 15, 12, 30),
      8.64e15,
      -8.64e15,
      ...Array.from({ length: 2000 }, (_, i) => Date.UTC(2026, 0, 1) + i * 7_654_321.5 - 400 * day),
    ];
    for (const ms of times) expect(isoTime(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws as Date does on a time it cannot write', () => {
    for (const ms of [Number.NaN, 8.64e15 + 1, -8.64e15 - 1, Number.POSITIVE_INFINITY]) {
      expect(() => new Date(ms).toISOString()).toThrow(RangeError);
      expect(() => isoTime(ms)).toThrow(RangeError);
    }
  });
});

describe('mask codecs', () => {
  it('give each mask its values in the contract order, a fresh list each time, unknown bits ignored', () => {
    expectMaskLists(agencyCodec, agencies);
    expectMaskLists(inspectionTypeCodec, inspectionTypes);
  });
});

function expectMaskLists<T extends string>(codec: { fromMask(mask: number): T[]; toMask(list: readonly T[]): number }, values: readonly T[]): void {
  for (let mask = 0; mask < 1 << (values.length + 1); mask++) {
    const expected = values.filter((_, index) => (mask & (1 << index)) !== 0);
    expect(codec.fromMask(mask)).toEqual(expected);
    expect(codec.toMask(codec.fromMask(mask))).toBe(mask & ((1 << values.length) - 1));
  }
  // A row's list is its own: changing it changes no other row's.
  const [first, second] = values;
  if (first === undefined || second === undefined) throw new Error('two values expected');
  codec.fromMask(1).push(second);
  expect(codec.fromMask(1)).toEqual([first]);
}
