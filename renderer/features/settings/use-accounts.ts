import { useCallback, useEffect, useState } from 'react';
import type { Account, CallError, MethodInput, MethodName, MethodOutput, Result } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';

/** What the last action did, for the section's status line. */
export type AccountsOutcome = { ok: true; key: 'created' | 'updated' | 'passwordSet' | 'idleLockSaved'; values: Record<string, string | number> } | { ok: false; error: CallError };

export interface AccountsState {
  accounts: Account[] | null;
  loadError: CallError | null;
  busy: boolean;
  outcome: AccountsOutcome | null;
  create: (input: MethodInput<'accounts:create'>) => Promise<boolean>;
  update: (input: MethodInput<'accounts:update'>) => void;
  resetPassword: (operatorId: string, newPassword: string) => Promise<boolean>;
  unlock: (operatorId: string) => void;
  setIdleLock: (minutes: number) => void;
}

/** The admin's list of local accounts and the calls that change them; every answer reloads the list. */
export function useAccounts(): AccountsState {
  const client = useClient();
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [loadError, setLoadError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<AccountsOutcome | null>(null);

  const reload = useCallback(() => {
    void client.call('accounts:list', {}).then((result) => {
      if (result.ok) {
        setAccounts(result.value.accounts);
        setLoadError(null);
      } else {
        setLoadError(result.error);
      }
    });
  }, [client]);

  useEffect(reload, [reload]);

  const run = useCallback(
    async <M extends MethodName>(method: M, input: MethodInput<M>, done: (value: MethodOutput<M>) => AccountsOutcome): Promise<boolean> => {
      setBusy(true);
      const result: Result<MethodOutput<M>> = await client.call(method, input);
      setBusy(false);
      setOutcome(result.ok ? done(result.value) : { ok: false, error: result.error });
      reload();
      return result.ok;
    },
    [client, reload],
  );

  return {
    accounts,
    loadError,
    busy,
    outcome,
    create: (input) => run('accounts:create', input, (account) => ({ ok: true, key: 'created', values: { operatorId: account.operatorId } })),
    update: (input) => void run('accounts:update', input, (account) => ({ ok: true, key: 'updated', values: { operatorId: account.operatorId } })),
    resetPassword: (operatorId, newPassword) => run('accounts:setPassword', { operatorId, newPassword }, () => ({ ok: true, key: 'passwordSet', values: { operatorId } })),
    unlock: (operatorId) => void run('accounts:unlock', { operatorId }, (account) => ({ ok: true, key: 'updated', values: { operatorId: account.operatorId } })),
    setIdleLock: (minutes) => void run('settings:setIdleLock', { minutes }, (value) => ({ ok: true, key: 'idleLockSaved', values: { minutes: value.minutes } })),
  };
}
