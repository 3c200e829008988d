import { performance } from 'node:perf_hooks';

export interface Timing {
  p50: number;
  p95: number;
  mean: number;
  samples: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean: samples.reduce((sum, value) => sum + value, 0) / Math.max(1, samples.length),
    samples: samples.length,
  };
}

/**
 * Times `run` for each input in turn, round-robin, after a warm-up. App and baseline are measured
 * interleaved (A, B, A, B…) so that a busy moment of the machine hits both alike. The warm-up is at
 * least 50 calls of each: V8 optimises a function after some tens of calls, and with one warm-up
 * call (a single search) the app's first timed calls ran its JavaScript unoptimised while the
 * baseline is mostly SQLite's native code, which skewed the tail against the app rather than
 * measuring what an officer waits for once the console has been used for a minute.
 */
export async function timePair<T>(
  inputs: readonly T[],
  app: (input: T) => unknown,
  baseline: (input: T) => unknown,
  options: { rounds: number; warmup?: number },
): Promise<{ app: Timing; baseline: Timing }> {
  const appSamples: number[] = [];
  const baseSamples: number[] = [];
  const warmup = options.warmup ?? Math.max(50, inputs.length);
  for (let i = 0; i < warmup; i++) {
    const input = inputs[i % inputs.length] as T;
    await app(input);
    await baseline(input);
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const input of inputs) {
      let start = performance.now();
      await app(input);
      appSamples.push(performance.now() - start);
      start = performance.now();
      await baseline(input);
      baseSamples.push(performance.now() - start);
    }
  }
  return { app: summarize(appSamples), baseline: summarize(baseSamples) };
}
