import { openStatuses, type TaskStatus, type TransportMode } from '../../../shared/contract/enums.js';

/**
 * The map's filters: transport modes (none chosen: every mode) and the cargo's task: any, with an
 * open inspection task, without one, or with a task in one status.
 */
export const taskChoices = ['any', 'open', 'none', 'pending', 'assigned', 'in_progress', 'held', 'released'] as const;
export type TaskChoice = (typeof taskChoices)[number];

export interface CargoFilter {
  readonly modes: readonly TransportMode[];
  readonly task: TaskChoice;
}

export const NO_FILTER: CargoFilter = { modes: [], task: 'any' };

export function passesFilter(filter: CargoFilter, mode: TransportMode, task: TaskStatus | 'none'): boolean {
  if (filter.modes.length > 0 && !filter.modes.includes(mode)) return false;
  switch (filter.task) {
    case 'any':
      return true;
    case 'open':
      return (openStatuses as readonly string[]).includes(task);
    default:
      return filter.task === task;
  }
}

/** Turns one mode on or off in the filter. */
export function toggleMode(filter: CargoFilter, mode: TransportMode): CargoFilter {
  const modes = filter.modes.includes(mode) ? filter.modes.filter((m) => m !== mode) : [...filter.modes, mode];
  return { ...filter, modes };
}
