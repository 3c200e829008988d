import { useCallback, useState } from 'react';
import type { CallError, Roster, RosterOfficer, ShiftKey } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { useLatestAnswer } from '../sync/use-latest-answer.js';

export type RosterSaveOutcome = { ok: true } | { ok: false; error: CallError };

export interface RosterState {
  roster: Roster | null;
  error: CallError | null;
  busy: boolean;
  outcome: RosterSaveOutcome | null;
  /** Replaces the shift's list; true once the core has it. */
  save: (officers: readonly string[]) => Promise<boolean>;
}

/** One shift's roster at one site (roster:get), and its replacement (roster:set). */
export function useRoster(key: ShiftKey): RosterState {
  const client = useClient();
  const { portCode, date, shift } = key;
  const load = useCallback(() => client.call('roster:get', { portCode, date, shift }), [client, portCode, date, shift]);
  const { value, error, accept } = useLatestAnswer(load, '');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<RosterSaveOutcome | null>(null);
  return {
    roster: value,
    error,
    busy,
    outcome,
    save: async (officers) => {
      setBusy(true);
      const result = await client.call('roster:set', { portCode, date, shift, officers: [...officers] });
      setBusy(false);
      // The saved list is the roster now; a refusal leaves the shown one as it was.
      if (result.ok) accept(Promise.resolve(result));
      setOutcome(result.ok ? { ok: true } : { ok: false, error: result.error });
      return result.ok;
    },
  };
}

/** The accounts a roster may list (roster:officers: enabled inspectors and supervisors). */
export function useRosterOfficers(): { officers: readonly RosterOfficer[] | null; error: CallError | null } {
  const client = useClient();
  const load = useCallback(() => client.call('roster:officers', {}), [client]);
  const { value, error } = useLatestAnswer(load, '');
  return { officers: value?.officers ?? null, error };
}
