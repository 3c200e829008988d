import type { Priority, TaskDetail, TaskStatus } from '../../../shared/contract/index.js';

type Field<T> = { from: T; to: T };

/** What one newer version changed, in the fields an officer plans by. */
export interface VersionChange {
  fromVersion: number;
  toVersion: number;
  /** When the newer version arrived at this workstation. */
  arrivedAt: string;
  status?: Field<TaskStatus>;
  priority?: Field<Priority>;
  dueAt?: Field<string>;
  assignedTo?: Field<string[]>;
}

type Snapshot = Pick<TaskDetail, 'version' | 'status' | 'priority' | 'dueAt' | 'assignedTo'>;

/** The task's changes, newest first: each kept version against the one that replaced it (the last against the task now). */
export function versionChanges(task: TaskDetail): VersionChange[] {
  return task.history.map((earlier, index) => {
    const later: Snapshot = index === 0 ? task : (task.history[index - 1] ?? task);
    const change: VersionChange = { fromVersion: earlier.version, toVersion: later.version, arrivedAt: earlier.supersededAt };
    if (earlier.status !== later.status) change.status = { from: earlier.status, to: later.status };
    if (earlier.priority !== later.priority) change.priority = { from: earlier.priority, to: later.priority };
    if (Date.parse(earlier.dueAt) !== Date.parse(later.dueAt)) change.dueAt = { from: earlier.dueAt, to: later.dueAt };
    if (!sameOfficers(earlier.assignedTo, later.assignedTo)) change.assignedTo = { from: earlier.assignedTo, to: later.assignedTo };
    return change;
  });
}

function sameOfficers(a: readonly string[], b: readonly string[]): boolean {
  const sorted = (list: readonly string[]) => [...list].sort().join('\n');
  return sorted(a) === sorted(b);
}
