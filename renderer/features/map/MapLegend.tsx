import { useTranslation } from 'react-i18next';
import { URGENCY_COLOURS } from './cargo-layers.js';

const URGENCIES = ['overdue', 'urgent', 'high', 'normal'] as const;

/** The urgency rings' colours (the modes' are beside their filters) and how a stale and an estimated position look. */
export function MapLegend() {
  const { t } = useTranslation();
  return (
    <div className="map-legend" aria-label={t('map.legend')}>
      {URGENCIES.map((urgency) => (
        <span key={urgency} className="map-legend__item">
          <span className="map-legend__ring" style={{ backgroundColor: URGENCY_COLOURS[urgency] }} />
          {t(`map.urgency.${urgency}`)}
        </span>
      ))}
      <span className="map-legend__item">
        <span className="map-legend__ring map-legend__ring--stale" />
        {t('map.stale')}
      </span>
      <span className="map-legend__item">
        <span className="map-legend__ring map-legend__ring--estimated" />
        {t('map.estimated')}
      </span>
    </div>
  );
}
