import type { ParsedTaskFilter, TaskDetail, TaskRow } from '../../../shared/contract/index.js';
import type { StatementCache } from './statement-cache.js';
import { isoTime } from './iso-time.js';
import { agencyCodec, inspectionTypeCodec, priorityOfRank, priorityRank } from './task-codes.js';
import {
  countAmongSql,
  countMatchingSql,
  hitsSql,
  listAmongSql,
  ROWS_BY_RID_SQL,
  ROW_COLUMNS,
  ROWS_BY_TASK_ID_SQL,
  SEGMENTS,
  shapeOf,
  walkSegmentSql,
  type ListShape,
} from './task-list-sql.js';
import { ListRanges } from './task-list-ranges.js';
import { readTaskHistory } from './task-history.js';
import { planSearch, type SearchPlan } from './task-search.js';
import type { TaskStatus, TransportMode, CreditGrade } from '../../../shared/contract/index.js';

/**
 * A search is answered in one of two ways, chosen by how many tasks match (measured at 1M tasks:
 * reading every hit of a common term costs ~0.2 µs a hit, an FTS5 rowid probe ~100-200 µs a row):
 * - few (≤ AMONG_MAX): read the hits from the index, fetch those tasks by rid and sort them;
 * - more: walk the ordered list and keep rows whose search document holds every term. A page
 *   then costs (offset + limit) / density rows, which is small exactly when hits are many.
 */
export const AMONG_MAX = 4000;

/**
 * A task's list columns as SQLite gives them, in ROW_COLUMNS order (task-list-sql.ts). Read as
 * arrays (better-sqlite3's raw mode) and mapped straight into the answer's rows: building an
 * object a row by column name cost a list page more than mapping it (~60 of ~180 µs for 50 rows).
 */
type RawTaskRow = [
  rid: number,
  taskId: string,
  version: number,
  status: TaskStatus,
  mode: TransportMode,
  priorityRank: number,
  dueAt: number,
  declarationNo: string,
  consigneeName: string,
  creditGrade: CreditGrade,
  goodsSummary: string,
  agencyMask: number,
  typeMask: number,
  area: string,
  cargoId: string,
];
const LIST_COLUMNS = ROW_COLUMNS.split(', ').length;

export type Params = Record<string, string | number>;

/** A task as the cache holds it, every risk reason together: the tasks:get handler decides who sees which. */
export type CachedTaskDetail = Omit<TaskDetail, 'checkReasons' | 'targetingReasons'> & { riskReasons: string[] };

export interface PageRequest {
  filter: ParsedTaskFilter;
  offset: number;
  limit: number;
  now: number;
}

/** Where one way of answering a list or a search hands over to the other; tests lower them to exercise both. */
export interface SearchThresholds {
  amongMax: number;
  /** Pages ending within this many rows are read without range counts (see ListRanges). */
  shallowRows?: number;
}

export class TaskReads {
  private readonly ranges: ListRanges;

  constructor(
    private readonly statements: StatementCache,
    private readonly thresholds: SearchThresholds = { amongMax: AMONG_MAX },
  ) {
    this.ranges = new ListRanges(statements, thresholds.shallowRows);
  }

  listPage(request: PageRequest): TaskRow[] {
    const { shape, params } = bind(request.filter, request.now);
    const plan = planSearch(request.filter.text ?? '');
    let rows: RawTaskRow[];
    if (!plan) {
      rows = this.byRid(this.ranges.pageRids(shape, params, request.offset, request.limit));
    } else {
      // Object.assign rather than a spread followed by new keys, here and below (README "Hot paths and the young generation").
      const hits = this.hits(plan, Object.assign({}, params, planParams(plan)));
      rows =
        hits.length <= this.thresholds.amongMax
          ? // Its rows start with the segment they were sorted by, which the answer does not need.
            (this.statements.get(listAmongSql(shape)).raw(true).all(Object.assign({}, params, { limit: request.limit, offset: request.offset, rids: JSON.stringify(hits) })) as [number, ...RawTaskRow][]).map((row) => row.slice(1) as RawTaskRow)
          : this.walk(shape, params, plan.terms, request.offset, request.limit);
    }
    return this.toRows(rows, request.now);
  }

  count(filter: ParsedTaskFilter, now: number): number {
    const { shape, params } = bind(filter, now);
    const plan = planSearch(filter.text ?? '');
    if (!plan) return this.ranges.count(shape, params);
    const searchParams = Object.assign({}, params, planParams(plan));
    const hits = this.hits(plan, searchParams);
    if (hits.length <= this.thresholds.amongMax) return this.scalar(countAmongSql(shape), Object.assign({}, params, { rids: JSON.stringify(hits) }));
    return this.scalar(countMatchingSql(shape, plan), searchParams);
  }

