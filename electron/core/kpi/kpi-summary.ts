import { agencies, inspectionTypes, type KpiFilters, type KpiSummary } from '../../../shared/contract/index.js';
import { DAY_MS, KPI_MEASURES, SHANGHAI_OFFSET_MS, shanghaiDayOf, type KpiCell, type KpiQueries, type KpiRange } from '../db/kpi-queries.js';
import { holdRate, type GroupCounts, zeroCounts } from './kpi-counts.js';

/** The filters' Asia/Shanghai days as a half-open range of instants. */
export function rangeOf(filters: KpiFilters): KpiRange {
  const startOf = (day: string): number => Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
  return {
    fromMs: startOf(filters.from),
    toMs: startOf(filters.to) + DAY_MS,
    portCode: filters.portCode,
    mode: filters.mode,
    agency: filters.agency,
    inspectionType: filters.inspectionType,
  };
}

const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const HOUR_MS = 3_600_000;

/** Adds the cells' counts to the groups they fall in: a task needing two agencies counts for both. */
function tally(cells: readonly KpiCell[], groups: Groups): void {
  for (const cell of cells) {
    const targets = [
      groups.day(cell.day),
      groups.site(cell.portCode),
      groups.total,
      ...groups.agency.filter((_, bit) => (cell.agencyMask & (1 << bit)) !== 0),
      ...groups.type.filter((_, bit) => (cell.typeMask & (1 << bit)) !== 0),
    ];
    for (const target of targets) for (const measure of KPI_MEASURES) target[measure] += cell.counts[measure];
  }
}

interface Groups {
  total: GroupCounts;
  day(day: number): GroupCounts;
  site(portCode: string): GroupCounts;
  agency: GroupCounts[];
  type: GroupCounts[];
}

/**
 * Percentile `p` (0..1) of the released tasks' clearance times, in hours: linear interpolation
 * between the two nearest ranks (as spreadsheets' PERCENTILE.INC), read from the database two
 * values at a time, so no list of clearance times is ever loaded.
 */
function clearancePercentile(queries: KpiQueries, range: KpiRange, count: number, p: number): number | null {
  if (count === 0) return null;
  const position = p * (count - 1);
  const rank = Math.floor(position);
  const [low = 0, high = low] = queries.clearanceAt(range, rank);
  return (low + (position - rank) * (high - low)) / HOUR_MS;
}

/** kpi:summary: the totals and every breakdown but the officers', from the range's day cells and two percentile walks. */
export function kpiSummary(queries: KpiQueries, filters: KpiFilters, now: number): KpiSummary {
  const range = rangeOf(filters);
  const days = new Map<number, GroupCounts>();
  for (let day = shanghaiDayOf(range.fromMs); day < shanghaiDayOf(range.toMs); day += 1) days.set(day, zeroCounts());
  const sites = new Map<string, GroupCounts>();
  const groups: Groups = {
    total: zeroCounts(),
    day: (day) => days.get(day) ?? zeroCounts(),
    site: (portCode) => {
      const counts = sites.get(portCode) ?? zeroCounts();
      sites.set(portCode, counts);
      return counts;
    },
    agency: agencies.map(zeroCounts),
    type: inspectionTypes.map(zeroCounts),
  };
  const cells = queries.cells(range, now);
  tally(cells, groups);
  const released = { count: groups.total.released, approximate: cells.reduce((sum, cell) => sum + cell.releasedApproximate, 0) };
  const withRate = (counts: GroupCounts) => ({ ...counts, holdRate: holdRate(counts) });
  return {
    asOf: new Date(now).toISOString(),
    totals: {
      ...withRate(groups.total),
      clearance: {
        count: released.count,
        medianHours: clearancePercentile(queries, range, released.count, 0.5),
        p90Hours: clearancePercentile(queries, range, released.count, 0.9),
        approximate: released.approximate,
      },
    },
    byDay: [...days].map(([day, counts]) => ({ day: isoDay(day), ...withRate(counts) })),
    byAgency: agencies.map((agency, bit) => ({ agency, ...withRate(groups.agency[bit] ?? zeroCounts()) })),
    bySite: [...sites]
      .filter(([, counts]) => Object.values(counts).some((count) => count > 0))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([portCode, counts]) => ({ portCode, ...withRate(counts) })),
    byType: inspectionTypes.map((inspectionType, bit) => ({ inspectionType, ...withRate(groups.type[bit] ?? zeroCounts()) })),
  };
}
