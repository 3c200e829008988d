import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { planSearch } from '../../electron/core/db/task-search.js';
import { taskFilterSchema, type ResponseFrame, type TaskFilter } from '../../shared/contract/index.js';
import { cachedFixtureDatabase, FIXTURE_NOW } from '../fixtures/fixture-db.js';
import { figure, type Figure } from './figures.js';
import { RawTaskQueries } from './raw-task-queries.js';
import { timePair } from './timing.js';

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

async function measureSize(size: number): Promise<Figure[]> {
  const fixture = cachedFixtureDatabase({ tasks: size, seed: 1 });
  const core = startCore({ dataDir: path.dirname(fixture), logSink: nullSink, clock: () => FIXTURE_NOW });
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

    const deep = await timePair(
      [{}],
      (filter) => viaApp(core, requestFrame(2, filter, 20_000)),
      () => undefined,
      { rounds: 30, warmup: 3 },
    );
    figures.push(figure({ name: `${label} list page at offset 20,000 p95 (no target)`, value: deep.app.p95, unit: 'ms' }));

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
