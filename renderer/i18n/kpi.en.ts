import type { kpiZh } from './kpi.zh-CN.js';

/** English texts of the KPI screen and the wall's KPI summary, the same keys as kpi.zh-CN.ts. */
export const kpiEn: typeof kpiZh = {
  title: 'Inspection KPIs',
  intro: 'Counted over this workstation’s task cache, by calendar day in Shanghai time. Clearance time runs from when this workstation first received the task to its release; the hold rate is held tasks among those released or held.',
  loading: 'Counting…',
  loadFailed: 'The KPIs could not be read.',
  asOf: 'Counted at {{time}}',
  range: {
    missing: 'Choose a first and a last day.',
    reversed: 'The last day cannot be before the first.',
    tooLong: 'One query covers at most {{days}} days.',
  },
  filters: {
    label: 'Filter the KPIs',
    from: 'From',
    to: 'To',
    site: 'Site',
    anySite: 'All sites',
    type: 'Inspection type',
    anyType: 'All inspection types',
  },
  tiles: {
    clearanceMedian: 'Clearance time, median',
    clearanceP90: 'Clearance time, p90',
    hours: '{{value}} h',
    noRelease: 'No task released in this range',
    overReleased_one: 'Over {{shown}} released task',
    overReleased_other: 'Over {{shown}} released tasks',
    holdRate: 'Hold rate',
    decided: '{{held}} held of {{decided}} decided',
    overdue: 'Overdue tasks',
    overdueNote: 'Still open past their due time',
    inspections: 'Inspections',
    inspectionsNote: 'Tasks completed, released or held',
    approximate_one: '{{shown}} of them reached this workstation after it was created: its clearance time is a lower bound.',
    approximate_other: '{{shown}} of them reached this workstation after they were created: their clearance times are lower bounds.',
  },
  measure: {
    inspections: 'Inspections',
    released: 'Released',
    held: 'Held',
    overdue: 'Overdue',
  },
  charts: {
    byDay: 'By day',
    byAgency: 'By agency',
    bySite: 'By site',
    byType: 'By inspection type',
    byOfficer: 'By officer',
    noOfficers: 'No officer finished an inspection in this range.',
  },
  export: {
    button: 'Export CSV',
    busy: 'Exporting…',
    failed: 'The CSV could not be exported.',
  },
  wall: {
    title: 'KPIs, last {{days}} days',
  },
};
