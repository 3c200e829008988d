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

export interface RawTaskRow {
  rid: number;
  task_id: string;
  version: number;
  status: TaskStatus;
  mode: TransportMode;
  priority_rank: number;
  due_at: number;
  declaration_no: string;
  consignee_name: string;
  credit_grade: CreditGrade;
  goods_summary: string;
  agency_mask: number;
  type_mask: number;
  area: string;
  cargo_id: string;
}

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
    const paging = { ...params, limit: request.limit, offset: request.offset };
    let rows: RawTaskRow[];
    if (!plan) {
      rows = this.byRid(this.ranges.pageRids(shape, params, request.offset, request.limit));
    } else {
      const hits = this.hits(plan, { ...params, ...planParams(plan) });
      rows =
        hits.length <= this.thresholds.amongMax
          ? (this.statements.get(listAmongSql(shape)).all({ ...paging, rids: JSON.stringify(hits) }) as RawTaskRow[])
          : this.walk(shape, params, plan.terms, request.offset, request.limit);
    }
    return this.toRows(rows, request.now);
  }

  count(filter: ParsedTaskFilter, now: number): number {
    const { shape, params } = bind(filter, now);
    const plan = planSearch(filter.text ?? '');
    if (!plan) return this.ranges.count(shape, params);
    const searchParams = { ...params, ...planParams(plan) };
    const hits = this.hits(plan, searchParams);
    if (hits.length <= this.thresholds.amongMax) return this.scalar(countAmongSql(shape), { ...params, rids: JSON.stringify(hits) });
    return this.scalar(countMatchingSql(shape, plan), searchParams);
  }

  get(taskId: string, now: number): CachedTaskDetail | null {
    const row = this.statements.get(DETAIL_SQL).get({ taskId }) as (RawTaskRow & DetailColumns) | undefined;
    if (!row) return null;
    const [summary] = this.toRows([row], now);
    if (!summary) return null;
    const goods = this.statements.get(GOODS_SQL).all({ rid: row.rid }) as TaskDetail['goods'];
    const reasons = this.statements.get(REASONS_SQL).pluck().all({ rid: row.rid }) as string[];
    const prior = this.statements.get(PRIOR_SQL).all({ rid: row.rid }) as PriorRow[];
    return {
      ...summary,
      portCode: row.port_code,
      billOfLading: row.bill_of_lading,
      consigneeUscc: row.consignee_uscc,
      creditAsOf: row.credit_as_of,
      riskReasons: reasons,
      checklistId: row.checklist_id,
      location: { area: row.area, lon: row.lon, lat: row.lat },
      containers: this.containersOf(row.rid),
      goods,
      priorInspections: prior.map(({ agency_mask, ...inspection }) => ({ ...inspection, agencies: agencyCodec.fromMask(agency_mask) })),
      updatedAt: row.updated_at,
      history: readTaskHistory(this.statements, row.rid),
    };
  }

  /** The task's containers with their declared seals, without the rest of the detail (the seal check on every draft save). */
  containers(taskId: string): TaskDetail['containers'] | null {
    const rid = this.statements.get(RID_SQL).pluck().get({ taskId }) as number | undefined;
    return rid === undefined ? null : this.containersOf(rid);
  }

  private containersOf(rid: number): TaskDetail['containers'] {
    const containers = this.statements.get(CONTAINERS_SQL).all({ rid }) as { seq: number; container_no: string; size_type: string }[];
    const seals = this.statements.get(SEALS_SQL).all({ rid }) as { container_seq: number; seal_no: string }[];
    return containers.map((container) => ({
      containerNo: container.container_no,
      sizeType: container.size_type,
      sealNos: seals.filter((seal) => seal.container_seq === container.seq).map((seal) => seal.seal_no),
    }));
  }

  totalCount(): number {
    return this.scalar('SELECT count(*) AS n FROM tasks', {});
  }

  /** The list rows of the given tasks, those the cache holds, in no particular order. */
  rowsByTaskId(taskIds: readonly string[], now: number): TaskRow[] {
    if (taskIds.length === 0) return [];
    return this.toRows(this.statements.get(ROWS_BY_TASK_ID_SQL).all({ taskIds: JSON.stringify(taskIds) }) as RawTaskRow[], now);
  }

  /** The first hits, one more than AMONG_MAX at most: enough to choose, cheap when they are many. */
  private hits(plan: SearchPlan, params: Params): number[] {
    return this.statements.get(hitsSql(plan, true)).pluck().all({ ...params, cap: this.thresholds.amongMax + 1 }) as number[];
  }

  /** Streams the ordered list, keeps rows whose search document holds every term, then fetches the page's rows. */
  private walk(shape: ListShape, params: Params, terms: readonly string[], offset: number, limit: number): RawTaskRow[] {
    return this.byRid(walkMatches(this.statements, shape, params, terms, offset + limit).slice(offset));
  }

  /** The list columns of the given tasks, in the given order. */
  private byRid(rids: readonly number[]): RawTaskRow[] {
    if (rids.length === 0) return [];
    const rows = this.statements.get(ROWS_BY_RID_SQL).all({ rids: JSON.stringify(rids) }) as RawTaskRow[];
    // Put in place by rid rather than sorted: one lookup a row instead of two a comparison.
    const byRid = new Map<number, RawTaskRow>();
    for (const row of rows) byRid.set(row.rid, row);
    const ordered: RawTaskRow[] = [];
    for (const rid of rids) {
      const row = byRid.get(rid);
      if (row) ordered.push(row);
    }
    return ordered;
  }

  private toRows(rows: readonly RawTaskRow[], now: number): TaskRow[] {
    if (rows.length === 0) return [];
    const rids = JSON.stringify(rows.map((row) => row.rid));
    const containers = groupBy(this.statements.get(PAGE_CONTAINERS_SQL).all({ rids }) as { task_rid: number; value: string }[]);
    const assignees = groupBy(this.statements.get(PAGE_ASSIGNEES_SQL).all({ rids }) as { task_rid: number; value: string }[]);
    return rows.map((row) => ({
      taskId: row.task_id,
      version: row.version,
      status: row.status,
      mode: row.mode,
      priority: priorityOfRank(row.priority_rank),
      dueAt: isoTime(row.due_at),
      overdue: row.due_at < now && OPEN.has(row.status),
      declarationNo: row.declaration_no,
      consigneeName: row.consignee_name,
      creditGrade: row.credit_grade,
      containerNos: containers.get(row.rid) ?? [],
      goodsSummary: row.goods_summary,
      agencies: agencyCodec.fromMask(row.agency_mask),
      types: inspectionTypeCodec.fromMask(row.type_mask),
      area: row.area,
      assignedTo: assignees.get(row.rid) ?? [],
      cargoId: row.cargo_id,
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
  const params: Params = { ...plan.exact };
  if (plan.trigram !== null) params.trigram = plan.trigram;
  if (plan.cjk !== null) params.cjk = plan.cjk;
  return params;
}

function groupBy(rows: readonly { task_rid: number; value: string }[]): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const row of rows) {
    const group = groups.get(row.task_rid);
    if (group) group.push(row.value);
    else groups.set(row.task_rid, [row.value]);
  }
  return groups;
}

interface DetailColumns {
  port_code: string;
  bill_of_lading: string;
  consignee_uscc: string;
  credit_as_of: string;
  checklist_id: string;
  lon: number;
  lat: number;
  updated_at: string;
}

const DETAIL_SQL = 'SELECT * FROM tasks WHERE task_id = @taskId';
const RID_SQL = 'SELECT rid FROM tasks WHERE task_id = @taskId';
const CONTAINERS_SQL = 'SELECT seq, container_no, size_type FROM task_containers WHERE task_rid = @rid ORDER BY seq';
const SEALS_SQL = 'SELECT container_seq, seal_no FROM task_seals WHERE task_rid = @rid ORDER BY container_seq, seq';
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
