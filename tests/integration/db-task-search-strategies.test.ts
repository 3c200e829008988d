import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../electron/core/db/connection.js';
import { searchDocument } from '../../electron/core/db/task-writes.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { openStatuses, priorities, taskFilterSchema, type TaskFilter } from '../../shared/contract/index.js';
import type { GatewayTask } from '../../shared/contract/gateway-task.js';
import { fillFixtureDatabase, FIXTURE_NOW, fixtureTasks } from '../fixtures/fixture-db.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

const COUNT = 3000;
let temp: ReturnType<typeof makeTempDir>;
let walking: Database;
let lookingUp: Database;
let tasks: GatewayTask[];

beforeAll(() => {
  temp = makeTempDir();
  const file = path.join(temp.dir, 'console.sqlite');
  fillFixtureDatabase(file, { tasks: COUNT, seed: 3 });
  const copy = path.join(temp.dir, 'copy.sqlite');
  fs.copyFileSync(file, copy);
  const log = createLogger(nullSink);
  // A tiny threshold forces the walk in list order for any term with more than 5 hits; a huge
  // one forces fetching every hit by rid. Both must give the same pages as a plain reference.
  walking = openDatabase(file, { log, searchThresholds: { amongMax: 5 } });
  lookingUp = openDatabase(copy, { log, searchThresholds: { amongMax: 1_000_000 } });
  tasks = fixtureTasks(COUNT, 3);
});
afterAll(() => {
  walking.close();
  lookingUp.close();
  temp.remove();
});

/** The order and filters, written the obvious way over the generated tasks. */
function reference(filter: TaskFilter, offset: number, limit: number): string[] {
  const f = taskFilterSchema.parse(filter);
  const terms = (f.text ?? '').normalize('NFKC').trim().split(/\s+/u).filter(Boolean).map((t) => t.toLowerCase());
  const rank = (task: GatewayTask) => priorities.indexOf(task.inspection.priority);
  const due = (task: GatewayTask) => Date.parse(task.inspection.dueAt);
  const segment = (task: GatewayTask) => (rank(task) === 0 || due(task) < FIXTURE_NOW ? 0 : rank(task));
  return tasks
    .map((task, index) => ({ task, rid: index + 1 }))
    .filter(({ task }) =>
      f.status === 'all' ? true : f.status === 'open' ? (openStatuses as readonly string[]).includes(task.status) : task.status === f.status,
    )
    .filter(({ task }) => (f.mode ? task.mode === f.mode : true))
    .filter(({ task }) => (f.agency ? task.inspection.agencies.includes(f.agency) : true))
    .filter(({ task }) => (f.priority ? task.inspection.priority === f.priority : true))
    .filter(({ task }) => terms.every((term) => searchDocument(task).includes(term)))
    .sort((a, b) => segment(a.task) - segment(b.task) || due(a.task) - due(b.task) || a.rid - b.rid)
    .slice(offset, offset + limit)
    .map(({ task }) => task.taskId);
}

const page = (db: Database, filter: TaskFilter, offset: number, limit: number) =>
  db.tasks.listPage({ filter: taskFilterSchema.parse(filter), offset, limit, now: FIXTURE_NOW }).map((row) => row.taskId);

describe('search strategies agree with each other and with a plain reference', () => {
  const pick = (n: number) => tasks[n]!;
  it.each<[string, () => TaskFilter]>([
    ['a common Chinese term', () => ({ text: '冷冻' })],
    ['a common English word', () => ({ text: 'frozen' })],
    ['a term with a filter', () => ({ text: '牛肉', mode: 'rail' })],
    ['two terms', () => ({ text: '冷冻 frozen' })],
    ['a term in all statuses', () => ({ text: 'laptop', status: 'all' })],
    ['a term with agency and priority', () => ({ text: '有限公司', agency: 'quarantine', priority: 'high' })],
    ['a full USCC', () => ({ text: pick(17).consignee.uscc })],
    ['a full declaration number', () => ({ text: pick(23).declarationNo, status: 'all' })],
    ['a full container number', () => ({ text: pick(31).containers[0]?.containerNo ?? 'none', status: 'all' })],
    ['a container-number fragment', () => ({ text: pick(42).containers[0]?.containerNo.slice(4, 10) ?? 'none', status: 'all' })],
  ])('%s', (_label, filterOf) => {
    const filter = filterOf();
    for (const [offset, limit] of [
      [0, 50],
      [7, 13],
      [60, 50],
    ] as const) {
      const expected = reference(filter, offset, limit);
      expect(page(walking, filter, offset, limit)).toEqual(expected);
      expect(page(lookingUp, filter, offset, limit)).toEqual(expected);
    }
    const total = reference(filter, 0, COUNT).length;
    expect(total).toBeGreaterThan(0);
    expect(walking.tasks.count(taskFilterSchema.parse(filter), FIXTURE_NOW)).toBe(total);
    expect(lookingUp.tasks.count(taskFilterSchema.parse(filter), FIXTURE_NOW)).toBe(total);
  });
});
