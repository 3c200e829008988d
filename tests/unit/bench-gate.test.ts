import { describe, expect, it } from 'vitest';
import { figure } from '../bench/figures.js';
import { verdict } from '../bench/gate.js';

describe('npm run bench exit code', () => {
  it('is 0 when every figure with a target met it; figures without a target are not judged', () => {
    const figures = [
      figure({ name: 'page p95', value: 4, unit: 'ms', max: 20 }),
      figure({ name: 'throughput', value: 90_000, unit: 'tasks/s', min: 10_000 }),
      figure({ name: 'reported only', value: 123, unit: 'ms' }),
    ];
    expect(verdict([{ name: 'task-list', figures }])).toEqual({ exitCode: 0, problems: [] });
  });

  it('is 1 when any figure misses its target, naming it', () => {
    const ok = figure({ name: 'page p95', value: 4, unit: 'ms', max: 20 });
    const miss = figure({ name: 'longest stall', value: 63, unit: 'ms', max: 50 });
    const result = verdict([
      { name: 'task-list', figures: [ok] },
      { name: 'sync', figures: [ok, miss] },
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.problems).toEqual(['sync: "longest stall" missed its target (63 ms, target <= 50 ms)']);
  });

  it('fails on a ratio target and on a minimum, as figure() judges them', () => {
    expect(verdict([{ name: 'ws', figures: [figure({ name: 'round trip', value: 9, unit: 'ms', baseline: 2, maxRatio: 3 })] }]).exitCode).toBe(1);
    expect(verdict([{ name: 'sync', figures: [figure({ name: 'missing tasks', value: 1, unit: 'tasks', max: 0 })] }]).exitCode).toBe(1);
    expect(verdict([{ name: 'sync', figures: [figure({ name: 'rate', value: 5, unit: 'tasks/s', min: 10 })] }]).exitCode).toBe(1);
    // A figure that could not be measured (NaN) is a miss, not a pass.
    expect(verdict([{ name: 'x', figures: [figure({ name: 'p95', value: Number.NaN, unit: 'ms', max: 20 })] }]).exitCode).toBe(1);
  });

  it('is 1 when a benchmark failed before producing figures', () => {
    const result = verdict([
      { name: 'task-list', figures: [figure({ name: 'page p95', value: 4, unit: 'ms', max: 20 })] },
      { name: 'sync', error: 'sync of 1M tasks failed (4)' },
    ]);
    expect(result).toEqual({ exitCode: 1, problems: ['sync: failed: sync of 1M tasks failed (4)'] });
  });

  it('is 0 for a run with nothing to judge', () => {
    expect(verdict([]).exitCode).toBe(0);
  });
});
