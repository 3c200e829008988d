import { useCallback, useEffect, useState } from 'react';
import type { BackupSettings, CallError, MethodInput, MethodOutput } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';

export type BackupOutcome = { ok: true; saved: true } | { ok: true; done: MethodOutput<'backup:now'> } | { ok: false; error: CallError };

export interface BackupsState {
  settings: BackupSettings | null;
  backups: MethodOutput<'backup:list'>['backups'];
  loadError: CallError | null;
  busy: 'saving' | 'backing_up' | null;
  outcome: BackupOutcome | null;
  configure: (input: MethodInput<'backup:configure'>) => void;
  backUpNow: () => void;
}

/** The admin's backup settings, the backups in the folder, and the two actions; every answer reloads both. */
export function useBackups(): BackupsState {
  const client = useClient();
  const [settings, setSettings] = useState<BackupSettings | null>(null);
  const [backups, setBackups] = useState<BackupsState['backups']>([]);
  const [loadError, setLoadError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState<BackupsState['busy']>(null);
  const [outcome, setOutcome] = useState<BackupOutcome | null>(null);

  const reload = useCallback(() => {
    void Promise.all([client.call('backup:settings', {}), client.call('backup:list', {})]).then(([loaded, listed]) => {
      if (loaded.ok) setSettings(loaded.value);
      if (listed.ok) setBackups(listed.value.backups);
      const failed = !loaded.ok ? loaded.error : !listed.ok ? listed.error : null;
      setLoadError(failed);
    });
  }, [client]);
  useEffect(reload, [reload]);

  return {
    settings,
    backups,
    loadError,
    busy,
    outcome,
    configure: (input) => {
      setBusy('saving');
      void client.call('backup:configure', input).then((result) => {
        setBusy(null);
        setOutcome(result.ok ? { ok: true, saved: true } : { ok: false, error: result.error });
        reload();
      });
    },
    backUpNow: () => {
      setBusy('backing_up');
      void client.call('backup:now', {}).then((result) => {
        setBusy(null);
        setOutcome(result.ok ? { ok: true, done: result.value } : { ok: false, error: result.error });
        reload();
      });
    },
  };
}
