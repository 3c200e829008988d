import { useCallback, useEffect, useState } from 'react';
import type { CallError, KpiFilters, KpiOfficers, KpiSummary, Result } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { useLatestAnswer } from '../sync/use-latest-answer.js';

interface Figures {
  summary: KpiSummary;
  /** Null on the wall (per officer is personal data). */
  officers: KpiOfficers | null;
}

export interface KpiAnswers {
  /** Null until the first answer. */
  figures: Figures | null;
  error: CallError | null;
}

/**
 * The KPIs for `filters` (null: not asked, the filters are not a range the core answers; the last
 * figures stay), asked again when they change and after each successful sync (the figures are over
 * the task cache, which only a sync changes; not on every sync:changed, which follows each call of a
 * cycle). The summary and per officer come as one answer, so the screen never shows one of them for
 * other filters than the other.
 */
export function useKpis(filters: KpiFilters | null, { perOfficer }: { perOfficer: boolean }): KpiAnswers {
  const client = useClient();
  const [lastSync, setLastSync] = useState<string | null>(null);
  useEffect(() => client.on('sync:changed', (status) => setLastSync(status.lastSuccessAt)), [client]);
  const load = useCallback(async (): Promise<Result<Figures>> => {
    if (filters === null) return new Promise<never>(() => undefined);
    const [summary, officers] = await Promise.all([client.call('kpi:summary', filters), perOfficer ? client.call('kpi:officers', filters) : null]);
    if (!summary.ok) return summary;
    if (officers !== null && !officers.ok) return officers;
    return { ok: true, value: { summary: summary.value, officers: officers?.value ?? null } };
  }, [client, filters, perOfficer]);
  const { value, error } = useLatestAnswer(load, lastSync ?? '');
  return { figures: value, error };
}
