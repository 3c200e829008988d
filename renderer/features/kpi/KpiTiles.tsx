import { useTranslation } from 'react-i18next';
import type { KpiSummary } from '../../../shared/contract/index.js';
import type { KpiFormat } from './kpi-format.js';

interface Tile {
  id: string;
  label: string;
  value: string;
  /** What the figure is over, or why there is none. */
  note: string;
}

/**
 * The headline figures: clearance time (median, p90), hold rate, overdue, inspections. Aggregates
 * only, so the wall display shows the same tiles. A figure the range cannot give (no task released)
 * shows a dash and says why, never a zero that would read as "instant".
 */
export function KpiTiles({ summary, format }: { summary: KpiSummary; format: KpiFormat }) {
  const { t } = useTranslation();
  const { totals } = summary;
  const { clearance } = totals;
  const hours = (value: number | null): string => (value === null ? '–' : t('kpi.tiles.hours', { value: format.hours(value) }));
  const clearanceNote = clearance.count === 0 ? t('kpi.tiles.noRelease') : t('kpi.tiles.overReleased', { count: clearance.count, shown: format.count(clearance.count) });
  const tiles: Tile[] = [
    { id: 'clearance-median', label: t('kpi.tiles.clearanceMedian'), value: hours(clearance.medianHours), note: clearanceNote },
    { id: 'clearance-p90', label: t('kpi.tiles.clearanceP90'), value: hours(clearance.p90Hours), note: clearanceNote },
    {
      id: 'hold-rate',
      label: t('kpi.tiles.holdRate'),
      value: totals.holdRate === null ? '–' : format.rate(totals.holdRate),
      note: t('kpi.tiles.decided', { held: format.count(totals.held), decided: format.count(totals.held + totals.released) }),
    },
    { id: 'overdue', label: t('kpi.tiles.overdue'), value: format.count(totals.overdue), note: t('kpi.tiles.overdueNote') },
    { id: 'inspections', label: t('kpi.tiles.inspections'), value: format.count(totals.inspections), note: t('kpi.tiles.inspectionsNote') },
  ];
  return (
    <div className="kpi-tiles" data-testid="kpi-tiles">
      <dl className="kpi-tiles__list">
        {tiles.map((tile) => (
          <div key={tile.id} className="kpi-tile" data-testid="kpi-tile" data-tile={tile.id}>
            <dt className="kpi-tile__label">{tile.label}</dt>
            <dd className="kpi-tile__value" data-testid="kpi-tile-value">
              {tile.value}
            </dd>
            <dd className="kpi-tile__note">{tile.note}</dd>
          </div>
        ))}
      </dl>
      {clearance.approximate > 0 && (
        <p className="kpi-tiles__caveat" data-testid="kpi-approximate">
          {t('kpi.tiles.approximate', { count: clearance.approximate, shown: format.count(clearance.approximate) })}
        </p>
      )}
    </div>
  );
}
