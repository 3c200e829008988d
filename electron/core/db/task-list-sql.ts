import type { ParsedTaskFilter } from '../../../shared/contract/index.js';
import type { SearchPlan } from './task-search.js';

/**
 * SQL text of the task list. The inspector's order is (segment, due_at, rid) with
 *   segment 0: urgent, or overdue whatever its priority;  1: high, not overdue;  2: normal, not overdue.
 * "Overdue" depends on the clock, so no index can hold the segment. But every row with due_at < now
 * is in segment 0, and every segment-0 row with due_at >= now is urgent, so the list is four
 * contiguous ranges, each read in (due_at, rid) order from the (priority_rank, due_at) indexes:
 *   overdue: due_at < now, any priority (a merge of one range scan per priority rank);
 *   urgent, high, normal: that priority rank with due_at >= now (one range scan each).
 * Range sizes are counts on those index ranges (cached in task-reads.ts), so a page at any depth
 * skips whole ranges by arithmetic and applies OFFSET inside one range on the index alone (rid and
 * due_at only, no table row), from whichever end is nearer; the page's rows are then fetched by rid.
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

/** Segments of the order, for the search walk (see walkSegmentSql). */
export const SEGMENTS = [0, 1, 2] as const;
export type Segment = (typeof SEGMENTS)[number];

type DueBound = '<' | '>=' | null;

/** The range scans of each segment: priority rank and the due_at comparison with @now. */
const SEGMENT_ARMS: Record<Segment, readonly (readonly [number, DueBound])[]> = {
  0: [
    [0, null],
    [1, '<'],
    [2, '<'],
  ],
  1: [[1, '>=']],
  2: [[2, '>=']],
};

function arm(shape: ListShape, rank: number, due: DueBound, columns: string): string {
  const { index, where } = statusScan(shape.status);
  return (
    `SELECT ${columns} FROM tasks AS t INDEXED BY ${index} ` +
    `WHERE ${where} AND t.priority_rank = ${rank}${due ? ` AND t.due_at ${due} @now` : ''}${filterTerms(shape)}`
  );
}

const allowed = (shape: ListShape, rank: number) => shape.priorityRank === null || rank === shape.priorityRank;

function segmentArms(shape: ListShape, segment: Segment, columns: string): string[] {
  return SEGMENT_ARMS[segment].filter(([rank]) => allowed(shape, rank)).map(([rank, due]) => arm(shape, rank, due, columns));
}

/** The four contiguous ranges the list is made of, in list order. */
export const RANGES = ['overdue', 'urgent', 'high', 'normal'] as const;
export type ListRange = (typeof RANGES)[number];
export const PRIORITY_RANKS: readonly number[] = [0, 1, 2];

const RANGE_ARMS: Record<ListRange, readonly (readonly [number, DueBound])[]> = {
  overdue: PRIORITY_RANKS.map((rank) => [rank, '<'] as const),
  urgent: [[0, '>=']],
  high: [[1, '>=']],
  normal: [[2, '>=']],
};

export type Direction = 'ASC' | 'DESC';

/**
 * The rids of one range in list order (or its reverse), LIMIT @limit OFFSET @offset, or null when
 * the priority filter excludes the range. Only rid and due_at are selected: both are in the index,
 * so rows skipped by OFFSET cost an index step each, never a table row. The overdue range merges
 * one scan per priority rank on plain columns each scan already delivers (a constant column in the
 * ORDER BY would force a temporary B-tree per scan).
 */
export function rangeRidsSql(shape: ListShape, range: ListRange, direction: Direction): string | null {
  const arms = RANGE_ARMS[range].filter(([rank]) => allowed(shape, rank)).map(([rank, due]) => arm(shape, rank, due, 't.rid AS rid, t.due_at AS due_at'));
  if (arms.length === 0) return null;
  return `${arms.join(' UNION ALL ')} ORDER BY due_at ${direction}, rid ${direction} LIMIT @limit OFFSET @offset`;
}

/**
 * Rows of one priority rank in a due_at window, counted on the index: every row, those due before
 * @now, or those due in [@since, @now) (what moved into "overdue" since the last count).
 */
export type DueWindow = 'any' | 'before' | 'since';

export function rankCountSql(shape: ListShape, rank: number, window: DueWindow): string {
  const { index, where } = statusScan(shape.status);
  const due = window === 'any' ? '' : window === 'before' ? ' AND t.due_at < @now' : ' AND t.due_at >= @since AND t.due_at < @now';
  return `SELECT count(*) AS n FROM tasks AS t INDEXED BY ${index} WHERE ${where} AND t.priority_rank = ${rank}${due}${filterTerms(shape)}`;
}

/** Changes whenever any connection commits to the file or this one changes a row (count cache key). */
export const DATA_VERSION_SQL = "SELECT (SELECT data_version FROM pragma_data_version) || '/' || total_changes() AS v";

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
/** The map's tasks of the cargo on screen, by task id (the UNIQUE index on task_id). */
export const ROWS_BY_TASK_ID_SQL = `SELECT ${ROW_COLUMNS} FROM tasks AS t WHERE t.task_id IN (SELECT value FROM json_each(@taskIds))`;

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
