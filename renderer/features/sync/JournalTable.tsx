import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { journalOutcomes } from '../../../shared/contract/index.js';
import { journalDetail } from './journal-text.js';
import { useTimeFormatters } from './time-format.js';
import { useJournal, type JournalFilter, type JournalOutcome } from './use-journal.js';

/** Typing in the call filter pauses this long before the journal is asked again. */
export const CALL_FILTER_DEBOUNCE_MS = 250;
const MAX_CALL_FILTER = 64;

function outcomeOf(raw: string): JournalOutcome | null {
  return journalOutcomes.find((outcome) => outcome === raw) ?? null;
}

/** The sync journal an admin reads when something is stuck: every gateway call, newest first. */
export function JournalTable() {
  const { t } = useTranslation();
  const { full } = useTimeFormatters();
  const id = useId();
  const [filter, setFilter] = useState<JournalFilter>({ outcome: null, call: '' });
  const [callDraft, setCallDraft] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const journal = useJournal(filter);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  const scheduleCall = (text: string): void => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      setFilter((previous) => (previous.call === text.trim() ? previous : { ...previous, call: text.trim() }));
    }, CALL_FILTER_DEBOUNCE_MS);
  };

  return (
    <section className="sync-section" aria-labelledby={`${id}-title`}>
      <div className="sync-section__head">
        <h2 id={`${id}-title`}>{t('sync.journal.title')}</h2>
        <button type="button" className="button button--secondary" data-testid="journal-refresh" onClick={journal.refresh}>
          {t('sync.refresh')}
        </button>
      </div>
      <div className="journal-filters">
        <label className="field" htmlFor={`${id}-outcome`}>
          <span className="field__label">{t('sync.journal.filterOutcome')}</span>
          <select
            id={`${id}-outcome`}
            data-testid="journal-filter-outcome"
            value={filter.outcome ?? ''}
            onChange={(event) => {
              const outcome = outcomeOf(event.target.value);
              setFilter((previous) => ({ ...previous, outcome }));
            }}
          >
            <option value="">{t('sync.journal.anyOutcome')}</option>
            {journalOutcomes.map((outcome) => (
              <option key={outcome} value={outcome}>
                {t(`sync.outcome.${outcome}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={`${id}-call`}>
          <span className="field__label">{t('sync.journal.filterCall')}</span>
          <input
            id={`${id}-call`}
            type="search"
            className="search-input"
            data-testid="journal-filter-call"
            value={callDraft}
            maxLength={MAX_CALL_FILTER}
            placeholder={t('sync.journal.filterCallPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => {
              setCallDraft(event.target.value);
              scheduleCall(event.target.value);
            }}
          />
        </label>
      </div>
      {journal.error && (
        <p className="sync-section__error" role="alert" data-testid="journal-error" title={`${journal.error.code}: ${journal.error.message}`}>
          {t('sync.journal.loadFailed')} {t(`callErrors.${journal.error.code}`)}
        </p>
      )}
      {/* Focusable, so a keyboard reaches the columns that overflow to the right (arrow keys scroll it). */}
      <div className="journal-scroll" role="region" tabIndex={0} aria-label={t('sync.journal.tableLabel')} data-testid="journal-scroll">
        <table className="journal" data-testid="journal-table" aria-label={t('sync.journal.tableLabel')} aria-busy={journal.loading}>
          <thead>
            <tr>
              <th scope="col">{t('sync.journal.time')}</th>
              <th scope="col">{t('sync.journal.call')}</th>
              <th scope="col">{t('sync.journal.outcome')}</th>
              <th scope="col">{t('sync.journal.status')}</th>
              <th scope="col">{t('sync.journal.duration')}</th>
              <th scope="col">{t('sync.journal.detail')}</th>
            </tr>
          </thead>
          <tbody className={journal.loading ? 'is-stale' : undefined}>
            {journal.entries.map((entry) => (
              <tr key={entry.id} className="journal-row" data-testid="journal-row" data-entry-id={entry.id} data-outcome={entry.outcome}>
                <td className="journal__time">
                  <time dateTime={entry.at}>{full(entry.at)}</time>
                </td>
                <td className="journal__call">{entry.call}</td>
                <td>
                  <span className={`outcome outcome--${entry.outcome}`}>{t(`sync.outcome.${entry.outcome}`)}</span>
                </td>
                <td className="journal__number">{entry.status ?? '—'}</td>
                <td className="journal__number">{t('sync.journal.durationMs', { ms: entry.durationMs })}</td>
                <td className="journal__detail">{journalDetail(t, entry)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!journal.loading && journal.entries.length === 0 && !journal.error && (
        <p className="sync-section__message" data-testid="journal-empty">
          {t('sync.journal.empty')}
        </p>
      )}
      {journal.loading ? (
        <p className="sync-section__message">{t('sync.loading')}</p>
      ) : journal.hasMore ? (
        <button type="button" className="button button--secondary" data-testid="journal-load-older" disabled={journal.loadingOlder} onClick={journal.loadOlder}>
          {journal.loadingOlder ? t('sync.loading') : t('sync.journal.loadOlder')}
        </button>
      ) : (
        journal.entries.length > 0 && (
          <p className="sync-section__message" data-testid="journal-no-older">
            {t('sync.journal.noOlder')}
          </p>
        )
      )}
    </section>
  );
}
