import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayTask } from '../../shared/contract/gateway-task.js';
import {
  agencies,
  priorities,
  taskFilterSchema,
  taskStatuses,
  transportModes,
  type TaskFilter,
  type TaskStatus,
} from '../../shared/contract/index.js';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { agencyCodec } from '../../electron/core/db/task-codes.js';
import { AMONG_MAX } from '../../electron/core/db/task-reads.js';
import { SearchInputError } from '../../electron/core/db/task-search.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const at = (hours: number) => new Date(NOW + hours * 3600_000).toISOString();

let temp: ReturnType<typeof makeTempDir>;
let db: Database;

beforeAll(() => {
  temp = makeTempDir();
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log: createLogger(nullSink) });
  db.tasks.upsertMany([
    buildTask({ taskId: 'A-urgent-later', mode: 'air', containers: [] }, { priority: 'urgent', dueAt: at(2) }),
    buildTask(
      {
        taskId: 'B-normal-overdue',
        mode: 'river',
        assignedTo: ['op-8000-001', 'op-8000-002'],
        status: 'assigned',
        goods: [{ line: 1, hsCode: '0810600000', description: '鲜榴莲 Fresh durian', quantity: 18, unit: 't', originCountry: 'TH', declaredValue: 50000, currency: 'USD' }],
        containers: [{ containerNo: 'TCNU7200794', sizeType: '45R1', sealNos: ['TH778899'] }],
      },
      { priority: 'normal', dueAt: at(-1), agencies: ['customs', 'quarantine', 'maritime'] },
    ),
    buildTask({ taskId: 'C-high-overdue', status: 'in_progress' }, { priority: 'high', dueAt: at(-3), agencies: ['customs'] }),
    buildTask(
      {
        taskId: 'D-high-later',
        mode: 'road',
        consignee: { name: '重庆南彭木业有限公司', uscc: '91110000600037341L', creditGrade: 'dishonest', creditAsOf: '2026-05-01' },
        goods: [{ line: 1, hsCode: '4403490090', description: '热带原木 木材 Tropical logs', quantity: 40, unit: 'm3', originCountry: 'LA', declaredValue: 9000, currency: 'USD' }],
        containers: [{ containerNo: 'GYOU4047990', sizeType: '42G1', sealNos: [] }],
        declarationNo: '800020261000099999',
      },
      { priority: 'high', dueAt: at(1) },
    ),
    buildTask({ taskId: 'E-normal-later' }, { priority: 'normal', dueAt: at(0.5) }),
    buildTask({ taskId: 'F-urgent-much-later' }, { priority: 'urgent', dueAt: at(10) }),
    buildTask({ taskId: 'G-urgent-done', status: 'completed' }, { priority: 'urgent', dueAt: at(-5) }),
  ]);
});
afterAll(() => {
  db.close();
  temp.remove();
});

const list = (filter: TaskFilter = {}, offset = 0, limit = 50) =>
  db.tasks.listPage({ filter: taskFilterSchema.parse(filter), offset, limit, now: NOW }).map((row) => row.taskId);
const count = (filter: TaskFilter = {}) => db.tasks.count(taskFilterSchema.parse(filter), NOW);

