import { useTranslation } from 'react-i18next';
import { currentLanguage, otherLanguage, setLanguage } from '../i18n/index.js';

/** Toggles zh-CN ⇄ en and remembers the choice on this workstation. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const target = otherLanguage(currentLanguage());
  return (
    <button
      type="button"
      className="button button--quiet"
      data-testid="lang-switch"
      aria-label={t('langSwitch.label')}
      onClick={() => void setLanguage(target)}
    >
      <span lang={target}>{t('langSwitch.target')}</span>
    </button>
  );
}
