import type { Database as Sqlite } from 'better-sqlite3';
import { ROW_COLUMNS, type ListShape } from '../../electron/core/db/task-list-sql.js';
import { StatementCache } from '../../electron/core/db/statement-cache.js';

/**
 * The list page as the console read it before deep pages were made cheap, kept here only as the
 * benchmark's baseline: each segment a UNION ALL of range scans that SQLite merges row by row with
 * every list column, OFFSET applied after the merge (O(offset) table rows), a segment the page
 * starts beyond counted only when it returned nothing.
 */
const SEGMENT_ARMS: readonly (readonly (readonly [number, '<' | '>=' | null])[])[] = [
  [
    [0, null],
    [1, '<'],
    [2, '<'],
  ],
  [[1, '>=']],
  [[2, '>=']],
];

function scan(shape: ListShape): { index: string; where: string } {
  if (shape.status === 'open') return { index: 'tasks_open_by_priority_due', where: "t.status IN ('pending','assigned','in_progress')" };
  if (shape.status === 'all') return { index: 'tasks_by_priority_due', where: '1 = 1' };
  return { index: 'tasks_by_status_priority_due', where: 't.status = @status' };
}

function filters(shape: ListShape): string {
  const terms: string[] = [];
  if (shape.mode) terms.push('t.mode = @mode');
  if (shape.agency) terms.push('(t.agency_mask & @agencyBit) != 0');
  if (shape.assignee) terms.push('EXISTS (SELECT 1 FROM task_assignments AS a WHERE a.task_rid = t.rid AND a.operator_id = @assignee)');
  return terms.map((term) => ` AND ${term}`).join('');
}

function arms(shape: ListShape, segment: number, columns: string): string[] {
  const { index, where } = scan(shape);
  return (SEGMENT_ARMS[segment] ?? [])
    .filter(([rank]) => shape.priorityRank === null || rank === shape.priorityRank)
    .map(
      ([rank, due]) =>
        `SELECT ${columns} FROM tasks AS t INDEXED BY ${index} ` +
        `WHERE ${where} AND t.priority_rank = ${rank}${due ? ` AND t.due_at ${due} @now` : ''}${filters(shape)}`,
    );
}

export class LegacyListPage {
  private readonly statements: StatementCache;

  constructor(connection: Sqlite) {
    this.statements = new StatementCache(connection);
  }

  /** The rids of a page, in list order. */
  page(shape: ListShape, params: Record<string, string | number>, offset: number, limit: number): number[] {
    const rows: { rid: number }[] = [];
    let skip = offset;
    for (const segment of [0, 1, 2]) {
      const parts = arms(shape, segment, ROW_COLUMNS);
      if (parts.length === 0) continue;
      const sql = `${parts.join(' UNION ALL ')} ORDER BY due_at, rid LIMIT @limit OFFSET @offset`;
      const part = this.statements.get(sql).all({ ...params, limit: limit - rows.length, offset: skip }) as { rid: number }[];
      if (part.length > 0) {
        rows.push(...part);
        skip = 0;
        if (rows.length === limit) break;
      } else if (skip > 0) {
        const counts = arms(shape, segment, 'count(*) AS n');
        const n = this.statements.get(`SELECT ${counts.map((c) => `(${c})`).join(' + ')} AS n`).pluck().get(params) as number;
        skip = Math.max(0, skip - n);
      }
    }
    return rows.map((row) => row.rid);
  }
}
