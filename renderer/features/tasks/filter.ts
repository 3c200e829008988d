import {
  MAX_SEARCH_CHARS,
  type Agency,
  type Priority,
  type TaskFilter,
  type TaskStatus,
  type TransportMode,
} from '../../../shared/contract/index.js';

export type StatusChoice = 'open' | 'all' | TaskStatus;

/** What the filter bar and the search box choose; absent fields mean "any". */
export interface TaskListFilter {
  status: StatusChoice;
  mode?: TransportMode;
  agency?: Agency;
  priority?: Priority;
  text?: string;
}

export const initialFilter: TaskListFilter = { status: 'open' };

/** The contract's filter: no empty fields, search text trimmed and cut to the contract's limit. */
export function toContractFilter(filter: TaskListFilter): TaskFilter {
  const out: TaskFilter = { status: filter.status };
  if (filter.mode) out.mode = filter.mode;
  if (filter.agency) out.agency = filter.agency;
  if (filter.priority) out.priority = filter.priority;
  const text = filter.text?.trim().slice(0, MAX_SEARCH_CHARS);
  if (text) out.text = text;
  return out;
}

/** A stable key: two filters that ask the core the same question have the same key. */
export function filterKey(filter: TaskListFilter): string {
  const f = toContractFilter(filter);
  return JSON.stringify([f.status, f.mode ?? '', f.agency ?? '', f.priority ?? '', f.text ?? '']);
}
