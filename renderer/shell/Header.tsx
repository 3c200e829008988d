import { useTranslation } from 'react-i18next';
import { AuditBadge } from './AuditBadge.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { NavTabs } from './NavTabs.js';
import { SessionMenu } from './SessionMenu.js';
import { SignOutButton } from './SignOutButton.js';
import type { Screen } from './screens.js';

interface Props {
  screen: Screen;
  onNavigate: (screen: Screen) => void;
}

export function Header({ screen, onNavigate }: Props) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <h1 className="app-header__title">{t('app.title')}</h1>
      <NavTabs current={screen} onNavigate={onNavigate} />
      <div className="app-header__tools">
        <ConnectionIndicator />
        <AuditBadge />
        <LanguageSwitch />
        <SessionMenu />
        <SignOutButton />
      </div>
    </header>
  );
}
