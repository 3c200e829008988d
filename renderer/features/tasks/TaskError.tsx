import { useTranslation } from 'react-i18next';
import type { CallError } from '../../../shared/contract/index.js';

/** A failed call, in words the inspector can act on, with a retry. No crash, no raw stack. */
export function TaskError({ error, onRetry }: { error: CallError; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="task-error" data-testid="task-error" data-code={error.code}>
      <div className="task-error__text">
        <p className="task-error__title">{t('errors.title')}</p>
        <p>{t(`errors.${error.code}`)}</p>
        <details className="task-error__details">
          <summary>{t('errors.details')}</summary>
          <code>
            {error.code}: {error.message}
          </code>
        </details>
      </div>
      <button type="button" className="button" data-testid="task-retry" onClick={onRetry}>
        {t('errors.retry')}
      </button>
    </div>
  );
}