describe('task list order and filters', () => {
  it('puts urgent and overdue tasks first by due time, then high, then normal, and hides closed tasks by default', () => {
    expect(list()).toEqual(['C-high-overdue', 'B-normal-overdue', 'A-urgent-later', 'F-urgent-much-later', 'D-high-later', 'E-normal-later']);
    expect(count()).toBe(6);
  });

  it('pages through the same order with offset and limit', () => {
    expect(list({}, 2, 3)).toEqual(['A-urgent-later', 'F-urgent-much-later', 'D-high-later']);
    expect(list({}, 6, 3)).toEqual([]);
  });

  it('marks overdue open tasks, and only those', () => {
    const rows = db.tasks.listPage({ filter: taskFilterSchema.parse({ status: 'all' }), offset: 0, limit: 50, now: NOW });
    const overdue = rows.filter((row) => row.overdue).map((row) => row.taskId).sort();
    expect(overdue).toEqual(['B-normal-overdue', 'C-high-overdue']);
  });

  it('filters by status, mode, agency, priority and assignee', () => {
    expect(list({ status: 'completed' })).toEqual(['G-urgent-done']);
    expect(count({ status: 'all' })).toBe(7);
    expect(list({ mode: 'river' })).toEqual(['B-normal-overdue']);
    expect(list({ agency: 'maritime' })).toEqual(['B-normal-overdue']);
    expect(list({ priority: 'high' })).toEqual(['C-high-overdue', 'D-high-later']);
    expect(list({ priority: 'urgent', status: 'all' })).toEqual(['G-urgent-done', 'A-urgent-later', 'F-urgent-much-later']);
    expect(list({ assignee: 'op-8000-002' })).toEqual(['B-normal-overdue']);
    expect(count({ agency: 'quarantine' })).toBe(5);
  });

  it('returns rows with their containers, assignees, agencies and types', () => {
    const [row] = db.tasks.listPage({ filter: taskFilterSchema.parse({ mode: 'river' }), offset: 0, limit: 1, now: NOW });
    expect(row).toMatchObject({
      taskId: 'B-normal-overdue',
      priority: 'normal',
      status: 'assigned',
      containerNos: ['TCNU7200794'],
      assignedTo: ['op-8000-001', 'op-8000-002'],
      agencies: ['customs', 'quarantine', 'maritime'],
      types: ['open_container'],
      goodsSummary: '鲜榴莲 Fresh durian',
      dueAt: at(-1),
    });
  });
});

describe('full-text search', () => {
  it.each([
    ['a two-character Chinese term', '榴莲', ['B-normal-overdue']],
    ['another two-character term in a longer text', '木材', ['D-high-later']],
    ['a Chinese term of three characters', '冷冻牛', ['C-high-overdue', 'A-urgent-later', 'F-urgent-much-later', 'E-normal-later']],
    ['a container-number fragment', '7200794', ['B-normal-overdue']],
    ['a container number typed with spaces', 'GYOU 404799 0', ['D-high-later']],
    ['an English word, any case', 'DURIAN', ['B-normal-overdue']],
    ['a consignee USCC', '91110000600037341L', ['D-high-later']],
    ['a consignee name', '南彭木业', ['D-high-later']],
    ['a declaration number fragment', '1000099999', ['D-high-later']],
    ['two terms, both required', 'durian 榴莲', ['B-normal-overdue']],
    ['two terms, one missing', 'durian 木材', []],
  ])('finds %s', (_label, text, expected) => {
    expect(list({ text })).toEqual(expected);
    expect(count({ text })).toBe(expected.length);
  });

  it('combines search with filters', () => {
    expect(list({ text: '冷冻牛', priority: 'urgent' })).toEqual(['A-urgent-later', 'F-urgent-much-later']);
    expect(list({ text: '冷冻牛', status: 'completed' })).toEqual(['G-urgent-done']);
  });

  it('treats query syntax as literal text', () => {
    expect(list({ text: '"榴莲" NEAR( ORR' })).toEqual([]);
    expect(list({ text: 'AND* ^"x' })).toEqual([]);
  });

  it('refuses terms the index cannot answer with a clear error', () => {
    expect(() => list({ text: '冷' })).toThrow(SearchInputError);
    expect(() => list({ text: 'ab' })).toThrow(/3 letters or digits, or 2 Chinese characters/);
  });
});

