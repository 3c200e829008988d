import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useClient, useConnection } from '../../api-context.js';
import { toContractFilter, type TaskListFilter } from './filter.js';
import { TaskQuery } from './task-query.js';

/** Bursts of tasks:changed (a sync applying pages) cause one reload per this interval at most. */
export const RELOAD_COALESCE_MS = 400;

/**
 * The query for the current filter. `filter` must keep its identity while it asks the same thing
 * (TasksScreen only replaces it when filterKey changes): a new filter is a new, empty cache.
 * Reloads on tasks:changed and when the channel comes back after a drop or a failed call.
 */
export function useTaskQuery(filter: TaskListFilter): { query: TaskQuery; version: number } {
  const client = useClient();
  const connection = useConnection();
  const query = useMemo(() => new TaskQuery(client, toContractFilter(filter), afterNextPaint), [client, filter]);
  const version = useSyncExternalStore(query.subscribe, query.getSnapshot);

  useEffect(() => {
    query.start();
  }, [query]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = client.on('tasks:changed', () => {
      timer ??= setTimeout(() => {
        timer = null;
        query.reload();
      }, RELOAD_COALESCE_MS);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [client, query]);

  const previous = useRef(connection);
  useEffect(() => {
    const before = previous.current;
    previous.current = connection;
    if (connection !== 'connected' || before === 'connected') return;
    if (before === 'reconnecting' || query.error() !== null) query.reload();
  }, [connection, query]);

  return { query, version };
}

/** Runs once the next frame has been painted (a frame, then a task after it). */
function afterNextPaint(run: () => void): void {
  requestAnimationFrame(() => {
    setTimeout(run, 0);
  });
}
