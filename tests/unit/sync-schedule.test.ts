import { describe, expect, it } from 'vitest';
import { nextCycleDelay } from '../../electron/core/sync/sync-service.js';

describe('when the next sync cycle runs', () => {
  const now = 1_000_000;
  it('waits the regular interval when no result waits', () => {
    expect(nextCycleDelay(30_000, null, now)).toBe(30_000);
  });
  it('wakes when a backed-off result falls due before the interval', () => {
    expect(nextCycleDelay(30_000, now + 5_000, now)).toBe(5_000);
  });
  it('keeps the interval when the result is due later', () => {
    expect(nextCycleDelay(30_000, now + 600_000, now)).toBe(30_000);
  });
  it('never spins: at least one second, even for a result already due', () => {
    expect(nextCycleDelay(30_000, now - 50_000, now)).toBe(1_000);
  });
});
