import type { AccountRepository } from './db/account-repository.js';
import type { Database } from './db/connection.js';
import { kpiQueries } from './db/kpi-queries.js';
import { kpiCsv } from './kpi/kpi-csv.js';
import { kpiOfficers } from './kpi/kpi-officers.js';
import { kpiSummary, rangeOf } from './kpi/kpi-summary.js';
import type { Handlers } from './router.js';

type KpiHandlers = Pick<Handlers, 'kpi:summary' | 'kpi:officers' | 'kpi:exportCsv'>;

/**
 * The supervisor's KPIs over the workspace's task cache (roles in the contract: the summary also
 * for walls, per officer and the CSV for supervisors only). Officers' names come from the local
 * accounts, kept in the real database whichever workspace is active.
 */
export function createKpiHandlers(db: Database, accounts: AccountRepository, clock: () => number): KpiHandlers {
  const queries = kpiQueries(db);
  const officers = (filters: Parameters<KpiHandlers['kpi:officers']>[0]) => kpiOfficers(queries.officers(rangeOf(filters)), accounts);
  return {
    'kpi:summary': (filters) => kpiSummary(queries, filters, clock()),
    'kpi:officers': officers,
    'kpi:exportCsv': ({ language, ...filters }) => ({
      fileName: `kpi-${filters.from}-${filters.to}.csv`,
      csv: kpiCsv(kpiSummary(queries, filters, clock()), officers(filters), language),
    }),
  };
}
