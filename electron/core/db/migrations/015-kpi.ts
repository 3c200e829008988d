import type { Migration } from './migration.js';

/** Reserved for the supervisor's KPIs (issue 10, point 3): filled by the KPI work. */
export const migration015: Migration = {
  version: 15,
  name: 'kpi',
  sql: ``,
};
