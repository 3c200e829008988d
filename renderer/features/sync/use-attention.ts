import { useCallback, useState } from 'react';
import type { CallError, MethodInput, ResultSummary } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { useLatestAnswer } from './use-latest-answer.js';

export type ResolveAction = MethodInput<'results:resolve'>['action'];

/**
 * What the inspector may do with a result in each state that needs attention (sync.ts resolve).
 * Rebasing needs the task's current version, so a task gone from the local cache offers no rebase.
 */
export function actionsFor(result: Pick<ResultSummary, 'state' | 'taskVersion'>): readonly ResolveAction[] {
  switch (result.state) {
    case 'conflict':
      return result.taskVersion === null ? ['edit', 'withdraw'] : ['rebase', 'edit', 'withdraw'];
    case 'rejected':
      return ['edit', 'withdraw', 'retry'];
    case 'waiting_attachment':
      return ['retry', 'withdraw'];
    default:
      return [];
  }
}

export interface AttentionState {
  results: readonly ResultSummary[] | null;
  error: CallError | null;
  /** The result whose action is on its way. */
  busyId: string | null;
  /** The last failed action, shown on its row. */
  actionError: { resultId: string; error: CallError } | null;
  resolve: (resultId: string, action: ResolveAction) => void;
  reload: () => void;
}

/**
 * Results in conflict, rejected or waiting for an attachment (results:list view 'attention').
 * Reloads when `refreshKey` changes (the sync status moved) and after every action.
 */
export function useAttention(refreshKey: string): AttentionState {
  const client = useClient();
  const load = useCallback(() => client.call('results:list', { view: 'attention' }), [client]);
  const { value, error, reload } = useLatestAnswer(load, refreshKey);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<AttentionState['actionError']>(null);

  const resolve = useCallback(
    (resultId: string, action: ResolveAction) => {
      setBusyId(resultId);
      setActionError(null);
      void client.call('results:resolve', { resultId, action }).then((result) => {
        setBusyId(null);
        if (!result.ok) setActionError({ resultId, error: result.error });
        reload();
      });
    },
    [client, reload],
  );

  return { results: value?.results ?? null, error, busyId, actionError, resolve, reload };
}
