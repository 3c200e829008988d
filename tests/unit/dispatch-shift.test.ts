import { describe, expect, it } from 'vitest';
import { shiftAt, shiftBounds } from '../../shared/contract/index.js';

/** Shifts in China Standard Time: day 08:00–20:00, night 20:00 to 08:00, named on the date they start. */
describe('duty shifts', () => {
  it('names the shift a moment falls in, the night before 08:00 belonging to the evening before', () => {
    expect(shiftAt(Date.parse('2026-12-07T00:00:00Z'))).toEqual({ date: '2026-12-07', shift: 'day' }); // 08:00 CST
    expect(shiftAt(Date.parse('2026-12-07T11:59:59Z'))).toEqual({ date: '2026-12-07', shift: 'day' }); // 19:59:59
    expect(shiftAt(Date.parse('2026-12-07T12:00:00Z'))).toEqual({ date: '2026-12-07', shift: 'night' }); // 20:00
    expect(shiftAt(Date.parse('2026-12-07T16:30:00Z'))).toEqual({ date: '2026-12-07', shift: 'night' }); // 00:30 on the 8th
    expect(shiftAt(Date.parse('2026-12-07T23:59:59Z'))).toEqual({ date: '2026-12-07', shift: 'night' }); // 07:59:59 on the 8th
    expect(shiftAt(Date.parse('2026-12-31T18:00:00Z'))).toEqual({ date: '2026-12-31', shift: 'night' }); // 02:00 on 1 January
  });

  it('gives each shift’s start and end in UTC, the night ending the next morning', () => {
    expect(shiftBounds('2026-12-07', 'day')).toEqual({ startsAt: '2026-12-07T00:00:00.000Z', endsAt: '2026-12-07T12:00:00.000Z' });
    expect(shiftBounds('2026-12-31', 'night')).toEqual({ startsAt: '2026-12-31T12:00:00.000Z', endsAt: '2027-01-01T00:00:00.000Z' });
  });
});
