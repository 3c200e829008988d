import type { KpiCounts } from '../../../shared/contract/index.js';

/** The counts of one group of a breakdown, before its hold rate is derived. */
export interface GroupCounts {
  inspections: number;
  released: number;
  held: number;
  overdue: number;
}

export const zeroCounts = (): GroupCounts => ({ inspections: 0, released: 0, held: 0, overdue: 0 });

/** held / (released + held), null when nothing was decided (a rate of 0 would claim no holds). */
export function holdRate(counts: Pick<KpiCounts, 'released' | 'held'>): number | null {
  const decided = counts.released + counts.held;
  return decided === 0 ? null : counts.held / decided;
}