describe('upserts from the single window', () => {
  it('applies a newer version and ignores an older or equal one', () => {
    const newer = buildTask({ taskId: 'E-normal-later', version: 3 }, { priority: 'urgent', dueAt: at(0.5) });
    expect(db.tasks.upsertMany([newer])).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const stale = buildTask({ taskId: 'E-normal-later', version: 2 }, { priority: 'normal', dueAt: at(0.5) });
    expect(db.tasks.upsertMany([stale, newer])).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(db.tasks.get('E-normal-later', NOW)).toMatchObject({ version: 3, priority: 'urgent' });
  });

  it('replaces the search text of an updated task', () => {
    const renamed = buildTask(
      {
        taskId: 'A-urgent-later',
        version: 2,
        mode: 'air',
        containers: [],
        goods: [{ line: 1, hsCode: '8471300000', description: '笔记本电脑 Laptop computers', quantity: 500, unit: 'pcs', originCountry: 'CN', declaredValue: 300000, currency: 'USD' }],
      },
      { priority: 'urgent', dueAt: at(2) },
    );
    db.tasks.upsertMany([renamed]);
    expect(list({ text: 'laptop' })).toEqual(['A-urgent-later']);
    expect(list({ text: '冷冻牛' })).not.toContain('A-urgent-later');
  });

  it('rolls back a whole batch when one task is invalid', () => {
    const before = db.tasks.totalCount();
    const bad = { ...buildTask({ taskId: 'H-bad' }), mode: 'teleport' } as unknown as ReturnType<typeof buildTask>;
    expect(() => db.tasks.upsertMany([buildTask({ taskId: 'H-good' }), bad])).toThrow(/CHECK constraint/);
    expect(db.tasks.totalCount()).toBe(before);
    expect(db.tasks.get('H-good', NOW)).toBeNull();
  });

  it('returns the full detail of one task', () => {
    expect(db.tasks.get('D-high-later', NOW)).toMatchObject({
      consigneeUscc: '91110000600037341L',
      creditGrade: 'dishonest',
      containers: [{ containerNo: 'GYOU4047990', sizeType: '42G1', sealNos: [] }],
      goods: [{ line: 1, hsCode: '4403490090', description: '热带原木 木材 Tropical logs', originCountry: 'LA' }],
      riskReasons: ['随机抽查'],
      location: { area: '团结村 2号站台', lon: 106.37, lat: 29.62 },
    });
    expect(db.tasks.get('nope', NOW)).toBeNull();
  });
});

