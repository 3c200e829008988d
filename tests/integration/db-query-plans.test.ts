import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskFilterSchema, type TaskFilter } from '../../shared/contract/index.js';
import { openDatabase, type Database } from '../../electron/core/db/connection.js';
import {
  countAmongSql,
  countSql,
  hitsSql,
  listAmongSql,
  segmentCountSql,
  SEGMENTS,
  segmentSql,
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
  rids: '[1,2]', trigram: '"abc"', cjk: '"冷冻"', cap: 10, uscc: 'X', declarationNo: 'Y', containerNo: 'Z',
};
function plan(sql: string): string {
  return (db.connection.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((row) => row.detail).join('\n');
}
const shape = (filter: TaskFilter) => {
  const parsed = taskFilterSchema.parse(filter);
  return shapeOf(parsed, parsed.priority === undefined ? null : ['urgent', 'high', 'normal'].indexOf(parsed.priority));
};

describe('query plans of the task list', () => {
  it.each([
    ['open tasks', {}, 'tasks_open_by_priority_due'],
    ['all tasks', { status: 'all' }, 'tasks_by_priority_due'],
    ['one status', { status: 'held' }, 'tasks_by_status_priority_due'],
    ['open tasks with every filter', { mode: 'rail', agency: 'customs', assignee: 'op' }, 'tasks_open_by_priority_due'],
    ['one priority', { priority: 'high' }, 'tasks_open_by_priority_due'],
  ] as const)('reads %s as ordered index range scans, never sorting', (_label, filter, index) => {
    const s = shape(filter);
    const plans = SEGMENTS.map((segment) => segmentSql(s, segment)).filter((sql): sql is string => sql !== null);
    expect(plans.length).toBeGreaterThan(0);
    for (const sql of plans) {
      const text = plan(sql);
      expect(text).toContain(`USING INDEX ${index} (`);
      expect(text).not.toMatch(/TEMP B-TREE|SCAN t\b/);
    }
  });

  it('counts on the same index ranges', () => {
    expect(plan(countSql(shape({})))).toMatch(/SCAN t USING (COVERING )?INDEX tasks_open_by_priority_due/);
    expect(plan(segmentCountSql(shape({}), 0) ?? '')).toMatch(/USING (COVERING )?INDEX tasks_open_by_priority_due \(priority_rank=\? AND due_at<\?\)/);
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
