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

/** The counts of one (Shanghai day, site, agencies, inspection types) over every mode the filters keep. */
export interface KpiCell {
  /** Days since 1970-01-01 in Asia/Shanghai. */
  readonly day: number;
  readonly portCode: string;
  /** The agencies and inspection types the tasks need, as bit masks (task-codes.ts). */
  readonly agencyMask: number;
  readonly typeMask: number;
  readonly counts: Readonly<Record<KpiMeasure, number>>;
  /** Released tasks first seen after their first version (their clearance time is a lower bound). */
  readonly releasedApproximate: number;
}

export interface OfficerCounts {
  readonly operatorId: string;
  readonly inspections: number;
  readonly released: number;
  readonly held: number;
}

const filters = (alias = ''): string => `(@portCode IS NULL OR ${alias}port_code = @portCode) AND (@mode IS NULL OR ${alias}mode = @mode)
  AND (${alias}agency_mask & @agencyBit) = @agencyBit AND (${alias}type_mask & @typeBit) = @typeBit`;

/** The SQL of every KPI query, named, so the benchmark runs exactly these beside the core's answer. */
export const KPI_SQL = {
  /**
   * The day cells of the range, in primary-key order so the grouping needs no sort; a day's open
   * tasks are all overdue once the day is over. Agencies and types are split from the masks by
   * the caller: a few columns summed per cell cost far less than one sum per agency and type.
   */
  days: `
    SELECT day, port_code AS portCode, agency_mask AS agencyMask, type_mask AS typeMask,
      sum(inspected) AS inspections, sum(released) AS released, sum(held) AS held, sum(due_open * (day < @today)) AS overdue,
      sum(released_approx) AS releasedApproximate
    FROM kpi_day_counts
    WHERE day >= @fromDay AND day < @toDay AND ${filters()}
    GROUP BY day, port_code, agency_mask, type_mask`,
  /** Open tasks due today before now, when today is in the range. */
  overdueToday: `
    SELECT @today AS day, port_code AS portCode, agency_mask AS agencyMask, type_mask AS typeMask,
      0 AS inspections, 0 AS released, 0 AS held, count(*) AS overdue, 0 AS releasedApproximate
    FROM task_kpi INDEXED BY task_kpi_by_open_due
    WHERE open_due_at >= max(@fromMs, @todayMs) AND open_due_at < min(@toMs, @now) AND ${filters()}
    GROUP BY port_code, agency_mask, type_mask`,
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

interface CellRow {
  day: number;
  portCode: string;
  agencyMask: number;
  typeMask: number;
  inspections: number;
  released: number;
  held: number;
  overdue: number;
  releasedApproximate: number;
}

const toCell = ({ day, portCode, agencyMask, typeMask, releasedApproximate, ...counts }: CellRow): KpiCell => ({ day, portCode, agencyMask, typeMask, counts, releasedApproximate });

export interface KpiQueries {
  /** The cells of the range's days, and today's overdue tasks as cells of their own. */
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
      return [KPI_SQL.days, KPI_SQL.overdueToday].flatMap((sql) => (statements.get(sql).all(parameters) as CellRow[]).map(toCell));
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
