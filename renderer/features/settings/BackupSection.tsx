import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupSettings } from '../../../shared/contract/index.js';
import { useTimeFormatters } from '../sync/time-format.js';
import { useBackups, type BackupOutcome } from './use-backups.js';

/**
 * Backups (admins only; the core refuses anyone else): the folder, how many to keep, daily or not,
 * the last backup's outcome, "back up now" and the backups in the folder. Restoring is done with
 * the console stopped (`npm run backup -- restore`, README): a running console cannot replace its
 * own open database.
 */
export function BackupSection() {
  const { t } = useTranslation();
  const state = useBackups();
  const time = useTimeFormatters().full;
  return (
    <section className="backups" aria-label={t('backup.title')} data-testid="backup-section">
      <h2>{t('backup.title')}</h2>
      {state.loadError && (
        <p className="sync-section__error" role="alert" title={`${state.loadError.code}: ${state.loadError.message}`}>
          {t(`callErrors.${state.loadError.code}`)}
        </p>
      )}
      {state.settings && <BackupForm key={JSON.stringify(state.settings)} settings={state.settings} busy={state.busy !== null} onSave={state.configure} />}
      {state.settings && (
        <p className="backups__last" data-testid="backup-last" data-ok={state.settings.last?.ok ?? ''}>
          {state.settings.last === null
            ? t('backup.never')
            : state.settings.last.ok
              ? t('backup.lastOk', { at: time(state.settings.last.at), folder: state.settings.last.folder ?? '' })
              : t('backup.lastFailed', { at: time(state.settings.last.at), reason: state.settings.last.error ?? '' })}
          {state.settings.nextDailyAt && <> {t('backup.nextDaily', { at: time(state.settings.nextDailyAt) })}</>}
        </p>
      )}
      <button type="button" className="button" data-testid="backup-now" disabled={state.busy !== null || state.settings?.folder === null} onClick={state.backUpNow}>
        {state.busy === 'backing_up' ? t('backup.running') : t('backup.now')}
      </button>
      <Outcome outcome={state.outcome} />
      <h3>{t('backup.listTitle')}</h3>
      {state.backups.length === 0 ? (
        <p className="sync-section__message" data-testid="backup-list-empty">
          {t('backup.listEmpty')}
        </p>
      ) : (
        <ul className="backups__list" data-testid="backup-list">
          {state.backups.map((backup) => (
            <li key={backup.name}>
              <code>{backup.name}</code> {backup.createdAt ? time(backup.createdAt) : t('backup.unreadable')} {backup.appVersion && t('backup.appVersion', { version: backup.appVersion })}
            </li>
          ))}
        </ul>
      )}
      <p className="sync-section__message">{t('backup.restoreHint')}</p>
    </section>
  );
}

function BackupForm({ settings, busy, onSave }: { settings: BackupSettings; busy: boolean; onSave: (input: { folder: string; keep: number; daily: boolean }) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [folder, setFolder] = useState(settings.folder ?? '');
  const [keep, setKeep] = useState(String(settings.keep));
  const [daily, setDaily] = useState(settings.daily);
  return (
    <form
      className="backups__form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSave({ folder: folder.trim(), keep: Number(keep), daily });
      }}
    >
      <label className="field" htmlFor={`${id}-folder`}>
        <span className="field__label">{t('backup.folder')}</span>
        <input id={`${id}-folder`} className="text-input" data-testid="backup-folder" value={folder} maxLength={500} placeholder={t('backup.folderPlaceholder')} spellCheck={false} onChange={(event) => setFolder(event.target.value)} />
      </label>
      <label className="field" htmlFor={`${id}-keep`}>
        <span className="field__label">{t('backup.keep')}</span>
        <input id={`${id}-keep`} className="text-input" type="number" min={1} max={365} data-testid="backup-keep" value={keep} onChange={(event) => setKeep(event.target.value)} />
      </label>
      <label className="field field--inline" htmlFor={`${id}-daily`}>
        <input id={`${id}-daily`} type="checkbox" data-testid="backup-daily" checked={daily} onChange={(event) => setDaily(event.target.checked)} /> <span>{t('backup.daily')}</span>
      </label>
      <button type="submit" className="button button--secondary" data-testid="backup-save" disabled={busy}>
        {t('backup.save')}
      </button>
    </form>
  );
}

function Outcome({ outcome }: { outcome: BackupOutcome | null }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  if (!outcome.ok) {
    return (
      <p className="settings-result__failed" role="alert" data-testid="backup-outcome" data-outcome="failed" data-code={outcome.error.code}>
        {t('backup.failed', { reason: `${t(`callErrors.${outcome.error.code}`)} ${outcome.error.message}` })}
      </p>
    );
  }
  return (
    <p className="settings-result__ok" role="status" data-testid="backup-outcome" data-outcome="ok">
      {'done' in outcome ? t('backup.done', { folder: outcome.done.folder, files: outcome.done.files, megabytes: (outcome.done.bytes / 1_048_576).toFixed(1) }) : t('backup.saved')}
    </p>
  );
}
