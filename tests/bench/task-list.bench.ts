import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { shapeOf } from '../../electron/core/db/task-list-sql.js';
import { TaskRepository } from '../../electron/core/db/task-repository.js';
import { planSearch } from '../../electron/core/db/task-search.js';
import { taskFilterSchema, type ParsedTaskFilter, type ResponseFrame, type TaskFilter } from '../../shared/contract/index.js';
import { cachedFixtureDatabase, FIXTURE_NOW } from '../fixtures/fixture-db.js';
import { figure, type Figure } from './figures.js';
import { RawTaskQueries } from './raw-task-queries.js';
import { LegacyListPage } from './legacy-list-page.js';
import { summarize, timePair, type Timing } from './timing.js';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const caller = { roles: ['inspector'] as const };

/** The list filters an inspector flips between during a shift. */
const LIST_FILTERS: TaskFilter[] = [
  {},
  { mode: 'rail' },
  { mode: 'river', priority: 'high' },
  { agency: 'quarantine' },
  { status: 'held' },
  { status: 'all', priority: 'urgent' },
];

interface SearchCase {
  name: string;
  text: (db: BetterSqlite3.Database) => string;
}

const pickOne = (db: BetterSqlite3.Database, sql: string): string => {
  const value = db.prepare(sql).pluck().get() as string | undefined;
  if (!value) throw new Error(`fixture has nothing for: ${sql}`);
  return value;
};

const SEARCHES: SearchCase[] = [
  { name: 'Chinese term of 3+ characters (去骨牛肉)', text: () => '去骨牛肉' },
  { name: 'rare two-character Chinese term (燕窝)', text: () => '燕窝' },
  {
    name: 'container-number fragment (7 digits)',
    text: (db) => pickOne(db, 'SELECT substr(container_no, 5, 7) FROM task_containers WHERE task_rid = 4242 LIMIT 1'),
  },
  { name: 'English word (frozen)', text: () => 'frozen' },
  { name: "consignee's USCC", text: (db) => pickOne(db, 'SELECT consignee_uscc FROM tasks WHERE rid = 777') },
];

function requestFrame(id: number, filter: TaskFilter, offset = 0): string {
  return JSON.stringify({ type: 'request', id, method: 'tasks:list', input: { filter, offset, limit: 50 } });
}

/** What the core does per request on a channel: route the frame, serialize the answer. */
async function viaApp(core: Core, frame: string): Promise<void> {
  const answer: ResponseFrame = await core.router.handle(frame, caller);
  if (!answer.result.ok) throw new Error(`list failed: ${answer.result.error.message}`);
  JSON.stringify(answer);
}

/**
 * Pages at every depth of the unsearched list (a scrollbar dragged anywhere, End), through the
 * router, beside the way the console read them before (tests/bench/legacy-list-page.ts) on a bare
 * handle in the same run. Offsets are spread evenly over the whole list and include its last page.
 */
async function measureDeepPages(core: Core, raw: BetterSqlite3.Database, label: string, size: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  const legacy = new LegacyListPage(raw);
  const target = size >= 1_000_000 ? 50 : 20;
  for (const view of DEEP_VIEWS) {
    const filter = taskFilterSchema.parse(view.filter);
    const total = countOf(raw, filter);
    const offsets = Array.from({ length: 20 }, (_, i) => Math.floor((total * (i + 0.5)) / 20));
    offsets.push(Math.max(0, total - 50));
    const params: Record<string, string | number> = { now: FIXTURE_NOW };
    if (filter.status !== 'open' && filter.status !== 'all') params.status = filter.status;
    if (filter.mode !== undefined) params.mode = filter.mode;
    // Today's way costs seconds a page at 1M: a few of the same offsets suffice for its figure.
    const legacyOffsets = offsets.filter((_, i) => i % (size >= 1_000_000 ? 5 : 2) === 0);
    const app = await timeEach(offsets, (offset) => viaApp(core, requestFrame(5, view.filter, offset)), size >= 1_000_000 ? 3 : 5);
    const old = await timeEach(legacyOffsets, (offset) => legacy.page(shapeOf(filter, null), params, offset, 50), 1);
    figures.push(
      figure({ name: `${label} page at any depth, ${view.name} p50`, value: app.p50, unit: 'ms', baseline: old.p50 }),
      figure({ name: `${label} page at any depth, ${view.name} p95`, value: app.p95, unit: 'ms', baseline: old.p95, max: target }),
      figure({ name: `${label} last page (End), ${view.name} p95`, value: (await timeEach([Math.max(0, total - 50)], (offset) => viaApp(core, requestFrame(6, view.filter, offset)), 10)).p95, unit: 'ms', max: target }),
    );
  }
  // Right after data changes the range counts are taken afresh (each commit of a sync page does
  // that); an earlier clock than the cached one forces the same recount on an otherwise warm cache.
  const tasks = new TaskRepository(raw);
  const filter = taskFilterSchema.parse({ status: 'all' });
  let shift = 0;
  const recount = await timeEach([Math.floor(size / 2)], (offset) => tasks.listPage({ filter, offset, limit: 50, now: FIXTURE_NOW - ++shift * 1000 }), 20);
  figures.push(figure({ name: `${label} page at any depth, all statuses, right after a change (counts taken afresh) p95 (no target)`, value: recount.p95, unit: 'ms' }));
  return figures;
}

