import { useCallback, useEffect, useState } from 'react';
import type { Assignment, CallError } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { useLatestAnswer } from '../sync/use-latest-answer.js';

/**
 * Assignments not settled yet (dispatch:list: queued, conflict, rejected), asked again after each
 * sync (one delivered or refused) and each change of a task (a dispatch announces its task).
 */
export function useUnsettledAssignments(): { assignments: readonly Assignment[] | null; error: CallError | null } {
  const client = useClient();
  const [news, setNews] = useState(0);
  useEffect(() => {
    const bump = (): void => setNews((previous) => previous + 1);
    const offSync = client.on('sync:changed', bump);
    const offTasks = client.on('tasks:changed', bump);
    return () => {
      offSync();
      offTasks();
    };
  }, [client]);
  const load = useCallback(() => client.call('dispatch:list', {}), [client]);
  const { value, error } = useLatestAnswer(load, String(news));
  return { assignments: value?.assignments ?? null, error };
}
