import { daysInRange, KPI_MAX_DAYS, type KpiFilters } from '../../../shared/contract/kpi.js';

/** Asia/Shanghai is UTC+8 all year (no daylight saving): the core counts days the same way (kpi.ts). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar day (YYYY-MM-DD) in Asia/Shanghai at `now`, `back` days earlier. */
export function shanghaiDay(now: number, back = 0): string {
  return new Date(now + SHANGHAI_OFFSET_MS - back * DAY_MS).toISOString().slice(0, 10);
}

/** The last `days` days up to today (Asia/Shanghai), today included. */
export function lastDays(now: number, days: number): Pick<KpiFilters, 'from' | 'to'> {
  return { from: shanghaiDay(now, days - 1), to: shanghaiDay(now) };
}

export type RangeProblem = 'missing' | 'reversed' | 'tooLong';

/** Why the core would refuse this range, said before asking it; null when it is a range it answers. */
export function rangeProblem(from: string, to: string): RangeProblem | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return 'missing';
  const days = daysInRange(from, to);
  if (days < 1) return 'reversed';
  return days > KPI_MAX_DAYS ? 'tooLong' : null;
}
