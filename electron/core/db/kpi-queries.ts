import type { Agency, InspectionType, TransportMode } from '../../../shared/contract/index.js';
import { sqliteHandle, type Database } from './connection.js';
import { StatementCache } from './statement-cache.js';
import { agencyCodec, inspectionTypeCodec } from './task-codes.js';

/**
 * The KPI statements over `task_kpi` (migration 015). Each reads one covering index over a range
 * of its dated event, so the cost follows the tasks in the range, never the size of the cache.
 * Optional filters are bound as NULL when absent: one statement per query, one plan.
 */

/** Asia/Shanghai is UTC+8 all year: its day number is the UTC day number of the time shifted by 8 h. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

export interface KpiRange {
  /** Start of the first day (ms, inclusive) and of the day after the last one (exclusive). */
  readonly fromMs: number;
  readonly toMs: number;
  readonly portCode?: string | undefined;
  readonly mode?: TransportMode | undefined;
  readonly agency?: Agency | undefined;
  readonly inspectionType?: InspectionType | undefined;
}

/** Counts of one (Shanghai day, site) cell, and how many of them need each agency and each type. */
export interface KpiCell {
  /** Days since 1970-01-01 in Asia/Shanghai. */
  readonly day: number;
  readonly portCode: string;
  readonly count: number;
  /** Tasks needing agency i (bit i of the mask), in the contract's order. */
  readonly agencies: readonly number[];
  readonly types: readonly number[];
}

export interface DecidedCell extends KpiCell {
  readonly decision: 'released' | 'held';
}

export interface OfficerCounts {
  readonly operatorId: string;
  readonly inspections: number;
  readonly released: number;
  readonly held: number;
}

const FILTERS = `(@portCode IS NULL OR port_code = @portCode) AND (@mode IS NULL OR mode = @mode)
  AND (agency_mask & @agencyBit) = @agencyBit AND (type_mask & @typeBit) = @typeBit`;
const AGENCY_SUMS = [0, 1, 2, 3].map((bit) => `sum((agency_mask >> ${bit}) & 1) AS a${bit}`).join(', ');
const TYPE_SUMS = [0, 1, 2, 3, 4, 5].map((bit) => `sum((type_mask >> ${bit}) & 1) AS t${bit}`).join(', ');
const dayOf = (column: string): string => `(${column} + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS}`;
const cells = (column: string, index: string, { extra = '', end = '@toMs' } = {}): string => `
  SELECT ${dayOf(column)} AS day, port_code AS portCode${extra ? `, ${extra}` : ''}, count(*) AS count, ${AGENCY_SUMS}, ${TYPE_SUMS}
  FROM task_kpi INDEXED BY ${index}
  WHERE ${column} >= @fromMs AND ${column} < ${end} AND ${FILTERS}
  GROUP BY 1, 2${extra ? ', 3' : ''}`;

/** The SQL of every KPI query, named, so the benchmark runs exactly these beside the core's answer. */
export const KPI_SQL = {
  inspected: cells('finished_at', 'task_kpi_by_finished'),
  decided: cells('decided_at', 'task_kpi_by_decided', { extra: 'decision' }),
  /** Open tasks due in the range and already due at @now. */
  overdue: cells('open_due_at', 'task_kpi_by_open_due', { end: 'min(@toMs, @now)' }),
  releasedCount: `
    SELECT count(*) AS count, sum(created_exact = 0) AS approximate FROM task_kpi INDEXED BY task_kpi_by_decided
    WHERE decided_at >= @fromMs AND decided_at < @toMs AND decision = 'released' AND ${FILTERS}`,
  /** The clearance times (ms) at ranks @offset and @offset + 1 in ascending order. */
  clearanceAt: `
    SELECT decided_at - created_at AS clearance FROM task_kpi INDEXED BY task_kpi_by_decided
    WHERE decided_at >= @fromMs AND decided_at < @toMs AND decision = 'released' AND ${FILTERS}
    ORDER BY 1 LIMIT 2 OFFSET @offset`,
  officers: `
    SELECT a.operator_id AS operatorId, count(*) AS inspections,
      sum(k.decision IS 'released') AS released, sum(k.decision IS 'held') AS held
    FROM task_kpi AS k INDEXED BY task_kpi_by_finished
    JOIN task_assignments AS a ON a.task_rid = k.task_rid
    WHERE k.finished_at >= @fromMs AND k.finished_at < @toMs AND ${FILTERS.replaceAll(/(?<!@)\b(port_code|mode|agency_mask|type_mask)\b/g, 'k.$1')}
    GROUP BY a.operator_id ORDER BY inspections DESC, a.operator_id`,
} as const;

export type KpiStatement = keyof typeof KPI_SQL;

/** The named parameters every KPI statement takes (those it does not use are ignored by name). */
export function kpiParameters(range: KpiRange, now: number): Record<string, string | number | null> {
  return {
    fromMs: range.fromMs,
    toMs: range.toMs,
    now,
    portCode: range.portCode ?? null,
    mode: range.mode ?? null,
    agencyBit: range.agency === undefined ? 0 : agencyCodec.bit(range.agency),
    typeBit: range.inspectionType === undefined ? 0 : inspectionTypeCodec.bit(range.inspectionType),
  };
}

interface CellRow {
  day: number;
  portCode: string;
  count: number;
  [sum: string]: number | string;
}

const toCell = (row: CellRow): KpiCell => ({
  day: row.day,
  portCode: row.portCode,
  count: row.count,
  agencies: [0, 1, 2, 3].map((bit) => Number(row[`a${bit}`])),
  types: [0, 1, 2, 3, 4, 5].map((bit) => Number(row[`t${bit}`])),
});

export interface KpiQueries {
  inspected(range: KpiRange): KpiCell[];
  decided(range: KpiRange): DecidedCell[];
  overdue(range: KpiRange, now: number): KpiCell[];
  /** Tasks released in the range, and how many of them were first seen after their first version. */
  released(range: KpiRange): { count: number; approximate: number };
  /** The clearance time (ms) at 0-based rank `rank` and the next, ascending (fewer at the end). */
  clearanceAt(range: KpiRange, rank: number): number[];
  officers(range: KpiRange): OfficerCounts[];
}

export function kpiQueries(db: Database): KpiQueries {
  const statements = new StatementCache(sqliteHandle(db));
  const run = (name: KpiStatement, range: KpiRange, now = 0): unknown[] => statements.get(KPI_SQL[name]).all(kpiParameters(range, now));
  return {
    inspected: (range) => (run('inspected', range) as CellRow[]).map(toCell),
    decided: (range) => (run('decided', range) as (CellRow & { decision: DecidedCell['decision'] })[]).map((row) => ({ ...toCell(row), decision: row.decision })),
    overdue: (range, now) => (run('overdue', range, now) as CellRow[]).map(toCell),
    released: (range) => {
      const [row] = run('releasedCount', range) as { count: number; approximate: number | null }[];
      return { count: row?.count ?? 0, approximate: row?.approximate ?? 0 };
    },
    clearanceAt: (range, rank) =>
      statements
        .get(KPI_SQL.clearanceAt)
        .pluck()
        .all({ ...kpiParameters(range, 0), offset: rank }) as number[],
    officers: (range) => run('officers', range) as OfficerCounts[],
  };
}
