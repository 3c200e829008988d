import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KPI_MAX_DAYS } from '../../../shared/contract/index.js';
import { useTimeFormatters } from '../sync/time-format.js';
import { KpiChart } from './KpiChart.js';
import { officersChart, summaryCharts } from './kpi-charts.js';
import { KpiCsvExport } from './KpiCsvExport.js';
import { KpiFilterBar } from './KpiFilterBar.js';
import { toFilters, type FilterDraft } from './kpi-filters.js';
import { useKpiFormat } from './kpi-format.js';
import { KpiLoadError } from './KpiLoadError.js';
import { lastDays } from './kpi-range.js';
import { KpiTiles } from './KpiTiles.js';
import { useKpis } from './use-kpis.js';
import './kpi.css';

/** The range the screen opens on: the last 30 days, today included. */
const OPENING_DAYS = 30;

/**
 * The supervisor's KPIs (issue 10, point 3): headline tiles, then counts by day, agency, site,
 * inspection type and officer, for the range and filters chosen above them, and the same figures
 * as CSV. Everything is computed by the core over the task cache; this screen only draws it.
 */
export function KpiScreen() {
  const { t } = useTranslation();
  const format = useKpiFormat();
  const time = useTimeFormatters().full;
  const [draft, setDraft] = useState<FilterDraft>(() => ({ ...lastDays(Date.now(), OPENING_DAYS), portCode: '', agency: '', inspectionType: '', mode: '' }));
  const chosen = useMemo(() => toFilters(draft), [draft]);
  const filters = 'filters' in chosen ? chosen.filters : null;
  const { figures, error } = useKpis(filters, { perOfficer: true });
  const summary = figures?.summary ?? null;
  const officers = figures?.officers ?? null;
  const charts = useMemo(() => (summary === null ? null : summaryCharts(summary, t, format)), [summary, t, format]);
  const officerData = useMemo(() => (officers === null ? null : officersChart(officers, t)), [officers, t]);
  // Sites are known only from the KPIs' own answers: the list keeps every site seen, so choosing one does not hide the others.
  const [sites, setSites] = useState<readonly string[]>([]);
  const newSites = summary?.bySite.map((group) => group.portCode).filter((site) => !sites.includes(site)) ?? [];
  if (newSites.length > 0) setSites([...sites, ...newSites].sort());

  return (
    <section className="kpi" aria-labelledby="kpi-title" data-testid="kpi-screen">
      <h2 id="kpi-title">{t('kpi.title')}</h2>
      <p className="sync-section__message">{t('kpi.intro')}</p>
      <div className="kpi__controls">
        <KpiFilterBar
          draft={draft}
          sites={sites}
          onChange={(change) => {
            setDraft((before) => ({ ...before, ...change }));
          }}
        />
        <KpiCsvExport filters={filters} />
      </div>
      {'problem' in chosen && (
        <p className="sync-section__error" role="alert" data-testid="kpi-range-problem">
          {t(`kpi.range.${chosen.problem}`, { days: KPI_MAX_DAYS })}
        </p>
      )}
      {error && <KpiLoadError error={error} />}
      {summary === null && !error && <p className="sync-section__message">{t('kpi.loading')}</p>}
      {summary && charts && (
        <>
          <KpiTiles summary={summary} format={format} />
          <p className="task-detail__muted" data-testid="kpi-as-of">
            {t('kpi.asOf', { time: time(summary.asOf) })}
          </p>
          <div className="kpi__charts">
            <KpiChart id="by-day" title={t('kpi.charts.byDay')} data={charts.byDay} format={format.count} wide />
            <KpiChart id="by-agency" title={t('kpi.charts.byAgency')} data={charts.byAgency} format={format.count} />
            <KpiChart id="by-type" title={t('kpi.charts.byType')} data={charts.byType} format={format.count} />
            <KpiChart id="by-site" title={t('kpi.charts.bySite')} data={charts.bySite} format={format.count} />
            {officerData &&
              (officerData.categories.length === 0 ? (
                <p className="sync-section__message" data-testid="kpi-no-officers">
                  {t('kpi.charts.noOfficers')}
                </p>
              ) : (
                <KpiChart id="by-officer" title={t('kpi.charts.byOfficer')} data={officerData} format={format.count} />
              ))}
          </div>
        </>
      )}
    </section>
  );
}
