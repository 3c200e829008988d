import type { ParsedTaskFilter } from '../../../shared/contract/index.js';
import type { SearchPlan } from './task-search.js';

/**
 * SQL text of the task list. The inspector's order is (segment, due_at, rid) with
 *   segment 0: urgent, or overdue whatever its priority;  1: high, not overdue;  2: normal, not overdue.
 * "Overdue" depends on the clock, so no index can hold the segment. Instead the ordered list is a
 * read segment by segment; each segment is a UNION ALL of range scans over (priority_rank, due_at)
 * that SQLite merges in order and stops after LIMIT rows: a page costs about OFFSET + LIMIT index
 * steps, never a sort of the whole table.
 */

/** What distinguishes one list statement from another (values are bound, shapes are cached). */
export interface ListShape {
  readonly status: ParsedTaskFilter['status'];
  readonly priorityRank: number | null;
  readonly mode: boolean;
  readonly agency: boolean;
  readonly assignee: boolean;
}

export function shapeOf(filter: ParsedTaskFilter, priorityRank: number | null): ListShape {
  return {
    status: filter.status,
    priorityRank,
    mode: filter.mode !== undefined,
    agency: filter.agency !== undefined,
    assignee: filter.assignee !== undefined,
  };
}

export function shapeKey(shape: ListShape): string {
  return `${shape.status}|${shape.priorityRank ?? '-'}|${+shape.mode}${+shape.agency}${+shape.assignee}`;
}

export const ROW_COLUMNS = [
  't.rid AS rid',
  't.task_id AS task_id',
  't.version AS version',
  't.status AS status',
  't.mode AS mode',
  't.priority_rank AS priority_rank',
  't.due_at AS due_at',
  't.declaration_no AS declaration_no',
  't.consignee_name AS consignee_name',
  't.credit_grade AS credit_grade',
  't.goods_summary AS goods_summary',
  't.agency_mask AS agency_mask',
  't.type_mask AS type_mask',
  't.area AS area',
  't.cargo_id AS cargo_id',
].join(', ');

const OPEN_STATUSES = "t.status IN ('pending','assigned','in_progress')";

function statusScan(status: ListShape['status']): { index: string; where: string } {
  if (status === 'open') return { index: 'tasks_open_by_priority_due', where: OPEN_STATUSES };
  if (status === 'all') return { index: 'tasks_by_priority_due', where: '1 = 1' };
  return { index: 'tasks_by_status_priority_due', where: 't.status = @status' };
}

function filterTerms(shape: ListShape): string {
  const terms: string[] = [];
  if (shape.mode) terms.push('t.mode = @mode');
  if (shape.agency) terms.push('(t.agency_mask & @agencyBit) != 0');
  if (shape.assignee) {
    terms.push('EXISTS (SELECT 1 FROM task_assignments AS a WHERE a.task_rid = t.rid AND a.operator_id = @assignee)');
  }
  return terms.map((term) => ` AND ${term}`).join('');
}

/** Segments of the order; a page is read from them in turn (see task-reads.ts). */
export const SEGMENTS = [0, 1, 2] as const;
export type Segment = (typeof SEGMENTS)[number];

/** The range scans of each segment: priority rank and the due_at comparison with @now. */
const SEGMENT_ARMS: Record<Segment, readonly (readonly [number, '<' | '>=' | null])[]> = {
  0: [
    [0, null],
    [1, '<'],
    [2, '<'],
  ],
  1: [[1, '>=']],
  2: [[2, '>=']],
};

function segmentArms(shape: ListShape, segment: Segment, columns: string): string[] {
  const { index, where } = statusScan(shape.status);
  const filters = filterTerms(shape);
  return SEGMENT_ARMS[segment]
    .filter(([rank]) => shape.priorityRank === null || rank === shape.priorityRank)
    .map(
      ([rank, due]) =>
        `SELECT ${columns} FROM tasks AS t INDEXED BY ${index} ` +
        `WHERE ${where} AND t.priority_rank = ${rank}${due ? ` AND t.due_at ${due} @now` : ''}${filters}`,
    );
}

/**
 * One segment in order, or null when the priority filter excludes it. Ordering by plain columns
 * that each range scan already delivers lets SQLite merge the scans without a sort (a constant
 * segment column in the ORDER BY would force a temporary B-tree per scan).
 */
