import type { Agency, InspectionType, TransportMode } from '../../../shared/contract/index.js';
import { sqliteHandle, type Database } from './connection.js';
import { StatementCache } from './statement-cache.js';
import { agencyCodec, inspectionTypeCodec } from './task-codes.js';

/**
 * The KPI statements over the tables of migration 015. Their cost follows the days asked for and
 * the officers, not the size of the cache: the counts come from the day cells, today's overdue
 * tasks (due before now, so not a whole day) from the open tasks due today, the percentiles from
 * a walk of the clearance index, each officer's counts from a range of their index. Optional
 * filters are bound as NULL (or a 0 bit) when absent: one statement per query, one plan.
 */

/** Asia/Shanghai is UTC+8 all year: its day number is the UTC day number of the time shifted by 8 h. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;
export const shanghaiDayOf = (ms: number): number => Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);

export interface KpiRange {
  /** Start of the first day (ms, inclusive) and of the day after the last one (exclusive). */
  readonly fromMs: number;
  readonly toMs: number;
  readonly portCode?: string | undefined;
  readonly mode?: TransportMode | undefined;
  readonly agency?: Agency | undefined;
  readonly inspectionType?: InspectionType | undefined;
}

export const KPI_MEASURES = ['inspections', 'released', 'held', 'overdue'] as const;
export type KpiMeasure = (typeof KPI_MEASURES)[number];

/** One measure's count in a cell, and how many of those tasks need each agency and each type. */
export interface MeasureCount {
  readonly count: number;
  /** Tasks needing agency i (bit i of the mask), in the contract's order. */
  readonly agencies: readonly number[];
  readonly types: readonly number[];
}

/** The counts of one (Shanghai day, site). */
export interface KpiCell {
  /** Days since 1970-01-01 in Asia/Shanghai. */
  readonly day: number;
  readonly portCode: string;
  readonly measures: Partial<Record<KpiMeasure, MeasureCount>>;
  /** Released tasks first seen after their first version (their clearance time is a lower bound). */
  readonly releasedApproximate: number;
}

export interface OfficerCounts {
  readonly operatorId: string;
  readonly inspections: number;
  readonly released: number;
  readonly held: number;
}

const AGENCY_BITS = [0, 1, 2, 3];
const TYPE_BITS = [0, 1, 2, 3, 4, 5];
const filters = (alias = ''): string => `(@portCode IS NULL OR ${alias}port_code = @portCode) AND (@mode IS NULL OR ${alias}mode = @mode)
  AND (${alias}agency_mask & @agencyBit) = @agencyBit AND (${alias}type_mask & @typeBit) = @typeBit`;
/** A measure's total and its split by agency and type bit, as columns m, m_a0…, m_t0… */
const sums = (measure: string, count: string): string =>
  [
    `sum(${count}) AS ${measure}`,
    ...AGENCY_BITS.map((bit) => `sum(${count} * ((agency_mask >> ${bit}) & 1)) AS ${measure}_a${bit}`),
    ...TYPE_BITS.map((bit) => `sum(${count} * ((type_mask >> ${bit}) & 1)) AS ${measure}_t${bit}`),
  ].join(', ');

/** The SQL of every KPI query, named, so the benchmark runs exactly these beside the core's answer. */
export const KPI_SQL = {
  /** The day cells of the range; a day's open tasks are all overdue once the day is over. */
  days: `
    SELECT day, port_code AS portCode, ${sums('inspections', 'inspected')}, ${sums('released', 'released')}, ${sums('held', 'held')},
      ${sums('overdue', 'due_open * (day < @today)')}, sum(released_approx) AS releasedApproximate
    FROM kpi_day_counts
    WHERE day >= @fromDay AND day < @toDay AND ${filters()}
    GROUP BY day, port_code`,
  /** Open tasks due today before now, when today is in the range. */
  overdueToday: `
    SELECT port_code AS portCode, ${sums('overdue', '1')}
    FROM task_kpi INDEXED BY task_kpi_by_open_due
    WHERE open_due_at >= max(@fromMs, @todayMs) AND open_due_at < min(@toMs, @now) AND ${filters()}
    GROUP BY port_code`,
  /** The clearance times (ms) at ranks @offset and @offset + 1 in ascending order. */
  clearanceAt: `
    SELECT decided_at - created_at FROM task_kpi INDEXED BY task_kpi_by_clearance
    WHERE decision = 'released' AND decided_at >= @fromMs AND decided_at < @toMs AND ${filters()}
    ORDER BY decided_at - created_at LIMIT 2 OFFSET @offset`,
  /** The officers one by one (each a seek on the index), each with their counts in the range as one JSON array. */
  officers: `
    WITH RECURSIVE officer (id) AS (
      SELECT min(operator_id) FROM kpi_officer_tasks
      UNION ALL
      SELECT (SELECT min(operator_id) FROM kpi_officer_tasks WHERE operator_id > officer.id) FROM officer WHERE officer.id IS NOT NULL
    )
    SELECT id AS operatorId, (
      SELECT json_array(count(*), sum(decision IS 'released'), sum(decision IS 'held'))
      FROM kpi_officer_tasks INDEXED BY kpi_officer_by_operator
      WHERE operator_id = officer.id AND finished_at >= @fromMs AND finished_at < @toMs AND ${filters()}
    ) AS counts
    FROM officer WHERE id IS NOT NULL`,
} as const;

