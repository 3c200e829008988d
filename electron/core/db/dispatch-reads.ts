import type { Database as Sqlite } from 'better-sqlite3';
import type { Agency, TaskStatus } from '../../../shared/contract/enums.js';
import { sqliteHandle, type Database } from './connection.js';
import { StatementCache } from './statement-cache.js';
import { agencyCodec } from './task-codes.js';

/** What a dispatch needs to know of a cached task. */
export interface DispatchTask {
  taskId: string;
  version: number;
  status: TaskStatus;
  portCode: string;
  /** In the contract's order of agencies (the order the draw covers them). */
  agencies: Agency[];
  assignedTo: string[];
}

const OPEN = "('pending', 'assigned', 'in_progress')";

/**
 * Officers who inspected these goods before: on any result past draft (a withdrawn one included:
 * the officers were at the goods) for this task, for another task of the same cargo, or a result of
 * this workstation that the task names as a prior inspection at an earlier node.
 */
const FIRST_INSPECTORS = `
  WITH task AS (SELECT rid, cargo_id FROM tasks WHERE task_id = @taskId),
  same_goods AS (
    SELECT @taskId AS task_id
    UNION SELECT t.task_id FROM tasks AS t, task WHERE task.cargo_id <> '' AND t.cargo_id = task.cargo_id
  )
  SELECT DISTINCT i.operator_id
  FROM results AS r JOIN result_inspectors AS i ON i.result_id = r.result_id
  WHERE r.state <> 'draft'
    AND (r.task_id IN (SELECT task_id FROM same_goods)
         OR r.result_id IN (SELECT p.result_id FROM task_prior_inspections AS p, task WHERE p.task_rid = task.rid))
  ORDER BY i.operator_id`;

/** Open tasks in the cache naming each officer, this task aside (a new dispatch replaces its officers). */
const WORKLOAD = `
  SELECT a.operator_id AS operatorId, count(*) AS open
  FROM task_assignments AS a JOIN tasks AS t ON t.rid = a.task_rid
  WHERE a.operator_id IN (SELECT value FROM json_each(@officers)) AND t.status IN ${OPEN} AND t.task_id <> @taskId
  GROUP BY a.operator_id`;

/** Reads of the task cache and the results for a dispatch: the task, who inspected its goods, workloads. */
export class DispatchReads {
  private readonly statements: StatementCache;

  constructor(connection: Sqlite) {
    this.statements = new StatementCache(connection);
  }

  task(taskId: string): DispatchTask | null {
    const row = this.statements.get('SELECT rid, task_id AS taskId, version, status, port_code AS portCode, agency_mask AS agencyMask FROM tasks WHERE task_id = ?').get(taskId) as
      | { rid: number; taskId: string; version: number; status: TaskStatus; portCode: string; agencyMask: number }
      | undefined;
    if (!row) return null;
    const assignedTo = this.statements.get('SELECT operator_id FROM task_assignments WHERE task_rid = ? ORDER BY operator_id').pluck().all(row.rid) as string[];
    return { taskId: row.taskId, version: row.version, status: row.status, portCode: row.portCode, agencies: agencyCodec.fromMask(row.agencyMask), assignedTo };
  }

  firstInspectors(taskId: string): string[] {
    return this.statements.get(FIRST_INSPECTORS).pluck().all({ taskId }) as string[];
  }

  /** Open workload per officer; officers with none are absent from the map. */
  workloads(officers: readonly string[], taskId: string): Map<string, number> {
    const rows = this.statements.get(WORKLOAD).all({ officers: JSON.stringify(officers), taskId }) as { operatorId: string; open: number }[];
    return new Map(rows.map((row) => [row.operatorId, row.open]));
  }
}

export function dispatchReads(db: Database): DispatchReads {
  return new DispatchReads(sqliteHandle(db));
}
