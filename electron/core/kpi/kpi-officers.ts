import type { KpiOfficers } from '../../../shared/contract/index.js';
import type { AccountRepository } from '../db/account-repository.js';
import type { OfficerCounts } from '../db/kpi-queries.js';
import { holdRate } from './kpi-counts.js';

/** kpi:officers: each officer's counts, most inspections first, named where a local account knows them. */
export function kpiOfficers(rows: readonly OfficerCounts[], accounts: Pick<AccountRepository, 'find'>): KpiOfficers {
  return {
    officers: rows.map((row) => ({ ...row, holdRate: holdRate(row), name: accounts.find(row.operatorId)?.name ?? null })),
  };
}
