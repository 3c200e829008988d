import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallError, KpiFilters } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { currentLanguage } from '../../i18n/index.js';
import { saveFile } from '../../save-file.js';

/**
 * Saves the figures shown as CSV (kpi:exportCsv): the core writes the table, headers in the UI's
 * language, with the byte order mark Excel needs to read Chinese; the page saves it as a file.
 */
export function KpiCsvExport({ filters }: { filters: KpiFilters | null }) {
  const { t } = useTranslation();
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CallError | null>(null);
  const run = (chosen: KpiFilters): void => {
    setBusy(true);
    setError(null);
    void client.call('kpi:exportCsv', { ...chosen, language: currentLanguage() }).then((answer) => {
      setBusy(false);
      if (answer.ok) saveFile(answer.value.fileName, answer.value.csv, 'text/csv;charset=utf-8');
      else setError(answer.error);
    });
  };
  return (
    <div className="kpi-export">
      <button
        type="button"
        className="button button--secondary"
        data-testid="kpi-export"
        disabled={busy || filters === null}
        onClick={() => {
          if (filters !== null) run(filters);
        }}
      >
        {busy ? t('kpi.export.busy') : t('kpi.export.button')}
      </button>
      {error && (
        <span className="sync-section__error" role="alert" data-testid="kpi-export-error" title={`${error.code}: ${error.message}`}>
          {t('kpi.export.failed')} {t(`callErrors.${error.code}`)}
        </span>
      )}
    </div>
  );
}
