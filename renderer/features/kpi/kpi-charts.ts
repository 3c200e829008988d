import type { TFunction } from 'i18next';
import type { KpiCounts, KpiOfficers, KpiSummary } from '../../../shared/contract/index.js';
import type { ChartData } from './chart-option.js';
import type { KpiFormat } from './kpi-format.js';

/** The counts a chart draws, one series each, in this order (and colour). */
const MEASURES = ['inspections', 'released', 'held', 'overdue'] as const;

type Group = KpiCounts & { overdue?: number };

/** One series a measure the groups carry (per officer has no overdue count: the core gives none). */
function countsChart<G extends Group>(kind: ChartData['kind'], groups: readonly G[], label: (group: G) => string, t: TFunction): ChartData {
  const measures = MEASURES.filter((measure) => measure !== 'overdue' || groups.every((group) => group.overdue !== undefined));
  return {
    kind,
    categories: groups.map(label),
    series: measures.map((measure) => ({ name: t(`kpi.measure.${measure}`), values: groups.map((group) => group[measure] ?? null) })),
  };
}

export interface KpiCharts {
  byDay: ChartData;
  byAgency: ChartData;
  bySite: ChartData;
  byType: ChartData;
}

/** The summary's breakdowns as charts, labelled in the UI's language. */
export function summaryCharts(summary: KpiSummary, t: TFunction, format: KpiFormat): KpiCharts {
  return {
    byDay: countsChart('line', summary.byDay, (group) => format.day(group.day), t),
    byAgency: countsChart('bar', summary.byAgency, (group) => t(`agency.${group.agency}`), t),
    bySite: countsChart('bar', summary.bySite, (group) => group.portCode, t),
    byType: countsChart('bar', summary.byType, (group) => t(`inspectionType.${group.inspectionType}`), t),
  };
}

/** Per officer, named by the local account's name where the workstation has one, else by operator id. */
export function officersChart(officers: KpiOfficers, t: TFunction): ChartData {
  return countsChart('bar', officers.officers, (officer) => (officer.name === null ? officer.operatorId : `${officer.name} (${officer.operatorId})`), t);
}
