import { useTranslation } from 'react-i18next';
import { useHasRole } from '../session/session-context.js';
import { useNow } from './relative-time.js';
import { useTimeFormatters } from './time-format.js';
import type { SyncStatusState } from './use-sync-status.js';

const TRAINING = 'training';

/** How often "3 minutes ago" is recomputed. */
const TICK_MS = 30_000;

interface Props {
  sync: SyncStatusState;
  /** Conflicts and notices are handled on the sync screen. */
  onOpenSync: () => void;
  /** Assignments in conflict or rejected are dispatched again on the Dispatch screen. */
  onOpenDispatch: () => void;
}

/**
 * Always visible under the header (ARCHITECTURE.md "Sync: Status"): online or offline, signed in,
 * last successful sync, results waiting, conflicts, notices, and a button to sync now; for a
 * supervisor, the assignments waiting and those to dispatch again (only they dispatch).
 */
export function SyncStatusStrip({ sync, onOpenSync, onOpenDispatch }: Props) {
  const { t } = useTranslation();
  const supervisor = useHasRole('supervisor');
  const { full, ago } = useTimeFormatters();
  const tick = useNow(TICK_MS);
  const { status, error, requesting, syncNowError } = sync;
  const now = Math.max(tick, sync.receivedAt);

  const syncNow = (
    <button
      type="button"
      className="button button--small"
      data-testid="sync-now"
      disabled={requesting || status?.pulling === true || status?.pushing === true}
      onClick={sync.syncNow}
    >
      {t('syncStatus.syncNow')}
    </button>
  );

  if (status === null) {
    return (
      <div className="sync-strip" role="region" aria-label={t('syncStatus.label')}>
        <span className="sync-strip__item" data-testid="sync-status" role="status" title={error ? `${error.code}: ${error.message}` : undefined}>
          {error ? t('syncStatus.unavailable') : t('syncStatus.loading')}
        </span>
        {syncNow}
      </div>
    );
  }

  const training = status.mode === TRAINING;
  const assignments = status.assignments;
  const toDispatchAgain = assignments.conflict + assignments.rejected;
  const lastSuccess = status.lastSuccessAt === null ? null : ago(status.lastSuccessAt, now);
  return (
    <div className="sync-strip" role="region" aria-label={t('syncStatus.label')}>
      <span
        className={`sync-strip__item sync-strip__online sync-strip__online--${status.online ? 'on' : 'off'}`}
        data-testid="sync-status"
        data-online={String(status.online)}
        role="status"
      >
        <span className="sync-strip__dot" aria-hidden="true" />
        {status.online ? t('syncStatus.online') : t('syncStatus.offline')}
      </span>
      {training && (
        <span className="tag" data-testid="sync-mode">
          {t('syncStatus.training')}
        </span>
      )}
      <span className="sync-strip__item" data-testid="sync-signed-in" data-signed-in={String(status.signedIn)}>
        {status.signedIn ? t('syncStatus.signedIn') : t('syncStatus.signedOut')}
      </span>
      <span className="sync-strip__item" data-testid="sync-last-success" title={status.lastSuccessAt === null ? undefined : full(status.lastSuccessAt)}>
        {t('syncStatus.lastSuccess', { time: lastSuccess ?? t('syncStatus.never') })}
      </span>
      {(status.pulling || status.pushing) && (
        <span className="sync-strip__item sync-strip__busy" data-testid="sync-busy">
          {t('syncStatus.syncing')}
        </span>
      )}
      <span className="sync-strip__item" data-testid="sync-waiting" data-count={status.resultsWaiting}>
        {t('syncStatus.waiting', { count: status.resultsWaiting })}
      </span>
      <button
        type="button"
        className={`sync-strip__link${status.conflicts > 0 ? ' is-alert' : ''}`}
        data-testid="sync-conflicts"
        data-count={status.conflicts}
        onClick={onOpenSync}
      >
        {t('syncStatus.conflicts', { count: status.conflicts })}
      </button>
      <button
        type="button"
        className={`sync-strip__link${status.flags > 0 ? ' is-warn' : ''}`}
        data-testid="sync-flags"
        data-count={status.flags}
        onClick={onOpenSync}
      >
        {t('syncStatus.flags', { count: status.flags })}
      </button>
      {supervisor && assignments.queued > 0 && (
        <span className="sync-strip__item" data-testid="sync-assignments-waiting" data-count={assignments.queued}>
          {t('syncStatus.assignmentsWaiting', { count: assignments.queued })}
        </span>
      )}
      {supervisor && toDispatchAgain > 0 && (
        <button
          type="button"
          className="sync-strip__link is-alert"
          data-testid="sync-assignments-attention"
          data-count={toDispatchAgain}
          title={t('syncStatus.assignmentsAttentionTitle', { conflict: assignments.conflict, rejected: assignments.rejected })}
          onClick={onOpenDispatch}
        >
          {t('syncStatus.assignmentsAttention', { count: toDispatchAgain })}
        </button>
      )}
      {status.paused !== null && (
        <span className="sync-strip__item sync-strip__error" role="alert" data-testid="sync-paused" data-paused={status.paused}>
          {t('syncStatus.pausedCredentials')}
        </span>
      )}
      {status.resultsParked > 0 && (
        <button type="button" className="sync-strip__link is-warn" data-testid="sync-parked" data-count={status.resultsParked} onClick={onOpenSync}>
          {t('syncStatus.parked', { count: status.resultsParked })}
        </button>
      )}
      {status.lastError && (
        <span className="sync-strip__item sync-strip__error" data-testid="sync-last-error" title={`${status.lastError.code}: ${status.lastError.message}`}>
          {t('syncStatus.lastError')}
        </span>
      )}
      <span className="sync-strip__spacer" />
      {syncNowError && (
        <span className="sync-strip__error" role="alert" data-testid="sync-now-error" title={`${syncNowError.code}: ${syncNowError.message}`}>
          {t('syncStatus.syncNowFailed')}
        </span>
      )}
      {syncNow}
    </div>
  );
}