export function segmentSql(shape: ListShape, segment: Segment): string | null {
  const arms = segmentArms(shape, segment, ROW_COLUMNS);
  if (arms.length === 0) return null;
  return `${arms.join(' UNION ALL ')} ORDER BY due_at, rid LIMIT @limit OFFSET @offset`;
}

/**
 * One segment in order for a search walk: only what the check needs, each row's search document
 * by primary key (materializing every list column would cost ~5x more per walked row).
 */
export function walkSegmentSql(shape: ListShape, segment: Segment): string | null {
  const arms = segmentArms(shape, segment, `t.rid AS rid, t.due_at AS due_at, ${DOCUMENT_COLUMN}`);
  if (arms.length === 0) return null;
  return `${arms.join(' UNION ALL ')} ORDER BY due_at, rid`;
}

/** The list columns of given tasks, in no particular order. */
export const ROWS_BY_RID_SQL = `SELECT ${ROW_COLUMNS} FROM tasks AS t WHERE t.rid IN (SELECT value FROM json_each(@rids))`;

export function segmentCountSql(shape: ListShape, segment: Segment): string | null {
  const arms = segmentArms(shape, segment, 'count(*) AS n');
  if (arms.length === 0) return null;
  return `SELECT ${arms.map((arm) => `(${arm})`).join(' + ')} AS n`;
}

const SEGMENT = 'CASE WHEN t.priority_rank = 0 OR t.due_at < @now THEN 0 ELSE t.priority_rank END';

function restriction(shape: ListShape): string {
  const { where } = statusScan(shape.status);
  const priority = shape.priorityRank === null ? '' : ' AND t.priority_rank = @priorityRank';
  return `${where}${priority}${filterTerms(shape)}`;
}

/** A page among a known, small set of task rids (a selective search): look them up, then sort. */
export function listAmongSql(shape: ListShape): string {
  // NOT INDEXED: look the few rids up by primary key rather than walk a status index and test each.
  return (
    `SELECT ${SEGMENT} AS seg, ${ROW_COLUMNS} FROM tasks AS t NOT INDEXED ` +
    `WHERE t.rid IN (SELECT value FROM json_each(@rids)) AND ${restriction(shape)} ` +
    'ORDER BY seg, due_at, rid LIMIT @limit OFFSET @offset'
  );
}

export function countSql(shape: ListShape): string {
  const { index } = statusScan(shape.status);
  return `SELECT count(*) AS n FROM tasks AS t INDEXED BY ${index} WHERE ${restriction(shape)}`;
}

export function countAmongSql(shape: ListShape): string {
  return `SELECT count(*) AS n FROM tasks AS t NOT INDEXED WHERE t.rid IN (SELECT value FROM json_each(@rids)) AND ${restriction(shape)}`;
}

export function countMatchingSql(shape: ListShape, plan: SearchPlan): string {
  return `SELECT count(*) AS n FROM tasks AS t WHERE t.rid IN (${hitsSql(plan)}) AND ${restriction(shape)}`;
}

const DOCUMENT_COLUMN = '(SELECT s.document FROM task_search_text AS s WHERE s.rid = t.rid) AS document';

/** Rids of the tasks matching a search plan, ascending; capped by @cap. */
export function hitsSql(plan: SearchPlan, cap = false): string {
  const parts: string[] = [];
  if (plan.exact.uscc !== undefined) parts.push('SELECT rid FROM tasks WHERE consignee_uscc = @uscc');
  if (plan.exact.declarationNo !== undefined) parts.push('SELECT rid FROM tasks WHERE declaration_no = @declarationNo');
  if (plan.exact.containerNo !== undefined) parts.push('SELECT task_rid FROM task_containers WHERE container_no = @containerNo');
  if (plan.trigram !== null) parts.push('SELECT rowid FROM task_text WHERE task_text MATCH @trigram');
  if (plan.cjk !== null) parts.push('SELECT rowid FROM task_cjk WHERE task_cjk MATCH @cjk');
  return `${parts.join(' INTERSECT ')}${cap ? ' LIMIT @cap' : ''}`;
}
