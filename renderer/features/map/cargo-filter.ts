import { openStatuses, type Agency, type TaskStatus, type TransportMode } from '../../../shared/contract/enums.js';

/**
 * The map's filters (issue 9, point 5): transport modes (none chosen: every mode), the corridor
 * (null: every corridor), the cargo's task (any, with an open inspection task, without one, or with
 * a task in one status) and the agency its task needs (null: any). They compose: a cargo is shown
 * when it passes every one.
 */
export const taskChoices = ['any', 'open', 'none', 'pending', 'assigned', 'in_progress', 'held', 'released'] as const;
export type TaskChoice = (typeof taskChoices)[number];

export interface CargoFilter {
  readonly modes: readonly TransportMode[];
  readonly corridor: string | null;
  readonly task: TaskChoice;
  readonly agency: Agency | null;
}

export const NO_FILTER: CargoFilter = { modes: [], corridor: null, task: 'any', agency: null };

/** What the filters read of one cargo: its position's mode and corridor, and its task as the task list shows it. */
export interface FilteredCargo {
  readonly mode: TransportMode;
  readonly corridor: string;
  readonly task: { readonly status: TaskStatus; readonly agencies: readonly Agency[] } | undefined;
}

export function passesFilter(filter: CargoFilter, cargo: FilteredCargo): boolean {
  if (filter.modes.length > 0 && !filter.modes.includes(cargo.mode)) return false;
  if (filter.corridor !== null && filter.corridor !== cargo.corridor) return false;
  // A cargo without a task needs no agency: an agency filter hides it.
  if (filter.agency !== null && !(cargo.task?.agencies.includes(filter.agency) ?? false)) return false;
  const status = cargo.task?.status ?? 'none';
  switch (filter.task) {
    case 'any':
      return true;
    case 'open':
      return (openStatuses as readonly string[]).includes(status);
    default:
      return filter.task === status;
  }
}

/** Turns one mode on or off in the filter. */
export function toggleMode(filter: CargoFilter, mode: TransportMode): CargoFilter {
  const modes = filter.modes.includes(mode) ? filter.modes.filter((m) => m !== mode) : [...filter.modes, mode];
  return { ...filter, modes };
}
