import { useState } from 'react';
import type { TaskQuery } from './task-query.js';

export interface ShownList {
  query: TaskQuery;
  version: number;
  total: number;
}

/**
 * What the list shows: the current query once it knows how many rows it has, else the last query
 * that did (its rows stay on screen while a new search is on its way), else nothing (the first load,
 * or a query that failed: its error is shown instead).
 */
export function useShownList(query: TaskQuery, version: number, total: number | undefined, failed: boolean): ShownList | null {
  const [last, setLast] = useState<ShownList | null>(null);
  const shown = total !== undefined ? { query, version, total } : failed ? null : last;
  // Remembered for the renders to come (React's "state from the previous render" pattern: set during render, guarded).
  if (shown?.query !== last?.query || shown?.version !== last?.version || shown?.total !== last?.total) setLast(shown);
  return shown;
}
