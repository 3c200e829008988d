import { printFigures, writeFigures, type Figure } from './figures.js';
import { verdict, type BenchmarkOutcome } from './gate.js';

/** Each benchmark measures, then returns its figures; this runner prints and stores them. */
export type Benchmark = () => Promise<Figure[]>;

const benchmarks: Record<string, () => Promise<Benchmark>> = {
  'task-list': async () => (await import('./task-list.bench.js')).taskListBenchmark,
  'ws-roundtrip': async () => (await import('./ws-roundtrip.bench.js')).wsRoundTripBenchmark,
  sync: async () => (await import('./sync.bench.js')).syncBenchmark,
  'type-to-paint': async () => (await import('./type-to-paint.bench.js')).typeToPaintBenchmark,
  audit: async () => (await import('./audit.bench.js')).auditBenchmark,
  inspection: async () => (await import('./inspection.bench.js')).inspectionBenchmark,
  'map-scale': async () => (await import('./map-scale.bench.js')).mapScaleBenchmark,
  kpi: async () => (await import('./kpi.bench.js')).kpiBenchmark,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = wanted.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
  const names = wanted.length > 0 ? wanted : Object.keys(benchmarks);
  const outcomes: BenchmarkOutcome[] = [];
  for (const name of names) {
    const load = benchmarks[name];
    if (!load) continue;
    const started = Date.now();
    try {
      const run = await load();
      const figures = await run();
      printFigures(name, figures);
      console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s; written to ${writeFigures(name, figures)})`);
      outcomes.push({ name, figures });
    } catch (error) {
      // The other benchmarks still run; the failure decides the exit code below.
      console.error(`\n## ${name} failed after ${((Date.now() - started) / 1000).toFixed(1)} s:`, error);
      outcomes.push({ name, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const { exitCode, problems } = verdict(outcomes);
  if (problems.length > 0) console.log(`\n${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exitCode = exitCode;
}

await main();