  get(taskId: string, now: number): CachedTaskDetail | null {
    const row = this.statements.get(DETAIL_SQL).raw(true).get({ taskId }) as [...RawTaskRow, ...DetailColumns] | undefined;
    if (!row) return null;
    const listed = row.slice(0, LIST_COLUMNS) as RawTaskRow;
    const [summary] = this.toRows([listed], now);
    if (!summary) return null;
    const [rid] = listed;
    const [portCode, billOfLading, consigneeUscc, creditAsOf, checklistId, lon, lat, updatedAt] = row.slice(LIST_COLUMNS) as DetailColumns;
    const goods = this.statements.get(GOODS_SQL).all({ rid }) as TaskDetail['goods'];
    const reasons = this.statements.get(REASONS_SQL).pluck().all({ rid }) as string[];
    const prior = this.statements.get(PRIOR_SQL).all({ rid }) as PriorRow[];
    return {
      ...summary,
      portCode,
      billOfLading,
      consigneeUscc,
      creditAsOf,
      riskReasons: reasons,
      checklistId,
      location: { area: summary.area, lon, lat },
      containers: this.containers(taskId) ?? [],
      goods,
      priorInspections: prior.map(({ agency_mask, ...inspection }) => ({ ...inspection, agencies: agencyCodec.fromMask(agency_mask) })),
      updatedAt,
      history: readTaskHistory(this.statements, rid),
    };
  }

  /**
   * The task's containers with their declared seals, without the rest of the detail (the seal check
   * on every draft save): one statement, a row a seal (or a container without one), in order.
   */
  containers(taskId: string): TaskDetail['containers'] | null {
    const rows = this.statements.get(CONTAINERS_SQL).raw(true).all({ taskId }) as [number | null, string, string, string | null][];
    if (rows.length === 0) return null;
    const containers: TaskDetail['containers'] = [];
    let seqOfLast: number | null = null;
    for (const [seq, containerNo, sizeType, sealNo] of rows) {
      // The task's row alone: it has no containers.
      if (seq === null) continue;
      if (seq !== seqOfLast) containers.push({ containerNo, sizeType, sealNos: [] });
      seqOfLast = seq;
      if (sealNo !== null) containers.at(-1)?.sealNos.push(sealNo);
    }
    return containers;
  }

  totalCount(): number {
    return this.scalar('SELECT count(*) AS n FROM tasks', {});
  }

  /** The list rows of the given tasks, those the cache holds, in no particular order. */
  rowsByTaskId(taskIds: readonly string[], now: number): TaskRow[] {
    if (taskIds.length === 0) return [];
    return this.toRows(this.statements.get(ROWS_BY_TASK_ID_SQL).raw(true).all({ taskIds: JSON.stringify(taskIds) }) as RawTaskRow[], now);
  }

  /** The first hits, one more than AMONG_MAX at most: enough to choose, cheap when they are many. */
  private hits(plan: SearchPlan, params: Params): number[] {
    return this.statements.get(hitsSql(plan, true)).pluck().all(Object.assign({}, params, { cap: this.thresholds.amongMax + 1 })) as number[];
  }

  /** Streams the ordered list, keeps rows whose search document holds every term, then fetches the page's rows. */
  private walk(shape: ListShape, params: Params, terms: readonly string[], offset: number, limit: number): RawTaskRow[] {
    return this.byRid(walkMatches(this.statements, shape, params, terms, offset + limit).slice(offset));
  }

  /** The list columns of the given tasks, in the given order. */
  private byRid(rids: readonly number[]): RawTaskRow[] {
    if (rids.length === 0) return [];
    const rows = this.statements.get(ROWS_BY_RID_SQL).raw(true).all({ rids: JSON.stringify(rids) }) as RawTaskRow[];
    // Put in place by rid rather than sorted: one lookup a row instead of two a comparison.
    const byRid = new Map<number, RawTaskRow>();
    for (const row of rows) byRid.set(row[0], row);
    const ordered: RawTaskRow[] = [];
    for (const rid of rids) {
      const row = byRid.get(rid);
      if (row) ordered.push(row);
    }
    return ordered;
  }

  private toRows(rows: readonly RawTaskRow[], now: number): TaskRow[] {
    if (rows.length === 0) return [];
    const rids = JSON.stringify(rows.map(([rid]) => rid));
    const containers = groupBy(this.statements.get(PAGE_CONTAINERS_SQL).raw(true).all({ rids }) as [number, string][]);
    const assignees = groupBy(this.statements.get(PAGE_ASSIGNEES_SQL).raw(true).all({ rids }) as [number, string][]);
    return rows.map(([rid, taskId, version, status, mode, priorityRank, dueAt, declarationNo, consigneeName, creditGrade, goodsSummary, agencyMask, typeMask, area, cargoId]) => ({
      taskId,
      version,
      status,
      mode,
      priority: priorityOfRank(priorityRank),
      dueAt: isoTime(dueAt),
      overdue: dueAt < now && OPEN.has(status),
      declarationNo,
      consigneeName,
      creditGrade,
      containerNos: containers.get(rid) ?? [],
      goodsSummary,
      agencies: agencyCodec.fromMask(agencyMask),
      types: inspectionTypeCodec.fromMask(typeMask),
      area,
      assignedTo: assignees.get(rid) ?? [],
      cargoId,
    }));
  }

