import { useTranslation } from 'react-i18next';
import { ageLabel, isStale } from './cargo-features.js';
import type { CargoRecord } from './cargo-picture.js';
import { corridorName } from './corridor-names.js';
import type { ScreenPoint } from './engine-map.js';

interface Props {
  record: CargoRecord;
  point: ScreenPoint;
  now: number;
}

/** What a pointer over a cargo shows: its container or transport document, mode, corridor, speed and the position's age. */
export function CargoTooltip({ record, point, now }: Props) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const age = ageLabel(now - record.atMs);
  const stale = isStale(record, now);
  return (
    <div className="map-tooltip" data-testid="map-tooltip" role="tooltip" style={{ left: point.x + 12, top: point.y + 12 }}>
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
        <dd className={stale ? 'map-tooltip__stale' : undefined}>{stale ? t('map.staleAge', { age }) : t('map.ageValue', { age })}</dd>
      </dl>
    </div>
  );
}
