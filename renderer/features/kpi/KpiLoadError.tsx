import { useTranslation } from 'react-i18next';
import type { CallError } from '../../../shared/contract/index.js';

/** The core's refusal of the KPIs, in the reader's words, its code and message on hover for the admin. */
export function KpiLoadError({ error }: { error: CallError }) {
  const { t } = useTranslation();
  return (
    <p className="sync-section__error" role="alert" data-testid="kpi-load-error" title={`${error.code}: ${error.message}`}>
      {t('kpi.loadFailed')} {t(`callErrors.${error.code}`)}
    </p>
  );
}
