import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallError } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { saveFile } from '../../save-file.js';
import { useLatestAnswer } from './use-latest-answer.js';

/**
 * Results parked for another single window (made for a gateway or operator that is no longer the
 * configured one): kept, never sent here, sent again only if the console is pointed back at their
 * gateway. The admin can save them as JSON to hand over.
 */
export function ParkedPanel({ refreshKey }: { refreshKey: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const headingId = useId();
  const load = useCallback(() => client.call('results:list', { view: 'parked' }), [client]);
  const { value, error } = useLatestAnswer(load, refreshKey);
  const [exportError, setExportError] = useState<CallError | null>(null);

  const exportJson = useCallback(() => {
    setExportError(null);
    void client.call('results:exportParked', {}).then((answer) => {
      if (!answer.ok) {
        setExportError(answer.error);
        return;
      }
      saveFile(`parked-results-${answer.value.exportedAt.replace(/[:.]/g, '-')}.json`, `${JSON.stringify(answer.value, null, 2)}\n`, 'application/json');
    });
  }, [client]);

  if (error) {
    return (
      <p className="sync-section__error" role="alert" data-testid="parked-load-error" title={`${error.code}: ${error.message}`}>
        {t('sync.parked.loadFailed')} {t(`callErrors.${error.code}`)}
      </p>
    );
  }
  const results = value?.results ?? [];
  if (results.length === 0) return null;
  return (
    <section className="flags-banner" role="region" aria-labelledby={headingId} data-testid="parked-list">
      <h2 id={headingId} className="flags-banner__title">
        {t('sync.parked.title', { count: results.length })}
      </h2>
      <p>{t('sync.parked.explain')}</p>
      <ul>
        {results.map((result) => (
          <li key={result.resultId} className="flags-banner__row" data-testid="parked-row" data-result-id={result.resultId}>
            <span className="attention-row__task">{result.taskId}</span>
            <span className="tag">{t(`sync.resultState.${result.state}`)}</span>
            <span className="flags-banner__reason" title={result.resultId}>
              {result.gateway}
            </span>
          </li>
        ))}
      </ul>
      <button type="button" className="button button--secondary" data-testid="parked-export" onClick={exportJson}>
        {t('sync.parked.export')}
      </button>
      {exportError && (
        <span className="sync-section__error" role="alert" data-testid="parked-export-error" title={`${exportError.code}: ${exportError.message}`}>
          {t('sync.parked.exportFailed')}
        </span>
      )}
    </section>
  );
}
