import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskFilterSchema, type TaskFilter } from '../../shared/contract/index.js';
import { openDatabase, type Database } from '../../electron/core/db/connection.js';
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
