import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../sync/relative-time.js';
import { useKpiFormat } from './kpi-format.js';
import { KpiLoadError } from './KpiLoadError.js';
import { lastDays } from './kpi-range.js';
import { KpiTiles } from './KpiTiles.js';
import { useKpis } from './use-kpis.js';
import './kpi.css';

/** A wall shows the week: long enough for a median, short enough to move with the port's day. */
const WALL_DAYS = 7;

/**
 * The KPI tiles on the wall display (issue 10, point 5): kpi:summary only, aggregates without
 * personal data (per officer is the supervisor's; the core refuses it to the wall role). The range
 * follows the calendar: a wall left on overnight moves to the new day by itself.
 */
export function KpiWallSummary() {
  const { t } = useTranslation();
  const format = useKpiFormat();
  const { from, to } = lastDays(useNow(60_000), WALL_DAYS);
  const filters = useMemo(() => ({ from, to }), [from, to]);
  const { figures, error } = useKpis(filters, { perOfficer: false });
  return (
    <section className="kpi-wall" aria-labelledby="kpi-wall-title" data-testid="kpi-wall">
      <h2 id="kpi-wall-title" className="kpi-wall__title">
        {t('kpi.wall.title', { days: WALL_DAYS })}
      </h2>
      {error && <KpiLoadError error={error} />}
      {figures === null ? !error && <p className="sync-section__message">{t('kpi.loading')}</p> : <KpiTiles summary={figures.summary} format={format} />}
    </section>
  );
}