  private scalar(sql: string, params: Params): number {
    return (this.statements.get(sql).pluck().get(params) as number | undefined) ?? 0;
  }
}

/** The first `wanted` rids in list order whose search document holds every term. */
export function walkMatches(statements: StatementCache, shape: ListShape, params: Params, terms: readonly string[], wanted: number): number[] {
  const rids: number[] = [];
  for (const segment of SEGMENTS) {
    const sql = walkSegmentSql(shape, segment);
    if (sql === null) continue;
    for (const [rid, , document] of statements.get(sql).raw().iterate(params) as IterableIterator<[number, number, string]>) {
      if (!terms.every((term) => document.includes(term))) continue;
      rids.push(rid);
      // Returning from inside the loop closes the iterator, which resets the statement.
      if (rids.length === wanted) return rids;
    }
  }
  return rids;
}

const OPEN = new Set<TaskStatus>(['pending', 'assigned', 'in_progress']);

function bind(filter: ParsedTaskFilter, now: number): { shape: ListShape; params: Params } {
  const rank = filter.priority === undefined ? null : priorityRank(filter.priority);
  const params: Params = { now };
  if (filter.status !== 'open' && filter.status !== 'all') params.status = filter.status;
  if (rank !== null) params.priorityRank = rank;
  if (filter.mode !== undefined) params.mode = filter.mode;
  if (filter.agency !== undefined) params.agencyBit = agencyCodec.bit(filter.agency);
  if (filter.assignee !== undefined) params.assignee = filter.assignee;
  return { shape: shapeOf(filter, rank), params };
}

export function planParams(plan: SearchPlan): Params {
  const params: Params = {};
  Object.assign(params, plan.exact);
  if (plan.trigram !== null) params.trigram = plan.trigram;
  if (plan.cjk !== null) params.cjk = plan.cjk;
  return params;
}

/** [task rid, value] rows, in order, as each task's list of values. */
function groupBy(rows: readonly (readonly [number, string])[]): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const [rid, value] of rows) {
    const group = groups.get(rid);
    if (group) group.push(value);
    else groups.set(rid, [value]);
  }
  return groups;
}

/** The detail's own columns, after the list's in DETAIL_SQL. */
type DetailColumns = [portCode: string, billOfLading: string, consigneeUscc: string, creditAsOf: string, checklistId: string, lon: number, lat: number, updatedAt: string];

const DETAIL_SQL =
  `SELECT ${ROW_COLUMNS}, t.port_code, t.bill_of_lading, t.consignee_uscc, t.credit_as_of, t.checklist_id, t.lon, t.lat, t.updated_at ` +
  'FROM tasks AS t WHERE t.task_id = @taskId';
const CONTAINERS_SQL =
  'SELECT c.seq, c.container_no, c.size_type, s.seal_no FROM tasks AS t ' +
  'LEFT JOIN task_containers AS c ON c.task_rid = t.rid LEFT JOIN task_seals AS s ON s.task_rid = c.task_rid AND s.container_seq = c.seq ' +
  'WHERE t.task_id = @taskId ORDER BY c.seq, s.seq';
const GOODS_SQL =
  'SELECT line, hs_code AS hsCode, description, quantity, unit, origin_country AS originCountry, ' +
  'declared_value AS declaredValue, currency FROM task_goods WHERE task_rid = @rid ORDER BY line';
const REASONS_SQL = 'SELECT reason FROM task_risk_reasons WHERE task_rid = @rid ORDER BY seq';
type PriorRow = Omit<TaskDetail['priorInspections'][number], 'agencies'> & { agency_mask: number };
const PRIOR_SQL =
  'SELECT port_code AS portCode, site_id AS siteId, at, result_id AS resultId, outcome, disposition, agency_mask ' +
  'FROM task_prior_inspections WHERE task_rid = @rid ORDER BY at, seq';
const PAGE_CONTAINERS_SQL =
  'SELECT task_rid, container_no AS value FROM task_containers WHERE task_rid IN (SELECT value FROM json_each(@rids)) ORDER BY task_rid, seq';
const PAGE_ASSIGNEES_SQL =
  'SELECT task_rid, operator_id AS value FROM task_assignments WHERE task_rid IN (SELECT value FROM json_each(@rids)) ORDER BY task_rid, operator_id';
