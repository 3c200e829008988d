import type { Database as Sqlite } from 'better-sqlite3';
import type { GatewayTask } from '../../../shared/contract/gateway-task.js';
import type { ParsedTaskFilter, TaskDetail, TaskRow } from '../../../shared/contract/index.js';
import { StatementCache } from './statement-cache.js';
import { TaskReads, type CachedTaskDetail, type PageRequest, type SearchThresholds } from './task-reads.js';
import {
  TaskWrites,
  type AssignmentState,
  type CancelOutcome,
  type TaskCancel,
  type UpsertOutcome,
  type UpsertSummary,
} from './task-writes.js';

/** The tasks cache: the only way the rest of the core reads or writes tasks. */
export class TaskRepository {
  private readonly reads: TaskReads;
  private readonly writes: TaskWrites;

  constructor(connection: Sqlite, thresholds?: SearchThresholds) {
    const statements = new StatementCache(connection);
    this.reads = new TaskReads(statements, thresholds);
    this.writes = new TaskWrites(connection, statements);
  }

  listPage(request: PageRequest): TaskRow[] {
    return this.reads.listPage(request);
  }

  count(filter: ParsedTaskFilter, now: number): number {
    return this.reads.count(filter, now);
  }

  get(taskId: string, now: number): CachedTaskDetail | null {
    return this.reads.get(taskId, now);
  }

  /** The task's containers with their declared seals; null when the cache has no such task. */
  containers(taskId: string): TaskDetail['containers'] | null {
    return this.reads.containers(taskId);
  }

  totalCount(): number {
    return this.reads.totalCount();
  }

  rowsByTaskId(taskIds: readonly string[], now: number): TaskRow[] {
    return this.reads.rowsByTaskId(taskIds, now);
  }

  upsertMany(tasks: readonly GatewayTask[]): UpsertSummary {
    return this.writes.upsertMany(tasks);
  }

  /** One upsert inside a transaction the caller holds (a pulled page and its cursor). */
  upsertOne(task: GatewayTask): UpsertOutcome {
    return this.writes.upsertOne(task);
  }

  /** One cancel inside a transaction the caller holds. */
  cancelOne(cancel: TaskCancel): CancelOutcome {
    return this.writes.cancelOne(cancel);
  }

  /** Empties the cache (inside the caller's transaction, if any); drafts and results stay. */
  forgetAll(): number {
    return this.writes.forgetAll();
  }

  assignmentOf(taskId: string): AssignmentState | null {
    return this.writes.assignmentOf(taskId);
  }
}
