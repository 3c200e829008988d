import { useTranslation } from 'react-i18next';
import { AuditBadge } from './AuditBadge.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { consoleShortcutKeys } from './console-shortcuts.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { NavTabs } from './NavTabs.js';
import { SessionMenu } from './SessionMenu.js';
import { SignOutButton } from './SignOutButton.js';
import type { Screen } from './screens.js';

interface Props {
  screen: Screen;
  onNavigate: (screen: Screen) => void;
  onShowShortcuts: () => void;
}

export function Header({ screen, onNavigate, onShowShortcuts }: Props) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <h1 className="app-header__title">{t('app.title')}</h1>
      <NavTabs current={screen} onNavigate={onNavigate} />
      <div className="app-header__tools">
        <ConnectionIndicator />
        <AuditBadge />
        <button type="button" className="button button--quiet" data-testid="shortcuts-open" title={t('shortcuts.buttonHint')} onClick={onShowShortcuts}>
          {t('shortcuts.button')} <kbd className="inspection__kbd">{consoleShortcutKeys.help}</kbd>
        </button>
        <LanguageSwitch />
        <SessionMenu />
        <SignOutButton />
      </div>
    </header>
  );
}
