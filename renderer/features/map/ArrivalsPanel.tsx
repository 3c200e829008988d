import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agencies, type HubArrivals } from '../../../shared/contract/index.js';
import { callErrorText } from '../inspection/answer-text.js';
import { useTimeFormatters } from '../sync/time-format.js';
import { placeName } from '../task-detail/places.js';
import { ARRIVAL_WINDOWS, useArrivals, type ArrivalWindow } from './use-arrivals.js';
import './arrivals.css';

export type Arrival = HubArrivals['soonest'][number];

interface Props {
  /** A soonest cargo was picked; the screen flies to it (absent: the list only reads, e.g. on a wall screen). */
  onPick?: (arrival: Arrival) => void;
  onClose?: () => void;
  /** The window shown first, in hours. */
  initialWindow?: ArrivalWindow;
}

/**
 * Arrivals per Chongqing hub (issue 9, point 5): for the next N hours, the cargo expected at each
 * hub, how many are past their estimated arrival, how many carry inspection tasks and for which
 * agency, and the first few to arrive, so a supervisor can staff the shift. It asks the core itself
 * (cargo:arrivals), so it stands on any screen: the map, or a wall display.
 */
export function ArrivalsPanel({ onPick, onClose, initialWindow = 6 }: Props) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const times = useTimeFormatters();
  const [withinHours, setWithinHours] = useState<ArrivalWindow>(initialWindow);
  const { state, refresh } = useArrivals(withinHours);
  const arrivals = state.kind === 'loaded' ? state.arrivals : state.kind === 'failed' ? state.last : null;
  // Hubs with cargo coming first; the quiet ones stay listed (a supervisor sees that nothing is due).
  const hubs = arrivals === null ? [] : [...arrivals.hubs].sort((a, b) => b.expected - a.expected);
  return (
    <aside className="arrivals-panel" data-testid="arrivals-panel" aria-label={t('map.arrivals.title')}>
      <header className="arrivals-panel__header">
        <h2 className="arrivals-panel__title">{t('map.arrivals.title')}</h2>
        <label className="arrivals-panel__window">
          {t('map.arrivals.within')}
          <select data-testid="arrivals-window" value={withinHours} onChange={(event) => setWithinHours(Number(event.target.value) as ArrivalWindow)}>
            {ARRIVAL_WINDOWS.map((hours) => (
              <option key={hours} value={hours}>
                {t('map.arrivals.hours', { count: hours })}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--small" data-testid="arrivals-refresh" onClick={refresh}>
          {t('map.arrivals.refresh')}
        </button>
        {onClose !== undefined && (
          <button type="button" className="button button--small" data-testid="arrivals-close" onClick={onClose}>
            {t('map.close')}
          </button>
        )}
      </header>
      {state.kind === 'loading' && <p>{t('map.arrivals.loading')}</p>}
      {state.kind === 'failed' && (
        <p role="alert" data-testid="arrivals-failed">
          {t('map.arrivals.failed', { reason: callErrorText(t, state.error) })}
        </p>
      )}
      {arrivals !== null && (
        <p className="arrivals-panel__computed" data-testid="arrivals-computed" data-within-hours={arrivals.withinHours}>
          {t('map.arrivals.computedAt', { time: times.full(arrivals.computedAt) })}
        </p>
      )}
      {arrivals !== null && hubs.every((hub) => hub.expected === 0) && <p data-testid="arrivals-none">{t('map.arrivals.none')}</p>}
      <ul className="arrivals-panel__hubs">
        {hubs.map((hub) => (
          <li key={hub.hubId} className="arrivals-panel__hub" data-testid="arrivals-hub" data-hub-id={hub.hubId}>
            <h3 className="arrivals-panel__hub-name">{placeName(hub.hubId, english)}</h3>
            <dl className="arrivals-panel__counts">
              <dt>{t('map.arrivals.expected')}</dt>
              <dd data-testid="arrivals-expected">{hub.expected}</dd>
              <dt>{t('map.arrivals.late')}</dt>
              <dd data-testid="arrivals-late">{hub.late}</dd>
              <dt>{t('map.arrivals.withTasks')}</dt>
              <dd data-testid="arrivals-with-tasks">{hub.withTasks}</dd>
            </dl>
            {hub.withTasks > 0 && (
              <p className="arrivals-panel__agencies" data-testid="arrivals-by-agency">
                {t('map.arrivals.byAgency')}:{' '}
                {agencies
                  .filter((agency) => hub.byAgency[agency] > 0)
                  .map((agency) => `${t(`agency.${agency}`)} ${hub.byAgency[agency]}`)
                  .join(' · ')}
              </p>
            )}
            {hub.soonest.length > 0 && (
              <>
                <h4 className="arrivals-panel__subtitle">{t('map.arrivals.soonest')}</h4>
                <ol className="arrivals-panel__soonest">
                  {hub.soonest.slice(0, SOONEST_SHOWN).map((arrival) => (
                    <li key={arrival.cargoId} data-testid="arrivals-soonest" data-cargo-id={arrival.cargoId}>
                      <Soonest arrival={arrival} eta={t('map.arrivals.eta', { time: times.full(arrival.etaAt) })} onPick={onPick} />
                    </li>
                  ))}
                </ol>
              </>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** The first few per hub: enough to see what comes next without the list becoming the task list. */
const SOONEST_SHOWN = 5;

function Soonest({ arrival, eta, onPick }: { arrival: Arrival; eta: string; onPick: Props['onPick'] }) {
  const { t } = useTranslation();
  const name = arrival.containerNo ?? arrival.transportDocNo;
  const label = (
    <>
      <span className="arrivals-panel__cargo">{name}</span>
      <span className="arrivals-panel__mode">{t(`mode.${arrival.mode}`)}</span>
      <span className="arrivals-panel__eta">{eta}</span>
      {arrival.taskIds.length > 0 && <span className="arrivals-panel__has-task">{t('map.arrivals.withTasks')}</span>}
    </>
  );
  if (onPick === undefined) return label;
  return (
    <button type="button" className="arrivals-panel__pick" data-testid="arrivals-pick" aria-label={t('map.arrivals.flyTo', { id: name })} onClick={() => onPick(arrival)}>
      {label}
    </button>
  );
}
