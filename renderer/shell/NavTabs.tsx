import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAIN_PANEL_ID, tabId, type Screen } from './screens.js';
import { useAllowedScreens } from './use-allowed-screens.js';

interface Props {
  current: Screen;
  onNavigate: (screen: Screen) => void;
}

/** Tasks · Sync · Settings (admins only). Arrow keys move between tabs, as in any tab list. */
export function NavTabs({ current, onNavigate }: Props) {
  const { t } = useTranslation();
  const list = useRef<HTMLDivElement>(null);
  const screens = useAllowedScreens();

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = screens[(screens.indexOf(current) + step + screens.length) % screens.length] ?? current;
    onNavigate(next);
    list.current?.querySelector<HTMLElement>(`#${tabId(next)}`)?.focus();
  };

  return (
    <nav className="nav-tabs" aria-label={t('nav.label')}>
      <div role="tablist" ref={list} onKeyDown={onKeyDown}>
        {screens.map((screen) => {
          const selected = screen === current;
          return (
            <button
              key={screen}
              id={tabId(screen)}
              type="button"
              role="tab"
              className={`nav-tabs__tab${selected ? ' is-selected' : ''}`}
              aria-selected={selected}
              aria-controls={MAIN_PANEL_ID}
              tabIndex={selected ? 0 : -1}
              data-testid={`nav-${screen}`}
              onClick={() => {
                onNavigate(screen);
              }}
            >
              {t(`nav.${screen}`)}
            </button>
          );
        })}
      </div>
    </nav>
  );
}
