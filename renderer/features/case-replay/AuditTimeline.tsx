import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useTimeFormatters } from '../sync/time-format.js';
import type { EntryState, TimelineEntry } from './case-timeline.js';
import { actionText, actorText, detailText } from './entry-text.js';

interface Props {
  entries: readonly TimelineEntry[];
  /** One per entry, at the slider's time (case-timeline.ts entryStates). */
  states: readonly EntryState[];
  /** An entry picked: the slider goes to its time. */
  onPick: (atMs: number) => void;
}

/**
 * The task's audit entries in chain order, those up to the slider's time marked as passed and the
 * latest of them as current, kept in view as the slider moves. Each entry is a button that moves
 * the slider to its time.
 */
export function AuditTimeline({ entries, states, onPick }: Props) {
  const { t } = useTranslation();
  const times = useTimeFormatters();
  const current = useRef<HTMLLIElement>(null);
  const currentSeq = entries[states.indexOf('current')]?.seq ?? null;

  useEffect(() => {
    if (currentSeq !== null) current.current?.scrollIntoView({ block: 'nearest' });
  }, [currentSeq]);

  return (
    <ol className="case-timeline" aria-label={t('caseReplay.timeline')} data-testid="case-timeline">
      {entries.map((entry, index) => {
        const state = states[index] ?? 'future';
        return (
          <li
            key={entry.seq}
            ref={state === 'current' ? current : undefined}
            className={`case-timeline__entry case-timeline__entry--${state}`}
            data-testid="case-entry"
            data-seq={entry.seq}
            data-state={state}
          >
            <button
              type="button"
              className="case-timeline__button"
              aria-current={state === 'current' ? 'step' : undefined}
              disabled={!Number.isFinite(entry.atMs)}
              onClick={() => onPick(entry.atMs)}
            >
              <time className="case-timeline__time" dateTime={entry.at}>
                {times.full(entry.at)}
              </time>
              <strong className="case-timeline__action">{actionText(t, entry.action)}</strong>
              <span className="case-timeline__actor">{actorText(t, entry)}</span>
              {entry.details.length > 0 && <span className="case-timeline__details">{entry.details.map((detail) => detailText(t, detail)).join(' · ')}</span>}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
