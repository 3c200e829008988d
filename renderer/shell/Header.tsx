import { useTranslation } from 'react-i18next';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { LanguageSwitch } from './LanguageSwitch.js';

export function Header() {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <h1 className="app-header__title">{t('app.title')}</h1>
      <div className="app-header__tools">
        <ConnectionIndicator />
        <LanguageSwitch />
      </div>
    </header>
  );
}
