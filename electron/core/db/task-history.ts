import type { TaskStatus, TaskVersion } from '../../../shared/contract/index.js';
import type { StatementCache } from './statement-cache.js';
import { priorityOfRank } from './task-codes.js';

/** The earlier versions of one task that migration 007's trigger kept, newest first. */
export function readTaskHistory(statements: StatementCache, rid: number): TaskVersion[] {
  const versions = statements.get(VERSIONS_SQL).all({ rid }) as VersionRow[];
  if (versions.length === 0) return [];
  const assignees = statements.get(VERSION_ASSIGNEES_SQL).all({ rid }) as { version: number; operator_id: string }[];
  return versions.map((row) => ({
    version: row.version,
    status: row.status,
    priority: priorityOfRank(row.priority_rank),
    dueAt: new Date(row.due_at).toISOString(),
    assignedTo: assignees.filter((assignee) => assignee.version === row.version).map((assignee) => assignee.operator_id),
    updatedAt: row.updated_at,
    supersededAt: row.superseded_at,
  }));
}

interface VersionRow {
  version: number;
  status: TaskStatus;
  priority_rank: number;
  due_at: number;
  updated_at: string;
  superseded_at: string;
}

const VERSIONS_SQL =
  'SELECT version, status, priority_rank, due_at, updated_at, superseded_at FROM task_versions WHERE task_rid = @rid ORDER BY version DESC';
const VERSION_ASSIGNEES_SQL = 'SELECT version, operator_id FROM task_version_assignees WHERE task_rid = @rid ORDER BY version, operator_id';
