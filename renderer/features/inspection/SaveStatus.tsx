import { useTranslation } from 'react-i18next';
import { callErrorText } from './answer-text.js';
import type { SaveState } from './save-queue.js';
import { shortcutKeys } from './shortcuts.js';

/** 已保存 / 保存中 / 未保存: reason, with a button (and Ctrl+S) to try again. */
export function SaveStatus({ state, onSaveNow }: { state: SaveState; onSaveNow: () => void }) {
  const { t } = useTranslation();
  const failure = state.kind === 'unsaved' ? state.error : null;
  return (
    <p className={`inspection__save inspection__save--${state.kind}`} role="status" data-testid="inspection-save" data-state={state.kind}>
      {failure ? t('inspection.save.unsaved', { reason: callErrorText(t, failure) }) : t(`inspection.save.${state.kind}`)}
      {failure && (
        <button type="button" className="button button--small" data-testid="inspection-save-now" onClick={onSaveNow}>
          {t('inspection.save.retry')} <kbd className="inspection__kbd">{shortcutKeys.save}</kbd>
        </button>
      )}
    </p>
  );
}