/** The named parameters of the KPI statements (each takes those it names). */
export function kpiParameters(range: KpiRange, now: number): Record<string, string | number | null> {
  const today = shanghaiDayOf(now);
  return {
    fromMs: range.fromMs,
    toMs: range.toMs,
    fromDay: shanghaiDayOf(range.fromMs),
    toDay: shanghaiDayOf(range.toMs),
    now,
    today,
    todayMs: today * DAY_MS - SHANGHAI_OFFSET_MS,
    portCode: range.portCode ?? null,
    mode: range.mode ?? null,
    agencyBit: range.agency === undefined ? 0 : agencyCodec.bit(range.agency),
    typeBit: range.inspectionType === undefined ? 0 : inspectionTypeCodec.bit(range.inspectionType),
  };
}

type SumRow = Record<string, number | string | null>;

const measureOf = (row: SumRow, measure: KpiMeasure): MeasureCount => ({
  count: Number(row[measure] ?? 0),
  agencies: AGENCY_BITS.map((bit) => Number(row[`${measure}_a${bit}`] ?? 0)),
  types: TYPE_BITS.map((bit) => Number(row[`${measure}_t${bit}`] ?? 0)),
});

export interface KpiQueries {
  /** The cells of the range's days, today's overdue tasks as a cell of their own per site. */
  cells(range: KpiRange, now: number): KpiCell[];
  /** The clearance time (ms) at 0-based rank `rank` and the next, ascending (fewer at the end). */
  clearanceAt(range: KpiRange, rank: number): number[];
  officers(range: KpiRange): OfficerCounts[];
}

export function kpiQueries(db: Database): KpiQueries {
  const statements = new StatementCache(sqliteHandle(db));
  return {
    cells: (range, now) => {
      const parameters = kpiParameters(range, now);
      const days = (statements.get(KPI_SQL.days).all(parameters) as SumRow[]).map((row) => ({
        day: Number(row.day),
        portCode: String(row.portCode),
        measures: Object.fromEntries(KPI_MEASURES.map((measure) => [measure, measureOf(row, measure)])),
        releasedApproximate: Number(row.releasedApproximate),
      }));
      const today = (statements.get(KPI_SQL.overdueToday).all(parameters) as SumRow[]).map((row) => ({
        day: Number(parameters.today),
        portCode: String(row.portCode),
        measures: { overdue: measureOf(row, 'overdue') },
        releasedApproximate: 0,
      }));
      return [...days, ...today];
    },
    clearanceAt: (range, rank) =>
      statements
        .get(KPI_SQL.clearanceAt)
        .pluck()
        .all({ ...kpiParameters(range, 0), offset: rank }) as number[],
    officers: (range) =>
      (statements.get(KPI_SQL.officers).all(kpiParameters(range, 0)) as { operatorId: string; counts: string }[])
        .map(({ operatorId, counts }) => {
          const [inspections = 0, released = 0, held = 0] = JSON.parse(counts) as (number | null)[];
          return { operatorId, inspections: inspections ?? 0, released: released ?? 0, held: held ?? 0 };
        })
        .filter((officer) => officer.inspections > 0)
        .sort((a, b) => b.inspections - a.inspections || a.operatorId.localeCompare(b.operatorId)),
  };
}
