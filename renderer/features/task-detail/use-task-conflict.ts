import { useCallback, useEffect, useState } from 'react';
import type { TaskConflict } from '../../../shared/contract/conflict.js';
import type { CallError, MethodInput } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';

export type ConflictAction = Exclude<MethodInput<'results:resolve'>['action'], 'retry'>;

export interface TaskConflictState {
  /** null: none (or not read yet); the panel shows only a conflict. */
  conflict: TaskConflict | null;
  loadError: CallError | null;
  busy: boolean;
  actionError: CallError | null;
  resolve: (action: ConflictAction) => Promise<boolean>;
  reload: () => void;
}

/**
 * The task's result in conflict or rejected (results:conflict), read again when the task changes
 * (a 409 brings its new version) and when the sync status moves (a push marked a result), and after
 * every action. Answers are kept only for the latest request, so a slow one never shows.
 */
export function useTaskConflict(taskId: string): TaskConflictState {
  const client = useClient();
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState<{ taskId: string; conflict: TaskConflict | null; error: CallError | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<CallError | null>(null);

  useEffect(() => {
    let current = true;
    let latest = 0;
    const read = (): void => {
      const mine = ++latest;
      void client.call('results:conflict', { taskId }).then((result) => {
        if (!current || mine !== latest) return;
        setAnswer(result.ok ? { taskId, conflict: result.value.conflict, error: null } : { taskId, conflict: null, error: result.error });
      });
    };
    read();
    const offTasks = client.on('tasks:changed', ({ taskIds, reloadAll }) => {
      if (reloadAll || taskIds.includes(taskId)) read();
    });
    const offSync = client.on('sync:changed', read);
    return () => {
      current = false;
      offTasks();
      offSync();
    };
  }, [client, taskId, attempt]);

  const reload = useCallback(() => {
    setAttempt((previous) => previous + 1);
  }, []);
  const conflict = answer?.taskId === taskId ? answer.conflict : null;
  const resolve = useCallback(
    async (action: ConflictAction): Promise<boolean> => {
      if (conflict === null) return false;
      setBusy(true);
      setActionError(null);
      const result = await client.call('results:resolve', { resultId: conflict.resultId, action });
      setBusy(false);
      if (!result.ok) setActionError(result.error);
      reload();
      return result.ok;
    },
    [client, conflict, reload],
  );
  return { conflict, loadError: answer?.taskId === taskId ? answer.error : null, busy, actionError, resolve, reload };
}
