import { useEffect, useState } from 'react';
import { useClient } from '../../api-context.js';

/**
 * A count that moves whenever a sync moved something (sync:changed: a result or an assignment
 * delivered, refused, queued again) or the core says this task changed, for the task's readings
 * to ask again without a reload.
 */
export function useTaskNews(taskId: string): number {
  const client = useClient();
  const [news, setNews] = useState(0);
  useEffect(() => {
    const bump = (): void => setNews((previous) => previous + 1);
    const offSync = client.on('sync:changed', bump);
    const offTasks = client.on('tasks:changed', ({ taskIds, reloadAll }) => {
      if (reloadAll || taskIds.includes(taskId)) bump();
    });
    return () => {
      offSync();
      offTasks();
    };
  }, [client, taskId]);
  return news;
}