describe('pages at any depth match a brute-force reference', () => {
  /** A small seeded generator, so a failing case can be replayed from its seed. */
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const pick = <T,>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  // Due times on a coarse grid around NOW: many ties, so the rid tie-break is exercised.
  const slot = (next: () => number) => NOW + Math.floor(next() * 40 - 20) * 15 * 60_000;

  interface Reference {
    rid: number;
    taskId: string;
    status: TaskStatus;
    mode: (typeof transportModes)[number];
    rank: number;
    dueAt: number;
    agencies: readonly string[];
    assignees: readonly string[];
  }

  function randomTask(next: () => number, taskId: string, version: number): GatewayTask {
    const status = pick(next, taskStatuses);
    return buildTask(
      {
        taskId,
        version,
        status,
        mode: pick(next, transportModes),
        assignedTo: status === 'pending' ? [] : agencies.slice(0, 1 + Math.floor(next() * 2)).map((_, i) => `op-${i + Math.floor(next() * 3)}`),
      },
      {
        priority: pick(next, priorities),
        dueAt: new Date(slot(next)).toISOString(),
        agencies: agencies.filter(() => next() < 0.5).concat(['customs']).filter((a, i, all) => all.indexOf(a) === i),
      },
    );
  }

  function reference(database: Database): Reference[] {
    const assignees = new Map<number, string[]>();
    for (const row of sqliteHandle(database).prepare('SELECT task_rid, operator_id FROM task_assignments').all() as { task_rid: number; operator_id: string }[]) {
      assignees.set(row.task_rid, [...(assignees.get(row.task_rid) ?? []), row.operator_id]);
    }
    const rows = sqliteHandle(database).prepare('SELECT rid, task_id, status, mode, priority_rank, due_at, agency_mask FROM tasks').all() as {
      rid: number; task_id: string; status: TaskStatus; mode: Reference['mode']; priority_rank: number; due_at: number; agency_mask: number;
    }[];
    return rows.map((row) => ({
      rid: row.rid,
      taskId: row.task_id,
      status: row.status,
      mode: row.mode,
      rank: row.priority_rank,
      dueAt: row.due_at,
      agencies: agencyCodec.fromMask(row.agency_mask),
      assignees: assignees.get(row.rid) ?? [],
    }));
  }

  const OPEN_SET = new Set<TaskStatus>(['pending', 'assigned', 'in_progress']);
  function expected(all: readonly Reference[], filter: TaskFilter, now: number): string[] {
    const parsed = taskFilterSchema.parse(filter);
    const segment = (task: Reference) => (task.rank === 0 || task.dueAt < now ? 0 : task.rank);
    return all
      .filter((task) => (parsed.status === 'all' ? true : parsed.status === 'open' ? OPEN_SET.has(task.status) : task.status === parsed.status))
      .filter((task) => parsed.mode === undefined || task.mode === parsed.mode)
      .filter((task) => parsed.agency === undefined || task.agencies.includes(parsed.agency))
      .filter((task) => parsed.priority === undefined || task.rank === priorities.indexOf(parsed.priority))
      .filter((task) => parsed.assignee === undefined || task.assignees.includes(parsed.assignee))
      .sort((a, b) => segment(a) - segment(b) || a.dueAt - b.dueAt || a.rid - b.rid)
      .map((task) => task.taskId);
  }

  const FILTERS: TaskFilter[] = [
    {},
    { status: 'all' },
    { status: 'held' },
    { status: 'all', priority: 'urgent' },
    { priority: 'high' },
    { priority: 'normal', status: 'completed' },
    { mode: 'rail' },
    { status: 'all', agency: 'border', mode: 'sea' },
    { assignee: 'op-1' },
    { status: 'assigned', assignee: 'op-0', priority: 'urgent' },
  ];

  // shallowRows 0: every page goes through the range counts; 100: pages near the top are read
  // without counts, deeper ones with them, so both ways meet the reference.
  it.each([
    [1, 0],
    [2, 0],
    [3, 0],
    [1, 100],
    [2, 100],
  ])('seed %i, pages within %i rows read without counts: random tasks, clocks moving both ways, writes from this and another connection', (seed, shallowRows) => {
    const next = random(seed);
    const dir = makeTempDir();
    const file = path.join(dir.dir, 'console.sqlite');
    const database = openDatabase(file, { log: createLogger(nullSink), searchThresholds: { amongMax: AMONG_MAX, shallowRows } });
    const other = new BetterSqlite3(file);
    try {
      const size = 300 + Math.floor(next() * 300);
      database.tasks.upsertMany(Array.from({ length: size }, (_, i) => randomTask(next, `T-${seed}-${i}`, 1)));
      let checked = 0;
      for (let round = 0; round < 6; round++) {
        // Clocks at and between due times, moving forwards then backwards over unchanged data (the
        // count cache must follow the clock both ways).
        const first = round % 3 === 2 ? slot(next) : slot(next) + Math.floor(next() * 15 * 60_000);
        const later = first + Math.floor(1 + next() * 8) * 15 * 60_000;
        const earlier = first - Math.floor(1 + next() * 8) * 15 * 60_000;
        const all = reference(database);
        for (const [filter, now] of FILTERS.flatMap((f) => [first, later, earlier].map((clock) => [f, clock] as const))) {
          const want = expected(all, filter, now);
          const parsed = taskFilterSchema.parse(filter);
          expect(database.tasks.count(parsed, now)).toBe(want.length);
          const limit = 1 + Math.floor(next() * 60);
          const offsets = [0, want.length, want.length + 5, Math.max(0, want.length - limit), Math.max(0, want.length - 1)];
          for (let i = 0; i < 3; i++) offsets.push(Math.floor(next() * (want.length + 1)));
          for (const offset of offsets) {
            const page = database.tasks.listPage({ filter: parsed, offset, limit, now }).map((row) => row.taskId);
            expect(page, `${JSON.stringify(filter)} now=${now} offset=${offset} limit=${limit}`).toEqual(want.slice(offset, offset + limit));
            checked++;
          }
        }
        // Change some tasks between rounds: through the repository (this connection) and, like the
        // page worker, through another connection to the same file.
        if (round % 2 === 0) {
          database.tasks.upsertMany(Array.from({ length: 20 }, () => randomTask(next, `T-${seed}-${Math.floor(next() * size)}`, 2 + round)));
        } else {
          other.prepare('UPDATE tasks SET priority_rank = ?, due_at = ? WHERE rid IN (SELECT rid FROM tasks ORDER BY random() LIMIT 15)').run(Math.floor(next() * 3), slot(next));
        }
      }
      expect(checked).toBeGreaterThan(500);
    } finally {
      other.close();
      database.close();
      dir.remove();
    }
  });
});
