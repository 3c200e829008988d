import { useTranslation } from 'react-i18next';
import { shortcutList } from './shortcuts.js';

/** The list of shortcuts, shown from the header's button or F1. */
export function ShortcutsHelp() {
  const { t } = useTranslation();
  return (
    <section className="inspection__shortcuts" aria-labelledby="inspection-shortcuts-title" data-testid="inspection-shortcuts">
      <h3 id="inspection-shortcuts-title">{t('inspection.shortcuts.title')}</h3>
      <dl>
        {shortcutList.map((shortcut) => (
          <div key={shortcut.action} className="inspection__shortcut">
            <dt>
              <kbd className="inspection__kbd">{shortcut.keys}</kbd>
            </dt>
            <dd>{t(`inspection.shortcuts.${shortcut.action}`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
