import { useTranslation } from 'react-i18next';
import { ageLabel } from './cargo-features.js';
import { freshnessOf } from './cargo-freshness.js';
import type { CargoRecord } from './cargo-picture.js';
import { corridorName } from './corridor-names.js';
import type { ScreenPoint } from './engine-map.js';

interface Props {
  record: CargoRecord;
  point: ScreenPoint;
  now: number;
}

/** What a pointer over a cargo shows: its container or transport document, mode, corridor, speed and the position's age (with the estimate's confidence). */
export function CargoTooltip({ record, point, now }: Props) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const fix = freshnessOf(record, now);
  const age = ageLabel(fix.ageMs);
  return (
    <div className="map-tooltip" data-testid="map-tooltip" data-cargo-id={record.cargoId} role="tooltip" style={{ left: point.x + 12, top: point.y + 12 }}>
      <dl>
        {record.containerNo !== undefined && (
          <>
            <dt>{t('map.containerNo')}</dt>
            <dd>{record.containerNo}</dd>
          </>
        )}
        <dt>{t('map.transportDocNo')}</dt>
        <dd>{record.transportDocNo}</dd>
        <dt>{t('taskDetail.mode')}</dt>
        <dd>{t(`mode.${record.mode}`)}</dd>
        <dt>{t('map.corridor')}</dt>
        <dd>{corridorName(record.corridor, english)}</dd>
        <dt>{t('map.speed')}</dt>
        <dd>{record.speedKmh === undefined ? t('map.noSpeed') : t('map.speedValue', { speed: record.speedKmh })}</dd>
        <dt>{t('map.age')}</dt>
        <dd className={fix.kind === 'live' ? undefined : 'map-tooltip__stale'} data-testid="map-tooltip-age" data-fix={fix.kind}>
          {fix.kind === 'live' && t('map.ageValue', { age })}
          {fix.kind === 'stale' && t('map.staleAge', { age })}
          {fix.kind === 'estimated' && t('map.estimatedAge', { age, confidence: Math.round(fix.confidence * 100) })}
        </dd>
      </dl>
    </div>
  );
}
