import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskConflict } from '../../../shared/contract/conflict.js';
import { ConflictResult } from './ConflictResult.js';
import { ConflictVersions } from './ConflictVersions.js';
import { useDetailFormatters } from './detail-format.js';
import { useTaskConflict, type ConflictAction, type TaskConflictState } from './use-task-conflict.js';

interface Props {
  taskId: string;
  /** After a successful edit: the result is the task's open inspection again; the detail opens it. */
  onEdit: () => void;
}

/**
 * At the top of the task detail when the single window refused the task's result (409 conflict or
 * 422 rejected): what happened in words, the task it was based on beside the task now, the result
 * as sent with the field errors on their parts, and re-base (409 only), edit or withdraw through
 * results:resolve. Nothing is lost: a withdrawn result stays on record. Gone once resolved.
 */
export function ConflictPanel({ taskId, onEdit }: Props) {
  const { t } = useTranslation();
  const state = useTaskConflict(taskId);
  if (state.loadError) {
    return (
      <div className="conflict-panel conflict-panel--failed" role="alert" data-testid="conflict-load-error" title={state.loadError.message}>
        <p>
          {t('conflict.loadFailed')} {t(`callErrors.${state.loadError.code}`)}
        </p>
        <button type="button" className="button button--secondary" onClick={state.reload}>
          {t('conflict.retry')}
        </button>
      </div>
    );
  }
  // Keyed by result: a confirmation asked about one result never carries over to the next.
  return state.conflict && <ConflictBody key={state.conflict.resultId} conflict={state.conflict} state={state} onEdit={onEdit} />;
}

function ConflictBody({ conflict, state, onEdit }: { conflict: TaskConflict; state: TaskConflictState; onEdit: () => void }) {
  const { t } = useTranslation();
  const formatters = useDetailFormatters();
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const withdrawRef = useRef<HTMLButtonElement>(null);
  /** The question was answered "cancel": the keyboard goes back to the withdraw button once it is rendered again. */
  const backToWithdraw = useRef(false);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (backToWithdraw.current) withdrawRef.current?.focus();
    backToWithdraw.current = false;
  }, [confirming]);

  const act = (action: ConflictAction): void => {
    setConfirming(false);
    void state.resolve(action).then((ok) => {
      if (ok && action === 'edit') onEdit();
    });
  };
  const cancelWithdraw = (): void => {
    backToWithdraw.current = true;
    setConfirming(false);
  };
  // Esc in the question answers it with "cancel" and stays here, instead of closing the whole detail.
  const onQuestionKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    cancelWithdraw();
  };
  const actions: ConflictAction[] = conflict.state === 'conflict' && conflict.nowVersion !== null ? ['rebase', 'edit', 'withdraw'] : ['edit', 'withdraw'];

  return (
    <section
      className={`conflict-panel conflict-panel--${conflict.state}`}
      aria-labelledby={headingId}
      data-testid="conflict-panel"
      data-state={conflict.state}
      data-reason={conflict.reason}
      data-result-id={conflict.resultId}
    >
      <h3 id={headingId}>{t(`conflict.title.${conflict.state}`)}</h3>
      <p className="conflict-panel__reason" data-testid="conflict-reason">
        {t(`conflict.reason.${conflict.reason}`, { count: conflict.fieldErrors.length })}
      </p>
      {conflict.message !== null && (
        <p className="task-detail__muted" data-testid="conflict-message">
          {t('conflict.message', { message: conflict.message })}
        </p>
      )}
      <ConflictVersions conflict={conflict} formatters={formatters} />
      <ConflictResult conflict={conflict} />
      {confirming ? (
        <div className="conflict-panel__confirm" role="alertdialog" aria-label={t('sync.action.withdraw')} onKeyDown={onQuestionKeyDown}>
          <p>{t('conflict.withdrawQuestion')}</p>
          <button type="button" ref={confirmRef} className="button button--danger" data-testid="conflict-withdraw-confirm" disabled={state.busy} onClick={() => act('withdraw')}>
            {t('conflict.withdrawConfirm')}
          </button>
          <button type="button" className="button button--secondary" data-testid="conflict-withdraw-cancel" onClick={cancelWithdraw}>
            {t('conflict.withdrawCancel')}
          </button>
        </div>
      ) : (
        <div className="conflict-panel__actions" role="group" aria-label={t('conflict.actions')}>
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              ref={action === 'withdraw' ? withdrawRef : undefined}
              className={action === 'withdraw' ? 'button button--secondary' : 'button'}
              data-testid={`conflict-${action}`}
              disabled={state.busy}
              onClick={() => (action === 'withdraw' ? setConfirming(true) : act(action))}
            >
              {t(`sync.action.${action}`)}
            </button>
          ))}
          {state.busy && <span role="status">{t('conflict.working')}</span>}
        </div>
      )}
      {state.actionError && (
        <p className="conflict-panel__failure" role="alert" data-testid="conflict-action-error" title={state.actionError.message}>
          {t(`callErrors.${state.actionError.code}`)} {state.actionError.message}
        </p>
      )}
    </section>
  );
}
