import { useTranslation } from 'react-i18next';
import { useConnection } from '../api-context.js';

export function ConnectionIndicator() {
  const { t } = useTranslation();
  const state = useConnection();
  return (
    <span
      className={`connection connection--${state}`}
      data-testid="connection"
      data-state={state}
      role="status"
      title={t('connection.label')}
    >
      <span className="connection__dot" aria-hidden="true" />
      {t(`connection.${state}`)}
    </span>
  );
}
