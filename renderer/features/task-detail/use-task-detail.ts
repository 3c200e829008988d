import { useCallback, useEffect, useState } from 'react';
import type { CallError, TaskDetail } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';

export type TaskDetailState =
  | { kind: 'loading' }
  | { kind: 'loaded'; task: TaskDetail }
  | { kind: 'failed'; error: CallError };

/**
 * One task's detail from the core (tasks:get), asked again when the task id changes, on reload, and
 * when the core says the task changed (a sync brought a newer version): then the shown detail stays
 * until the new one arrives. An answer is kept with the request it answers, so a slow answer for
 * another task or an earlier attempt never shows.
 */
export function useTaskDetail(taskId: string): { state: TaskDetailState; reload: () => void } {
  const client = useClient();
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState<{ key: string; state: TaskDetailState } | null>(null);
  const key = `${attempt}:${taskId}`;

  useEffect(() => {
    let current = true;
    let latest = 0;
    const read = (): void => {
      const mine = ++latest;
      void client.call('tasks:get', { taskId }).then((result) => {
        if (!current || mine !== latest) return;
        setAnswer({ key, state: result.ok ? { kind: 'loaded', task: result.value } : { kind: 'failed', error: result.error } });
      });
    };
    read();
    const off = client.on('tasks:changed', ({ taskIds, reloadAll }) => {
      if (reloadAll || taskIds.includes(taskId)) read();
    });
    return () => {
      current = false;
      off();
    };
  }, [client, taskId, key]);

  const reload = useCallback(() => {
    setAttempt((previous) => previous + 1);
  }, []);
  return { state: answer?.key === key ? answer.state : { kind: 'loading' }, reload };
}
