import type { KpiCounts, KpiOfficers, KpiSummary } from '../../../shared/contract/index.js';

export type CsvLanguage = 'zh-CN' | 'en';

const HEADERS: Record<CsvLanguage, readonly string[]> = {
  'zh-CN': ['分组', '项目', '姓名', '查验数', '放行数', '扣留数', '扣留率', '超期数', '放行任务数', '通关时长中位数(小时)', '通关时长P90(小时)', '其中创建时间为估计'],
  en: ['Group', 'Key', 'Name', 'Inspections', 'Released', 'Held', 'Hold rate', 'Overdue', 'Released tasks', 'Clearance median (hours)', 'Clearance p90 (hours)', 'Of which creation estimated'],
};
const GROUPS: Record<CsvLanguage, Record<'total' | 'day' | 'agency' | 'site' | 'type' | 'officer', string>> = {
  'zh-CN': { total: '合计', day: '日期', agency: '机构', site: '现场', type: '查验类型', officer: '查验员' },
  en: { total: 'Total', day: 'Day', agency: 'Agency', site: 'Site', type: 'Inspection type', officer: 'Officer' },
};

type Cell = string | number | null | undefined;

/** RFC 4180: a field with a quote, a comma or a line break is quoted, its quotes doubled. */
export function csvField(value: Cell): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Figures keep 4 decimals at most: exact enough for a spreadsheet, free of binary noise. */
const figure = (value: number | null): Cell => (value === null ? null : Math.round(value * 10_000) / 10_000);

const countCells = (counts: KpiCounts & { overdue?: number }): Cell[] => [counts.inspections, counts.released, counts.held, figure(counts.holdRate), counts.overdue];

/**
 * The KPIs as one CSV table (kpi:exportCsv): a byte order mark so Excel reads UTF-8 (the Chinese
 * headers and names), CRLF line ends, a row per group. Keys are the contract's codes (agency,
 * inspection type, port code, operator id), the same in both languages so sheets can be compared.
 */
export function kpiCsv(summary: KpiSummary, officers: KpiOfficers, language: CsvLanguage): string {
  const group = GROUPS[language];
  const { clearance } = summary.totals;
  const rows: Cell[][] = [
    [...HEADERS[language]],
    [group.total, '', '', ...countCells(summary.totals), clearance.count, figure(clearance.medianHours), figure(clearance.p90Hours), clearance.approximate],
    ...summary.byDay.map((row) => [group.day, row.day, '', ...countCells(row)]),
    ...summary.byAgency.map((row) => [group.agency, row.agency, '', ...countCells(row)]),
    ...summary.bySite.map((row) => [group.site, row.portCode, '', ...countCells(row)]),
    ...summary.byType.map((row) => [group.type, row.inspectionType, '', ...countCells(row)]),
    ...officers.officers.map((row) => [group.officer, row.operatorId, row.name, ...countCells(row)]),
  ];
  // Every record as wide as the header (RFC 4180): the clearance columns stay empty below the total.
  const width = HEADERS[language].length;
  return `\uFEFF${rows.map((row) => [...row, ...Array<Cell>(width - row.length).fill(null)].map(csvField).join(',')).join('\r\n')}\r\n`;
}