const DEEP_VIEWS: { name: string; filter: TaskFilter }[] = [
  { name: 'open tasks', filter: {} },
  { name: 'all statuses', filter: { status: 'all' } },
  { name: 'rail, all statuses (a filter tested on the index entries)', filter: { status: 'all', mode: 'rail' } },
];

function countOf(raw: BetterSqlite3.Database, filter: ParsedTaskFilter): number {
  return new TaskRepository(raw).count(filter, FIXTURE_NOW);
}

async function timeEach<T>(inputs: readonly T[], run: (input: T) => unknown, rounds: number): Promise<Timing> {
  await run(inputs[0] as T);
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const input of inputs) {
      const start = performance.now();
      await run(input);
      samples.push(performance.now() - start);
    }
  }
  return summarize(samples);
}

async function measureSize(size: number): Promise<Figure[]> {
  const fixture = cachedFixtureDatabase({ tasks: size, seed: 1 });
  const core = startCore({ dataDir: path.dirname(fixture), logSink: nullSink, clock: () => FIXTURE_NOW, singleDatabase: true });
  const raw = new BetterSqlite3(fixture, { readonly: true });
  raw.pragma('cache_size = -65536');
  const rawQueries = new RawTaskQueries(raw);
  const label = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`;
  const figures: Figure[] = [];
  try {
    const list = await timePair(
      LIST_FILTERS,
      (filter) => viaApp(core, requestFrame(1, filter)),
      (filter) => rawQueries.page(taskFilterSchema.parse(filter), null, FIXTURE_NOW),
      { rounds: 60 },
    );
    const listTarget = size >= 1_000_000 ? { max: 10, maxRatio: 1.5 } : { maxRatio: 1.5 };
    figures.push(
      figure({ name: `${label} list page p50`, value: list.app.p50, unit: 'ms', baseline: list.baseline.p50 }),
      figure({ name: `${label} list page p95`, value: list.app.p95, unit: 'ms', baseline: list.baseline.p95, ...listTarget }),
    );

    figures.push(...(await measureDeepPages(core, raw, label, size)));

    const count = await timePair(
      [{}],
      async () => core.router.handle(JSON.stringify({ type: 'request', id: 3, method: 'tasks:count', input: { filter: {} } }), caller),
      () => undefined,
      { rounds: 20, warmup: 3 },
    );
    figures.push(figure({ name: `${label} count of open tasks p95 (no target)`, value: count.app.p95, unit: 'ms' }));

    for (const search of SEARCHES) {
      const text = search.text(raw);
      const plan = planSearch(text);
      const found = rawQueries.page(taskFilterSchema.parse({}), plan, FIXTURE_NOW).length;
      if (found === 0) throw new Error(`search "${text}" finds nothing in the fixture: the case measures nothing`);
      const timing = await timePair(
        [text],
        (query) => viaApp(core, requestFrame(4, { text: query })),
        () => rawQueries.page(taskFilterSchema.parse({}), plan, FIXTURE_NOW),
        { rounds: 200 },
      );
      const target = size >= 1_000_000 ? { max: 20, maxRatio: 1.5 } : { maxRatio: 1.5 };
      figures.push(
        figure({ name: `${label} search ${search.name} p50`, value: timing.app.p50, unit: 'ms', baseline: timing.baseline.p50 }),
        figure({ name: `${label} search ${search.name} p95`, value: timing.app.p95, unit: 'ms', baseline: timing.baseline.p95, ...target }),
      );
    }
  } finally {
    raw.close();
    await core.close();
  }
  return figures;
}

export async function taskListBenchmark(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const size of SIZES) figures.push(...(await measureSize(size)));
  return figures;
}
