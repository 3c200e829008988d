import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useTimeFormatters } from './time-format.js';
import { useFlags } from './use-flags.js';

/** A banner listing tasks that were cancelled or reassigned while being worked on; each acknowledged once read. */
export function FlagsPanel({ refreshKey }: { refreshKey: string }) {
  const { t } = useTranslation();
  const { full } = useTimeFormatters();
  const headingId = useId();
  const { flags, error, acknowledge } = useFlags(refreshKey);

  if (error) {
    return (
      <p className="sync-section__error" role="alert" data-testid="flags-load-error" title={`${error.code}: ${error.message}`}>
        {t('sync.flags.loadFailed')} {t(`callErrors.${error.code}`)}
      </p>
    );
  }
  if (flags === null || flags.length === 0) return null;
  return (
    <section className="flags-banner" role="region" aria-labelledby={headingId} data-testid="flags-list">
      <h2 id={headingId} className="flags-banner__title">
        {t('sync.flags.banner', { count: flags.length })}
      </h2>
      <ul>
        {flags.map((flag) => (
          <li key={`${flag.taskId}/${flag.kind}`} className="flags-banner__row" data-testid="flag-row" data-task-id={flag.taskId} data-kind={flag.kind}>
            <span className="attention-row__task">{flag.taskId}</span>
            <span className="tag">{t(`sync.flags.kind.${flag.kind}`)}</span>
            <span className="flags-banner__reason">{flag.reason}</span>
            <time dateTime={flag.at}>{full(flag.at)}</time>
            <button
              type="button"
              className="button button--secondary"
              data-testid="flag-ack"
              onClick={() => {
                acknowledge(flag);
              }}
            >
              {t('sync.flags.acknowledge')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
