import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskFilterSchema, type TaskFilter } from '../../shared/contract/index.js';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import {
  countAmongSql,
  hitsSql,
  listAmongSql,
  RANGES,
  rangeRidsSql,
  rankCountSql,
  shapeOf,
  walkSegmentSql,
} from '../../electron/core/db/task-list-sql.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let db: Database;
beforeAll(() => {
  temp = makeTempDir();
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log: createLogger(nullSink) });
});
afterAll(() => {
  db.close();
  temp.remove();
});

const params = {
  now: 0, limit: 50, offset: 0, status: 'held', mode: 'rail', agencyBit: 1, assignee: 'op', priorityRank: 1,
  since: 0, rids: '[1,2]', trigram: '"abc"', cjk: '"冷冻"', cap: 10, uscc: 'X', declarationNo: 'Y', containerNo: 'Z',
};
function plan(sql: string): string {
  return (sqliteHandle(db).prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((row) => row.detail).join('\n');
}
const shape = (filter: TaskFilter) => {
  const parsed = taskFilterSchema.parse(filter);
  return shapeOf(parsed, parsed.priority === undefined ? null : ['urgent', 'high', 'normal'].indexOf(parsed.priority));
};

describe('query plans of the task list', () => {
  it.each([
    ['open tasks', {}, 'tasks_open_by_priority_due', null],
    ['all tasks', { status: 'all' }, 'tasks_by_priority_due', true],
    ['one status', { status: 'held' }, 'tasks_by_status_priority_due', true],
    ['one priority', { priority: 'high' }, 'tasks_open_by_priority_due', null],
    ['open tasks with every filter', { mode: 'rail', agency: 'customs', assignee: 'op' }, 'tasks_open_by_priority_due', false],
  ] as const)('reads each range of %s as ordered index range scans both ways, never sorting', (_label, filter, index, covering) => {
    const s = shape(filter);
    const plans = RANGES.flatMap((range) => [rangeRidsSql(s, range, 'ASC'), rangeRidsSql(s, range, 'DESC')]).filter((sql): sql is string => sql !== null);
    expect(plans.length).toBeGreaterThan(0);
    for (const sql of plans) {
      const text = plan(sql);
      // Covering: rows skipped by OFFSET cost an index step, not a table row (unless a filter needs the
      // row). SQLite calls the partial index of open tasks not covering, yet never reads the row (below).
      const how = covering === null ? '(COVERING )?' : covering ? 'COVERING ' : '';
      expect(text).toMatch(new RegExp(`USING ${how}INDEX ${index} \\(`));
      expect(text).toMatch(/due_at[<>]=?\?\)/);
      expect(text).not.toMatch(/TEMP B-TREE|SCAN t\b/);
    }
  });

  // Migration 005 put mode and agency_mask into the order indexes: a deep page of a filtered view
  // skips its OFFSET rows on the index alone.
  it.each([
    ['open tasks (the partial index implies the status)', {}],
    ['open tasks of one mode and agency', { mode: 'rail', agency: 'customs' }],
    ['all tasks of one mode', { status: 'all', mode: 'road' }],
    ['one status of one agency', { status: 'held', agency: 'quarantine' }],
  ] as const)('reads no table row for the ranges of %s', (_label, filter) => {
    const root = sqliteHandle(db).prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'tasks'").pluck().get() as number;
    for (const sql of RANGES.map((range) => rangeRidsSql(shape(filter), range, 'ASC') ?? '')) {
      const program = sqliteHandle(db).prepare(`EXPLAIN ${sql}`).all(params) as { opcode: string; p1: number; p2: number }[];
      const tableCursors = new Set(program.filter((op) => op.opcode === 'OpenRead' && op.p2 === root).map((op) => op.p1));
      expect(program.filter((op) => op.opcode === 'Column' && tableCursors.has(op.p1))).toEqual([]);
    }
  });

  it('merges the overdue range from one scan per priority rank', () => {
    const text = plan(rangeRidsSql(shape({ status: 'all' }), 'overdue', 'DESC') ?? '');
    expect(text).toContain('MERGE (UNION ALL)');
    expect(text.match(/SEARCH t USING COVERING INDEX tasks_by_priority_due \(priority_rank=\? AND due_at<\?\)/g)).toHaveLength(3);
  });

  it('counts the ranges on the same indexes, without reading table rows', () => {
    expect(plan(rankCountSql(shape({}), 1, 'any'))).toMatch(/USING (COVERING )?INDEX tasks_open_by_priority_due \(priority_rank=\?\)/);
    expect(plan(rankCountSql(shape({ status: 'all' }), 0, 'before'))).toContain('USING COVERING INDEX tasks_by_priority_due (priority_rank=? AND due_at<?)');
    expect(plan(rankCountSql(shape({ status: 'held' }), 2, 'since'))).toContain(
      'USING COVERING INDEX tasks_by_status_priority_due (status=? AND priority_rank=? AND due_at>? AND due_at<?)',
    );
  });

  it('looks up the few hits of a selective search by primary key', () => {
    for (const sql of [listAmongSql(shape({ status: 'held', mode: 'rail' })), countAmongSql(shape({}))]) {
      const text = plan(sql);
      expect(text).toContain('SEARCH t USING INTEGER PRIMARY KEY (rowid=?)');
      expect(text).not.toMatch(/SCAN t\b/);
    }
  });

  it('answers search terms from the full-text indexes, and complete identifiers from B-tree indexes', () => {
    const none = { trigram: null, cjk: null, exact: {}, terms: [] };
    expect(plan(hitsSql({ ...none, trigram: '"abc"' }, true))).toMatch(/SCAN task_text VIRTUAL TABLE INDEX \d+:M/);
    expect(plan(hitsSql({ ...none, cjk: '"冷冻"' }, true))).toMatch(/SCAN task_cjk VIRTUAL TABLE INDEX \d+:M/);
    expect(plan(hitsSql({ ...none, exact: { uscc: 'X' } }, true))).toContain('USING COVERING INDEX tasks_by_uscc (consignee_uscc=?)');
    expect(plan(hitsSql({ ...none, exact: { declarationNo: 'Y' } }, true))).toContain('USING COVERING INDEX tasks_by_declaration (declaration_no=?)');
    expect(plan(hitsSql({ ...none, exact: { containerNo: 'Z' } }, true))).toContain('USING COVERING INDEX task_containers_by_no (container_no=?)');
  });

  it('walks the list for a common term with one primary-key lookup of the search document per row', () => {
    const text = plan(walkSegmentSql(shape({}), 1) ?? '');
    expect(text).toMatch(/USING (COVERING )?INDEX tasks_open_by_priority_due \(/);
    expect(text).toContain('SEARCH s USING INTEGER PRIMARY KEY (rowid=?)');
    expect(text).not.toMatch(/TEMP B-TREE|SCAN/);
  });
});
