import { useTranslation } from 'react-i18next';
import type { CallError, ResultSummary } from '../../../shared/contract/index.js';
import { useOpenTask } from '../../shell/open-task.js';
import { useHasRole } from '../session/session-context.js';
import { EvidenceExport } from './EvidenceExport.js';
import { actionsFor, type ResolveAction } from './use-attention.js';

interface Props {
  result: ResultSummary;
  busy: boolean;
  error: CallError | null;
  confirmingWithdraw: boolean;
  onAction: (action: ResolveAction) => void;
  onAskWithdraw: () => void;
  onCancelWithdraw: () => void;
}

/** One result that needs the inspector: what happened, why, and what can be done about it. */
export function AttentionRow({ result, busy, error, confirmingWithdraw, onAction, onAskWithdraw, onCancelWithdraw }: Props) {
  const { t } = useTranslation();
  // Resolving is an officer's (results:resolve): hidden from an admin-only session, refused by the core anyway.
  const officer = useHasRole('inspector', 'supervisor');
  const openTask = useOpenTask();
  return (
    <li className={`attention-row attention-row--${result.state}`} data-testid="attention-row" data-result-id={result.resultId} data-state={result.state}>
      <div className="attention-row__head">
        <span className="attention-row__task">{result.taskId}</span>
        {/* A link, not an action on the result: it goes to the task, where the conflict is laid out field by field. */}
        {openTask && result.taskVersion !== null && (
          <a
            href={`#task-${result.taskId}`}
            className="attention-row__open"
            data-testid="attention-open-task"
            title={t('conflict.openTaskHint')}
            onClick={(event) => {
              event.preventDefault();
              openTask(result.taskId);
            }}
          >
            {t('conflict.openTask')}
          </a>
        )}
        <span className={`tag tag--state-${result.state}`} data-testid="attention-state">
          {t(`sync.resultState.${result.state}`)}
        </span>
        <span className="attention-row__versions" data-testid="attention-versions">
          {result.taskVersion === null
            ? t('sync.attention.versionsNoTask', { base: result.baseVersion })
            : t('sync.attention.versions', { task: result.taskVersion, base: result.baseVersion })}
        </span>
      </div>
      {result.lastError !== null && (
        <p className="attention-row__error" data-testid="attention-error">
          {result.lastError}
        </p>
      )}
      {result.fieldErrors.length > 0 && (
        <div className="attention-row__fields">
          <span className="field__label">{t('sync.attention.fieldErrors')}</span>
          <ul data-testid="attention-field-errors">
            {result.fieldErrors.map((field) => (
              <li key={`${field.path}\u0000${field.message}`}>
                <code>{field.path}</code> {field.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {confirmingWithdraw ? (
        <div className="attention-row__confirm" role="alertdialog" aria-label={t('sync.action.withdraw')}>
          <p>{t('sync.attention.withdrawQuestion')}</p>
          <button type="button" className="button button--danger" data-testid="attention-withdraw-confirm" disabled={busy} onClick={() => { onAction('withdraw'); }}>
            {t('sync.attention.withdrawConfirm')}
          </button>
          <button type="button" className="button button--secondary" data-testid="attention-withdraw-cancel" onClick={onCancelWithdraw}>
            {t('sync.attention.withdrawCancel')}
          </button>
        </div>
      ) : officer ? (
        <div className="attention-row__actions">
          {actionsFor(result).map((action) => (
            <button
              key={action}
              type="button"
              className={`button ${action === 'withdraw' ? 'button--secondary' : ''}`}
              data-testid={`attention-${action}`}
              disabled={busy}
              onClick={() => {
                if (action === 'withdraw') onAskWithdraw();
                else onAction(action);
              }}
            >
              {t(`sync.action.${action}`)}
            </button>
          ))}
          <EvidenceExport resultId={result.resultId} />
        </div>
      ) : null}
      {error && (
        <p className="attention-row__failure" role="alert" data-testid="attention-action-error" title={error.message}>
          {t(`callErrors.${error.code}`)}
        </p>
      )}
    </li>
  );
}
