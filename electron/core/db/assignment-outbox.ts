import { randomUUID } from 'node:crypto';
import type { Database as Sqlite } from 'better-sqlite3';
import type { Assignment, AssignmentState } from '../../../shared/contract/dispatch.js';
import type { GatewayTask, TaskStatus } from '../../../shared/contract/index.js';
import type { JsonObject } from '../audit/canonical-json.js';
import { AuditRepository } from './audit-repository.js';
import { sqliteHandle, type Database } from './connection.js';
import { StatementCache } from './statement-cache.js';

export interface NewAssignment {
  taskId: string;
  kind: Assignment['kind'];
  reason: string | null;
  officers: readonly string[];
  /** The task's version the officers were chosen on; the row is refused if the cache moved since. */
  baseVersion: number;
  gateway: string;
  actor: string;
  now: string;
  /** The audit entry's action and details (the candidates, weights and draw, or the reason). */
  audit: { action: 'dispatch.random' | 'dispatch.manual'; details: JsonObject };
}

/** Why a dispatch could not be queued: the task is gone or moved, or an earlier one is on the wire. */
export class AssignmentRefused extends Error {
  constructor(
    readonly refusal: 'task_changed' | 'in_flight',
    message: string,
  ) {
    super(message);
    this.name = 'AssignmentRefused';
  }
}

/** A queued assignment due to be sent. */
export interface DueAssignment {
  assignmentId: string;
  taskId: string;
  assignedTo: string[];
  baseVersion: number;
  attempts: number;
}

/** How many assignments wait for an answer (queued) or for a supervisor (conflict, rejected). */
export type UnsettledCounts = Record<'queued' | 'conflict' | 'rejected', number>;

interface AssignmentRow {
  assignmentId: string;
  taskId: string;
  kind: Assignment['kind'];
  reason: string | null;
  baseVersion: number;
  state: AssignmentState;
  createdBy: string;
  createdAt: string;
  deliveredAt: string | null;
  lastError: string | null;
  conflictVersion: number | null;
  conflictStatus: TaskStatus | null;
}

const COLUMNS = `assignment_id AS assignmentId, task_id AS taskId, kind, reason, base_version AS baseVersion, state,
  created_by AS createdBy, created_at AS createdAt, delivered_at AS deliveredAt, last_error AS lastError,
  conflict_version AS conflictVersion, conflict_status AS conflictStatus`;
const OFFICERS = 'SELECT operator_id FROM assignment_officers WHERE assignment_id = ? AND list = ? ORDER BY seq';
const UNSETTLED = "('queued', 'conflict', 'rejected')";

/**
 * Assignments on their way to the single window (migration 014). Queuing one writes, in one
 * transaction, the row with its idempotency key, its audit entry and the cache's new officers (the
 * supervisor sees them at once); the pusher (sync/assignment-push.ts) records each answer here.
 */
export class AssignmentOutbox {
  private readonly statements: StatementCache;
  private readonly audit: AuditRepository;

  constructor(
    private readonly connection: Sqlite,
    clock: () => number,
  ) {
    this.statements = new StatementCache(connection);
    this.audit = new AuditRepository(connection, clock);
  }

