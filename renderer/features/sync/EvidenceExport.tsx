import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallError, MethodOutput } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';

type ExportState =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; bundle: MethodOutput<'results:exportEvidence'> }
  | { kind: 'failed'; error: CallError };

/**
 * Exports a submitted result's evidence bundle (results:exportEvidence). The core writes the file
 * into the data folder and answers where and its sha256: shown in full, since whoever receives the
 * bundle checks it against that hash with `npm run evidence:verify`.
 */
export function EvidenceExport({ resultId }: { resultId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const run = () => {
    setState({ kind: 'busy' });
    void client.call('results:exportEvidence', { resultId }).then((answer) => {
      setState(answer.ok ? { kind: 'done', bundle: answer.value } : { kind: 'failed', error: answer.error });
    });
  };
  // The state's parts, worked out before the JSX (which holds only what is shown).
  const busy = state.kind === 'busy';
  const bundle = state.kind === 'done' ? state.bundle : null;
  const failure = state.kind === 'failed' ? state.error : null;
  return (
    <div className="evidence-export">
      <button type="button" className="button button--secondary" data-testid="evidence-export" disabled={busy} onClick={run}>
        {busy ? t('sync.attention.exportingEvidence') : t('sync.attention.exportEvidence')}
      </button>
      {bundle && (
        <p className="evidence-export__done" role="status" data-testid="evidence-exported">
          {t('sync.attention.evidenceExported', { path: bundle.path, sha256: bundle.sha256 })}
        </p>
      )}
      {failure && (
        <p className="attention-row__failure" role="alert" data-testid="evidence-export-error">
          {t(`callErrors.${failure.code}`)}
          {/* The core's refusal says what is wrong with this result (not submitted, a photo missing), in both languages. */}
          {failure.message !== '' && <span className="evidence-export__reason">{failure.message}</span>}
        </p>
      )}
    </div>
  );
}
