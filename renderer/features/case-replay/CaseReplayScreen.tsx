import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import './case-replay.css';
import { keepFocusInside, useDialogFocus } from '../../shell/use-dialog-focus.js';
import { CaseReplayPanel } from './CaseReplayPanel.js';
import { useReplayMap } from './use-replay-map.js';

interface Props {
  taskId: string;
  cargoId: string;
  onClose: () => void;
}

/**
 * A supervisor's case replay of one task, over the console (opened from the task's detail): the
 * cargo's journey on a map beside the task's audit timeline, one slider driving both, so what
 * happened can be seen where and when. Modal: Tab stays inside; Esc closes it and focus goes back
 * to the button that opened it.
 */
export function CaseReplayScreen({ taskId, cargoId, onClose }: Props) {
  const { t } = useTranslation();
  const root = useRef<HTMLDivElement>(null);
  const mapHost = useRef<HTMLDivElement>(null);
  const map = useReplayMap(mapHost);

  useDialogFocus(root);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    // The task detail under this screen closes on Esc too: the key stops here.
    event.stopPropagation();
    onClose();
  };

  return (
    <div
      ref={root}
      className="case-replay"
      role="dialog"
      aria-modal="true"
      aria-label={t('caseReplay.title', { taskId })}
      data-testid="case-replay"
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onBlur={keepFocusInside}
    >
      <header className="case-replay__header">
        <h2 className="case-replay__title">{t('caseReplay.title', { taskId })}</h2>
        <button type="button" className="button" data-testid="case-replay-close" title={t('caseReplay.closeHint')} onClick={onClose}>
          {t('caseReplay.close')}
        </button>
      </header>
      <div className="case-replay__body">
        <div className="case-replay__map" aria-label={t('caseReplay.map')} role="region" data-map-state={map.kind}>
          {/* The engine owns this element's children; the note is its sibling. */}
          <div className="case-replay__engine" ref={mapHost} />
          {map.kind === 'failed' && (
            <p className="case-replay__map-note" role="alert">
              {t('caseReplay.mapFailed', { reason: map.reason })}
            </p>
          )}
        </div>
        <CaseReplayPanel taskId={taskId} cargoId={cargoId} canvas={map.kind === 'ready' ? map.view : null} />
      </div>
    </div>
  );
}