  queue(input: NewAssignment): Assignment {
    const assignmentId = randomUUID();
    this.connection.transaction(() => {
      const task = this.statements.get('SELECT rid, version, status FROM tasks WHERE task_id = ?').get(input.taskId) as { rid: number; version: number; status: TaskStatus } | undefined;
      if (!task || task.version !== input.baseVersion) throw new AssignmentRefused('task_changed', `task ${input.taskId} changed while its officers were chosen`);
      const prior = this.priorOf(input.taskId, task.rid, task.status);
      this.statements
        .get(
          `INSERT INTO assignments (assignment_id, task_id, kind, reason, base_version, prior_status, gateway, state, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
        )
        .run(assignmentId, input.taskId, input.kind, input.reason, input.baseVersion, prior.status, input.gateway, input.actor, input.now);
      this.insertOfficers(assignmentId, 'sent', input.officers);
      this.insertOfficers(assignmentId, 'prior', prior.officers);
      this.setCachedOfficers(task.rid, input.officers, prior.status === 'pending' && input.officers.length > 0 ? 'assigned' : prior.status);
      this.audit.append({ actor: input.actor, action: input.audit.action, taskId: input.taskId, details: { assignmentId, baseVersion: input.baseVersion, ...input.audit.details } });
    })();
    return this.get(assignmentId);
  }

  /**
   * The cache's officers before this dispatch, as the single window has them. Earlier dispatches of
   * the task that did not go through are settled by this one (superseded); a queued one that never
   * left replaces its own officers, so the true ones are its prior list. One already sent without an
   * answer may be applied there: refused until its answer comes.
   */
  private priorOf(taskId: string, rid: number, status: TaskStatus): { officers: string[]; status: TaskStatus } {
    const earlier = this.statements.get(`SELECT assignment_id AS id, state, sent_at AS sentAt, prior_status AS priorStatus FROM assignments WHERE task_id = ? AND state IN ${UNSETTLED}`).all(taskId) as {
      id: string;
      state: AssignmentState;
      sentAt: string | null;
      priorStatus: TaskStatus;
    }[];
    if (earlier.some((row) => row.state === 'queued' && row.sentAt !== null)) {
      throw new AssignmentRefused('in_flight', `an earlier assignment of task ${taskId} was sent and its answer has not come yet`);
    }
    let prior = { officers: this.statements.get('SELECT operator_id FROM task_assignments WHERE task_rid = ? ORDER BY operator_id').pluck().all(rid) as string[], status };
    for (const row of earlier) {
      if (row.state === 'queued') prior = { officers: this.officers(row.id, 'prior'), status: row.priorStatus };
      this.statements.get("UPDATE assignments SET state = 'superseded' WHERE assignment_id = ?").run(row.id);
    }
    return prior;
  }

  get(assignmentId: string): Assignment {
    const row = this.statements.get(`SELECT ${COLUMNS} FROM assignments WHERE assignment_id = ?`).get(assignmentId) as AssignmentRow | undefined;
    if (!row) throw new Error(`no assignment ${assignmentId}`);
    return this.toAssignment(row);
  }

  forTask(taskId: string): Assignment[] {
    const rows = this.statements.get(`SELECT ${COLUMNS} FROM assignments WHERE task_id = ? ORDER BY created_at DESC`).all(taskId) as AssignmentRow[];
    return rows.map((row) => this.toAssignment(row));
  }

  /** Queued, in conflict or rejected: what a supervisor still has to see through, newest first. */
  unsettled(limit: number): Assignment[] {
    const rows = this.statements.get(`SELECT ${COLUMNS} FROM assignments WHERE state IN ${UNSETTLED} ORDER BY created_at DESC LIMIT ?`).all(limit) as AssignmentRow[];
    return rows.map((row) => this.toAssignment(row));
  }

  /** Queued assignments for `gateway` whose next attempt is due by `dueBy`, oldest first. */
  due(gateway: string, dueBy: number, limit: number): DueAssignment[] {
    const rows = this.statements
      .get(
        `SELECT assignment_id AS assignmentId, task_id AS taskId, base_version AS baseVersion, attempts FROM assignments
         WHERE state = 'queued' AND gateway = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?`,
      )
      .all(gateway, dueBy, limit) as Omit<DueAssignment, 'assignedTo'>[];
    return rows.map((row) => ({ ...row, assignedTo: this.officers(row.assignmentId, 'sent') }));
  }

  /** Unsettled assignments made for `gateway`, by state: the sync status's counts. */
  counts(gateway: string): UnsettledCounts {
    const counts: UnsettledCounts = { queued: 0, conflict: 0, rejected: 0 };
    const rows = this.statements.get(`SELECT state, count(*) AS n FROM assignments WHERE gateway = ? AND state IN ${UNSETTLED} GROUP BY state`).all(gateway) as {
      state: keyof UnsettledCounts;
      n: number;
    }[];
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  /** When the earliest queued assignment for `gateway` falls due (ms since epoch), or null: the cycle wakes for it as for a result. */
  nextAttemptAt(gateway: string): number | null {
    return (this.statements.get("SELECT min(next_attempt_at) AS at FROM assignments WHERE state = 'queued' AND gateway = ?").get(gateway) as { at: number | null }).at;
  }

  /** About to be put on the wire: from here a later dispatch must wait for its answer. */
  markSent(assignmentId: string, now: string): void {
    this.statements.get("UPDATE assignments SET sent_at = coalesce(sent_at, ?) WHERE assignment_id = ? AND state = 'queued'").run(now, assignmentId);
  }

  /** A failed attempt: tried again from `nextAttemptAt` (ms since epoch). */
  markAttempt(assignmentId: string, nextAttemptAt: number, message: string): void {
    this.statements.get("UPDATE assignments SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE assignment_id = ? AND state = 'queued'").run(nextAttemptAt, message, assignmentId);
  }

  /**
   * The single window took it. The cache's own copy goes back to what it was before (the answered
   * task, newer, replaces it next), so the kept history of that version names its real officers.
   */
  markDelivered(assignmentId: string, now: string): void {
    this.settle(assignmentId, { action: 'dispatch.delivered', details: {} }, () => {
      this.statements.get("UPDATE assignments SET state = 'delivered', delivered_at = ?, last_error = NULL WHERE assignment_id = ?").run(now, assignmentId);
    });
  }

  /** 409: the task changed there; kept with the task the single window answered, for the supervisor to dispatch again. */
  markConflict(assignmentId: string, why: string, task: GatewayTask | null): void {
    this.settle(assignmentId, { action: 'dispatch.conflict', details: { why } }, () => {
      this.statements
        .get("UPDATE assignments SET state = 'conflict', last_error = ?, conflict_version = ?, conflict_status = ? WHERE assignment_id = ?")
        .run(why, task?.version ?? null, task?.status ?? null, assignmentId);
      if (task) this.insertOfficers(assignmentId, 'answered', task.assignedTo);
    });
  }

  /** Refused for good (422, 403, 404): kept visible with the single window's words. */
  markRejected(assignmentId: string, why: string): void {
    this.settle(assignmentId, { action: 'dispatch.rejected', details: { why } }, () => {
      this.statements.get("UPDATE assignments SET state = 'rejected', last_error = ? WHERE assignment_id = ?").run(why, assignmentId);
    });
  }

  /** Records a queued assignment's answer (`mark`), puts the cache's officers back and writes the audit entry, in one transaction. */
  private settle(assignmentId: string, audit: { action: string; details: JsonObject }, mark: () => void): void {
    this.connection.transaction(() => {
      const row = this.statements.get("SELECT task_id AS taskId, base_version AS baseVersion, prior_status AS priorStatus FROM assignments WHERE assignment_id = ? AND state = 'queued'").get(assignmentId) as
        | { taskId: string; baseVersion: number; priorStatus: TaskStatus }
        | undefined;
      if (!row) return;
      mark();
      const task = this.statements.get('SELECT rid, version FROM tasks WHERE task_id = ?').get(row.taskId) as { rid: number; version: number } | undefined;
      // Only the copy this dispatch changed: a newer version from the single window stands as it came.
      if (task?.version === row.baseVersion) this.setCachedOfficers(task.rid, this.officers(assignmentId, 'prior'), row.priorStatus);
      this.audit.append({ actor: 'system', action: audit.action, taskId: row.taskId, details: { assignmentId, ...audit.details } });
    })();
  }

  private setCachedOfficers(rid: number, officers: readonly string[], status: TaskStatus): void {
    this.statements.get('DELETE FROM task_assignments WHERE task_rid = ?').run(rid);
    const insert = this.statements.get('INSERT INTO task_assignments (task_rid, operator_id) VALUES (?, ?)');
    for (const operatorId of officers) insert.run(rid, operatorId);
    this.statements.get('UPDATE tasks SET status = ? WHERE rid = ?').run(status, rid);
  }

  private insertOfficers(assignmentId: string, list: 'sent' | 'prior' | 'answered', officers: readonly string[]): void {
    const insert = this.statements.get('INSERT INTO assignment_officers (assignment_id, list, seq, operator_id) VALUES (?, ?, ?, ?)');
    officers.forEach((operatorId, seq) => insert.run(assignmentId, list, seq, operatorId));
  }

  private officers(assignmentId: string, list: 'sent' | 'prior' | 'answered'): string[] {
    return this.statements.get(OFFICERS).pluck().all(assignmentId, list) as string[];
  }

  private toAssignment(row: AssignmentRow): Assignment {
    const answered = this.officers(row.assignmentId, 'answered');
    return { ...row, assignedTo: this.officers(row.assignmentId, 'sent'), conflictAssignedTo: row.state === 'conflict' && row.conflictVersion !== null ? answered : null };
  }
}

export function assignmentOutbox(db: Database, clock: () => number): AssignmentOutbox {
  return new AssignmentOutbox(sqliteHandle(db), clock);
}
