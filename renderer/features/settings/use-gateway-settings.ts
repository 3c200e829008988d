import { useCallback, useEffect, useState } from 'react';
import type { CallError, GatewaySettings, MethodInput, MethodOutput } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';

export type ConnectionTest = MethodOutput<'settings:testConnection'>;

/** What the last action left to show under the form. */
export type SettingsOutcome =
  | { kind: 'tested'; test: ConnectionTest }
  | { kind: 'saved'; settings: GatewaySettings }
  | { kind: 'failed'; error: CallError };

export interface GatewaySettingsState {
  settings: GatewaySettings | null;
  loadError: CallError | null;
  /** A settings call answered `forbidden`: the account is not an admin. */
  forbidden: boolean;
  busy: 'test' | 'save' | null;
  outcome: SettingsOutcome | null;
  test: (input: MethodInput<'settings:testConnection'>) => void;
  save: (input: MethodInput<'settings:setGateway'>) => void;
  /** Shows a result computed in the form (a field the admin must fill first). */
  clearOutcome: () => void;
}

/** settings:getGateway on load, then test and save. The password never comes back from the core. */
export function useGatewaySettings(): GatewaySettingsState {
  const client = useClient();
  const [settings, setSettings] = useState<GatewaySettings | null>(null);
  const [loadError, setLoadError] = useState<CallError | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [busy, setBusy] = useState<GatewaySettingsState['busy']>(null);
  const [outcome, setOutcome] = useState<SettingsOutcome | null>(null);

  useEffect(() => {
    void client.call('settings:getGateway', {}).then((result) => {
      if (result.ok) {
        setSettings(result.value);
        setLoadError(null);
      } else {
        setLoadError(result.error);
        if (result.error.code === 'forbidden') setForbidden(true);
      }
    });
  }, [client]);

  const failed = useCallback((error: CallError) => {
    if (error.code === 'forbidden') setForbidden(true);
    setOutcome({ kind: 'failed', error });
  }, []);

  const test = useCallback(
    (input: MethodInput<'settings:testConnection'>) => {
      setBusy('test');
      setOutcome(null);
      void client.call('settings:testConnection', input).then((result) => {
        setBusy(null);
        if (result.ok) setOutcome({ kind: 'tested', test: result.value });
        else failed(result.error);
      });
    },
    [client, failed],
  );

  const save = useCallback(
    (input: MethodInput<'settings:setGateway'>) => {
      setBusy('save');
      setOutcome(null);
      void client.call('settings:setGateway', input).then((result) => {
        setBusy(null);
        if (result.ok) {
          setSettings(result.value);
          setOutcome({ kind: 'saved', settings: result.value });
        } else {
          failed(result.error);
        }
      });
    },
    [client, failed],
  );

  const clearOutcome = useCallback(() => {
    setOutcome(null);
  }, []);

  return { settings, loadError, forbidden, busy, outcome, test, save, clearOutcome };
}
