import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttentionRow } from './AttentionRow.js';
import { useAttention } from './use-attention.js';

/** The results the inspector must resolve or withdraw; nothing leaves this list silently. */
export function AttentionList({ refreshKey }: { refreshKey: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const attention = useAttention(refreshKey);
  /** The row asking "withdraw?"; withdrawing keeps the result on record, but it is never sent. */
  const [confirming, setConfirming] = useState<string | null>(null);
  const { results, error, actionError } = attention;
  // A refused action reloads the list; when the result left it (withdrawn or delivered from another
  // window), the refusal is said here instead of vanishing with its row.
  const orphanedError = actionError && results && !results.some((result) => result.resultId === actionError.resultId) ? actionError : null;

  return (
    <section className="sync-section" aria-labelledby={headingId}>
      <div className="sync-section__head">
        <h2 id={headingId}>{t('sync.attention.title')}</h2>
        <button type="button" className="button button--secondary" data-testid="attention-refresh" onClick={attention.reload}>
          {t('sync.refresh')}
        </button>
      </div>
      {error && (
        <p className="sync-section__error" role="alert" data-testid="attention-load-error" title={`${error.code}: ${error.message}`}>
          {t('sync.attention.loadFailed')} {t(`callErrors.${error.code}`)}
        </p>
      )}
      {orphanedError && (
        <p className="attention-row__failure" role="alert" data-testid="attention-action-error" title={orphanedError.error.message}>
          {t('sync.attention.goneAfterRefusal', { resultId: orphanedError.resultId })} {t(`callErrors.${orphanedError.error.code}`)}
        </p>
      )}
      {results === null ? (
        !error && <p className="sync-section__message">{t('sync.loading')}</p>
      ) : (
        <>
          {results.length === 0 && (
            <p className="sync-section__message" data-testid="attention-empty">
              {t('sync.attention.empty')}
            </p>
          )}
          <ul className="attention-list" data-testid="attention-list" aria-label={t('sync.attention.listLabel')}>
            {results.map((result) => (
              <AttentionRow
                key={result.resultId}
                result={result}
                busy={attention.busyId === result.resultId}
                error={attention.actionError?.resultId === result.resultId ? attention.actionError.error : null}
                confirmingWithdraw={confirming === result.resultId}
                onAction={(action) => {
                  setConfirming(null);
                  attention.resolve(result.resultId, action);
                }}
                onAskWithdraw={() => {
                  setConfirming(result.resultId);
                }}
                onCancelWithdraw={() => {
                  setConfirming(null);
                }}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
