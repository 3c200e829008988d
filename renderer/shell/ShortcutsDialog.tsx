import { useId, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { shortcutList as inspectionShortcuts } from '../features/inspection/shortcuts.js';
import { consoleShortcutList, screenKeyList, screenKeys } from './console-shortcuts.js';
import './shortcuts-dialog.css';
import { useDialogFocus } from './use-dialog-focus.js';

/**
 * Every shortcut of the console in one list ("?" or the header's button): the console's own, the
 * keys of the tabs and the task list, and the inspection form's. Esc or the button closes it and
 * focus goes back where it was.
 */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const closeButton = useRef<HTMLButtonElement>(null);

  useDialogFocus(closeButton);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Tab') {
      // Modal, with one control: Tab stays on it instead of reaching the screen under it.
      event.preventDefault();
      closeButton.current?.focus();
    }
  };

  const groups = [
    { name: 'console', rows: consoleShortcutList.map(({ action, keys }) => ({ keys, text: t(`shortcuts.console.${action}`) })) },
    { name: 'screens', rows: screenKeyList.map(({ action, keys }) => ({ keys, text: t(`shortcuts.screens.${action}`) })) },
    { name: 'inspection', rows: inspectionShortcuts.map(({ action, keys }) => ({ keys, text: t(`inspection.shortcuts.${action}`) })) },
  ] as const;

  return (
    <div className="shortcuts-dialog__backdrop">
      <div className="shortcuts-dialog" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} data-testid="shortcuts-dialog" onKeyDown={onKeyDown}>
        <div className="shortcuts-dialog__head">
          <h2 id={`${id}-title`}>{t('shortcuts.title')}</h2>
          <button ref={closeButton} type="button" className="button button--secondary" data-testid="shortcuts-close" onClick={onClose}>
            {t('shortcuts.close')} <kbd className="inspection__kbd">{screenKeys.closeDetail}</kbd>
          </button>
        </div>
        {groups.map((group) => (
          <section key={group.name} aria-labelledby={`${id}-${group.name}`} data-testid={`shortcuts-${group.name}`}>
            <h3 id={`${id}-${group.name}`}>{t(`shortcuts.groups.${group.name}`)}</h3>
            <dl className="shortcuts-dialog__list">
              {group.rows.map((row) => (
                <div key={row.keys} className="shortcuts-dialog__row">
                  <dt>
                    <kbd className="inspection__kbd">{row.keys}</kbd>
                  </dt>
                  <dd>{row.text}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
