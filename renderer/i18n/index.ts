import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { zhCN, type Messages } from './zh-CN.js';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
/** localStorage key of the language the user chose on this workstation. */
export const LANGUAGE_STORAGE_KEY = 'console.lang';

export const resources: Record<Language, { translation: Messages }> = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export const i18n = i18next.createInstance();

function applyToDocument(): void {
  document.documentElement.lang = currentLanguage();
  document.title = i18n.t('app.title');
}

i18n.on('languageChanged', applyToDocument);
void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: languages,
  load: 'currentOnly',
  initAsync: false,
  returnNull: false,
  // Offline workstation console: no promotional console output.
  showSupportNotice: false,
  // React escapes what it renders; escaping here too would show &amp; in the UI.
  interpolation: { escapeValue: false },
});
applyToDocument();

export function currentLanguage(): Language {
  const language = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(language) ? language : DEFAULT_LANGUAGE;
}

/** Switches the UI language and remembers it on this workstation. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage may be unavailable (private mode, quota); the switch still applies to this session.
  }
  await i18n.changeLanguage(language);
}

export function otherLanguage(language: Language): Language {
  return language === 'zh-CN' ? 'en' : 'zh-CN';
}
