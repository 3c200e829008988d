import type { Database as Sqlite, Statement } from 'better-sqlite3';
import { hitsSql, listAmongSql, ROWS_BY_RID_SQL, shapeOf, type ListShape } from '../../electron/core/db/task-list-sql.js';
import { ListRanges } from '../../electron/core/db/task-list-ranges.js';
import { StatementCache } from '../../electron/core/db/statement-cache.js';
import { AMONG_MAX, planParams, walkMatches } from '../../electron/core/db/task-reads.js';
import type { SearchPlan } from '../../electron/core/db/task-search.js';
import { agencies, priorities, type ParsedTaskFilter } from '../../shared/contract/index.js';

/**
 * The baseline: the same SQL statements the app runs for a page, on a bare better-sqlite3 handle,
 * with none of the app's layers (no frame parsing, zod, router, row mapping or JSON). Rows come back
 * as arrays, the cheapest way better-sqlite3 hands them over and the way the app reads them
 * (task-reads.ts), each with its rid first.
 */
type RidFirst = [rid: number, ...columns: unknown[]];

export class RawTaskQueries {
  private readonly statements: StatementCache;
  private readonly ranges: ListRanges;

  constructor(connection: Sqlite) {
    this.statements = new StatementCache(connection);
    this.ranges = new ListRanges(this.statements);
  }

  page(filter: ParsedTaskFilter, search: SearchPlan | null, now: number, limit = 50, offset = 0): unknown[] {
    const rank = filter.priority === undefined ? null : priorities.indexOf(filter.priority);
    const shape = shapeOf(filter, rank);
    const params: Record<string, string | number> = { now, limit, offset };
    if (filter.status !== 'open' && filter.status !== 'all') params.status = filter.status;
    if (rank !== null) params.priorityRank = rank;
    if (filter.mode) params.mode = filter.mode;
    if (filter.agency) params.agencyBit = 1 << agencies.indexOf(filter.agency);
    if (filter.assignee) params.assignee = filter.assignee;
    let rows: RidFirst[];
    if (!search) {
      const rids = this.ranges.pageRids(shape, params, offset, limit);
      rows = this.get(ROWS_BY_RID_SQL).raw(true).all({ rids: JSON.stringify(rids) }) as RidFirst[];
    } else {
      Object.assign(params, planParams(search));
      const hits = this.get(hitsSql(search, true)).pluck().all({ ...params, cap: AMONG_MAX + 1 }) as number[];
      rows =
        hits.length <= AMONG_MAX
          ? (this.get(listAmongSql(shape)).raw(true).all({ ...params, rids: JSON.stringify(hits) }) as RidFirst[])
          : this.walk(shape, params, search.terms, limit);
    }
    const rids = JSON.stringify(rows.map((row) => row[0]));
    this.get('SELECT task_rid, container_no FROM task_containers WHERE task_rid IN (SELECT value FROM json_each(?)) ORDER BY task_rid, seq').raw(true).all(rids);
    this.get('SELECT task_rid, operator_id FROM task_assignments WHERE task_rid IN (SELECT value FROM json_each(?)) ORDER BY task_rid, operator_id').raw(true).all(rids);
    return rows;
  }

  private walk(shape: ListShape, params: Record<string, string | number>, terms: readonly string[], limit: number): RidFirst[] {
    const rids = walkMatches(this.statements, shape, params, terms, limit);
    return this.get(ROWS_BY_RID_SQL).raw(true).all({ rids: JSON.stringify(rids) }) as RidFirst[];
  }

  private get(sql: string): Statement {
    return this.statements.get(sql);
  }
}
