import { printFigures, writeFigures, type Figure } from './figures.js';

/** Each benchmark measures, then returns its figures; this runner prints and stores them. */
export type Benchmark = () => Promise<Figure[]>;

const benchmarks: Record<string, () => Promise<Benchmark>> = {
  'task-list': async () => (await import('./task-list.bench.js')).taskListBenchmark,
  'ws-roundtrip': async () => (await import('./ws-roundtrip.bench.js')).wsRoundTripBenchmark,
  sync: async () => (await import('./sync.bench.js')).syncBenchmark,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = wanted.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
  const names = wanted.length > 0 ? wanted : Object.keys(benchmarks);
  let misses = 0;
  for (const name of names) {
    const load = benchmarks[name];
    if (!load) continue;
    const run = await load();
    const started = Date.now();
    const figures = await run();
    printFigures(name, figures);
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s; written to ${writeFigures(name, figures)})`);
    misses += figures.filter((f) => f.pass === false).length;
  }
  if (misses > 0) console.log(`\n${misses} figure(s) missed their targets`);
}

await main();
