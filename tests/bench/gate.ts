import type { Figure } from './figures.js';

/** What one benchmark produced: its figures, or the error that stopped it before it had any. */
export type BenchmarkOutcome = { name: string; figures: readonly Figure[] } | { name: string; error: string };

interface Verdict {
  /** 0 when every figure with a target met it and every benchmark ran to the end; 1 otherwise. */
  exitCode: 0 | 1;
  /** One line per problem, for the end of the run's output. */
  problems: string[];
}

/**
 * The gate `npm run bench` applies: a figure that misses its target (pass: false) or a benchmark
 * that failed fails the run, so a script or CI step cannot read a regression as success. Figures
 * without a target (pass: null) are reported, never judged.
 */
export function verdict(outcomes: readonly BenchmarkOutcome[]): Verdict {
  const problems: string[] = [];
  for (const outcome of outcomes) {
    if ('error' in outcome) {
      problems.push(`${outcome.name}: failed: ${outcome.error}`);
      continue;
    }
    for (const f of outcome.figures) {
      if (f.pass === false) problems.push(`${outcome.name}: "${f.name}" missed its target (${f.value} ${f.unit}, target ${f.target ?? '?'})`);
    }
  }
  return { exitCode: problems.length > 0 ? 1 : 0, problems };
}
