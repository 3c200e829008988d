import { useTranslation } from 'react-i18next';
import { useFormatters } from './format.js';
import type { CountState } from './task-query.js';

export function TaskTotal({ count }: { count: CountState }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const total = count.status === 'failed' ? undefined : count.total;
  return (
    <p className="task-total" data-testid="task-total" aria-live="polite" aria-busy={count.status === 'loading'}>
      {total === undefined ? t('tasks.totalLoading') : t('tasks.total', { count: total, total: number(total) })}
    </p>
  );
}
