import { useEffect, useState } from 'react';
import type { TaskRow } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import type { CargoRecord } from './cargo-picture.js';

export type CargoTasks = { kind: 'loading' } | { kind: 'loaded'; rows: TaskRow[] };

/** How many other tasks of the same container the panel lists (a container's tasks are few). */
const SAME_CONTAINER_ROWS = 20;

/**
 * The inspection tasks of one cargo: the task its live position names (tasks:byIds) and, for a
 * containerised cargo, the other tasks the cache holds for its container (the task list's search,
 * every status), the named one first.
 */
export function useCargoTasks(record: CargoRecord): CargoTasks {
  const client = useClient();
  const [state, setState] = useState<CargoTasks>({ kind: 'loading' });
  const { taskId, containerNo } = record;

  useEffect(() => {
    // The panel is keyed by cargo: a new cargo starts from 'loading' with a fresh state.
    const left = new AbortController();
    void (async () => {
      const [named, sameContainer] = await Promise.all([
        taskId === undefined ? null : client.call('tasks:byIds', { taskIds: [taskId] }),
        containerNo === undefined ? null : client.call('tasks:list', { filter: { status: 'all', text: containerNo }, offset: 0, limit: SAME_CONTAINER_ROWS }),
      ]);
      if (left.signal.aborted) return;
      const rows = new Map<string, TaskRow>();
      if (named?.ok) for (const row of named.value.rows) rows.set(row.taskId, row);
      if (sameContainer?.ok) for (const row of sameContainer.value.rows) if (row.containerNos.includes(containerNo ?? '')) rows.set(row.taskId, row);
      setState({ kind: 'loaded', rows: [...rows.values()] });
    })();
    return () => {
      left.abort();
    };
  }, [client, taskId, containerNo]);

  return state;
}
