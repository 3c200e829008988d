import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startCore, type Core } from '../../electron/core/core.js';
import { KPI_SQL, kpiParameters } from '../../electron/core/db/kpi-queries.js';
import { StatementCache } from '../../electron/core/db/statement-cache.js';
import { nullSink } from '../../electron/core/log.js';
import { rangeOf } from '../../electron/core/kpi/kpi-summary.js';
import { kpiFiltersSchema, type KpiFilters, type MethodName } from '../../shared/contract/index.js';
import { cachedFixtureDatabase, FIXTURE_NOW } from '../fixtures/fixture-db.js';
import { KPI_HISTORY_DAYS } from '../fixtures/kpi-history.js';
import { figure, type Figure } from './figures.js';
import { timePair } from './timing.js';

/**
 * The supervisor's KPIs (issue 10, point 3) at 100k and 1M cached tasks: each KPI call through the
 * core's router (frame in, answer serialized), beside the bare SQL of the same statements on a
 * plain better-sqlite3 handle in the same run. Target: p95 <= 200 ms at every size.
 * BENCH_SIZES=100000 while developing; the 1M fixture takes minutes to build once.
 */
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const TARGET_MS = 200;
const caller = { roles: ['supervisor'] as const, operatorId: 'bench-supervisor' };

const shanghaiDay = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const lastDays = (days: number): { from: string; to: string } => ({ from: shanghaiDay(FIXTURE_NOW - (days - 1) * 86_400_000), to: shanghaiDay(FIXTURE_NOW) });

interface KpiCase {
  name: string;
  method: MethodName & `kpi:${string}`;
  filters: KpiFilters;
}

const CASES: KpiCase[] = [
  { name: 'summary, last 7 days', method: 'kpi:summary', filters: lastDays(7) },
  { name: 'summary, last 30 days', method: 'kpi:summary', filters: lastDays(30) },
  { name: `summary, whole history (${KPI_HISTORY_DAYS} days)`, method: 'kpi:summary', filters: lastDays(KPI_HISTORY_DAYS) },
  { name: 'summary, a year', method: 'kpi:summary', filters: lastDays(365) },
  { name: 'summary, 30 days, quarantine by rail', method: 'kpi:summary', filters: { ...lastDays(30), agency: 'quarantine', mode: 'rail' } },
  { name: 'summary, 30 days, sampling at site 8000', method: 'kpi:summary', filters: { ...lastDays(30), inspectionType: 'sampling', portCode: '8000' } },
  { name: 'per officer, last 30 days', method: 'kpi:officers', filters: lastDays(30) },
  { name: 'per officer, a year', method: 'kpi:officers', filters: lastDays(365) },
  { name: 'CSV export, last 30 days', method: 'kpi:exportCsv', filters: lastDays(30) },
];

/** The statements the core runs for a call, prepared once, on a bare handle; the percentiles' ranks taken as the core takes them. */
function bareSql(statements: StatementCache, method: KpiCase['method'], filters: KpiFilters): void {
  const parameters = kpiParameters(rangeOf(filters), FIXTURE_NOW);
  if (method !== 'kpi:officers') {
    const days = statements.get(KPI_SQL.days).all(parameters) as { released: number }[];
    statements.get(KPI_SQL.overdueToday).all(parameters);
    const released = days.reduce((sum, day) => sum + day.released, 0);
    for (const p of [0.5, 0.9]) statements.get(KPI_SQL.clearanceAt).all({ ...parameters, offset: Math.floor(p * Math.max(0, released - 1)) });
  }
  if (method !== 'kpi:summary') statements.get(KPI_SQL.officers).all(parameters);
}

async function viaCore(core: Core, method: KpiCase['method'], filters: KpiFilters): Promise<void> {
  const answer = await core.router.handle(JSON.stringify({ type: 'request', id: 1, method, input: filters }), caller);
  if (!answer.result.ok) throw new Error(`${method} failed: ${answer.result.error.message}`);
  JSON.stringify(answer);
}

async function measureSize(size: number): Promise<Figure[]> {
  const fixture = cachedFixtureDatabase({ tasks: size, seed: 1 });
  const core = startCore({ dataDir: path.dirname(fixture), logSink: nullSink, clock: () => FIXTURE_NOW, singleDatabase: true });
  const raw = new BetterSqlite3(fixture, { readonly: true });
  raw.pragma('cache_size = -65536');
  const bare = new StatementCache(raw);
  const label = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`;
  const figures: Figure[] = [];
  try {
    const finished = raw.prepare('SELECT count(*) FROM task_kpi WHERE finished_at IS NOT NULL').pluck().get() as number;
    if (finished === 0) throw new Error('the fixture has no finished task: the KPIs would measure nothing');
    for (const kpi of CASES) {
      const filters = kpiFiltersSchema.parse(kpi.filters);
      const timing = await timePair(
        [filters],
        (input) => viaCore(core, kpi.method, input),
        (input) => bareSql(bare, kpi.method, input),
        { rounds: size >= 1_000_000 ? 20 : 40, warmup: 3 },
      );
      figures.push(
        figure({ name: `${label} ${kpi.name} p50`, value: timing.app.p50, unit: 'ms', baseline: timing.baseline.p50 }),
        figure({ name: `${label} ${kpi.name} p95`, value: timing.app.p95, unit: 'ms', baseline: timing.baseline.p95, max: TARGET_MS }),
      );
    }
  } finally {
    raw.close();
    await core.close();
  }
  return figures;
}

export async function kpiBenchmark(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const size of SIZES) figures.push(...(await measureSize(size)));
  return figures;
}
