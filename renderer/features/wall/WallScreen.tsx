import { useTranslation } from 'react-i18next';
import { ConnectionIndicator } from '../../shell/ConnectionIndicator.js';
import { LanguageSwitch } from '../../shell/LanguageSwitch.js';
import { KpiWallSummary } from '../kpi/KpiWallSummary.js';
import { ArrivalsPanel } from '../map/ArrivalsPanel.js';
import { MapScreen } from '../map/MapScreen.js';
import './wall.css';

/**
 * What a wall display shows (a channel the headless host opened with its wall token, issue 10
 * point 5): the KPI tiles of the week, the live map filling the rest of the screen and the arrivals per hub beside it, read-only. No tabs, no tasks, no sync or settings: the
 * core refuses those calls to the wall role anyway, this only leaves out what would be refused.
 */
export function WallScreen() {
  const { t } = useTranslation();
  return (
    <div className="wall" data-testid="wall-screen">
      <header className="app-header wall__header">
        <h1 className="app-header__title">{t('session.wall.title')}</h1>
        <p className="wall__note">{t('session.wall.readOnly')}</p>
        <div className="app-header__tools">
          <ConnectionIndicator />
          <LanguageSwitch />
        </div>
      </header>
      <KpiWallSummary />
      <main className="wall__main">
        <MapScreen focus={null} readOnly />
        <aside className="wall__arrivals">
          {/* No onPick: on a wall the list only reads. */}
          <ArrivalsPanel />
        </aside>
      </main>
    </div>
  );
}
