import type { TaskConflict } from '../../shared/contract/conflict.js';
import type { ResultSummary } from '../../shared/contract/sync.js';
import type { Database } from './db/connection.js';
import type { CachedTaskDetail } from './db/task-reads.js';
import type { Handlers } from './router.js';
import { compareTaskVersions, conflictReason, type BasedSnapshot, type TaskSnapshot } from './sync/conflict-comparison.js';
import { missingReferences, placeFieldErrors } from './sync/result-field-errors.js';

type ConflictHandlers = Pick<Handlers, 'results:conflict'>;

/**
 * results:conflict: the task's result the single window refused (409 or 422), for the officer to
 * re-base, edit or withdraw on the task itself. Only results for the single window configured now:
 * another's are parked and resolved there. Read from the cache, offline too.
 */
export function createConflictHandlers(db: Database, clock: () => number): ConflictHandlers {
  return {
    'results:conflict': ({ taskId }) => {
      const gateway = db.results.currentGateway();
      // Newest change first: after an edit and a second refusal, the newer result is the one to resolve.
      const summary = db.results.forTask(taskId).find((result): result is Refused => isRefused(result) && result.gateway === gateway);
      if (summary === undefined) return { conflict: null };
      const result = db.results.toSubmission(summary.resultId);
      const task = db.tasks.get(taskId, clock());
      const rows = task ? compareTaskVersions(basedOn(db, task, summary.baseVersion), snapshotOf(task)) : [];
      const conflict: TaskConflict = {
        resultId: summary.resultId,
        taskId,
        state: summary.state,
        reason: conflictReason(summary.state, rows, task?.status ?? null),
        message: summary.lastError,
        updatedAt: summary.updatedAt,
        basedOnVersion: summary.baseVersion,
        nowVersion: task?.version ?? null,
        rows,
        result,
        fieldErrors: placeFieldErrors(result, summary.fieldErrors),
        missing: task ? missingReferences(result, task) : [],
      };
      return { conflict };
    },
  };
}

type Refused = ResultSummary & { state: 'conflict' | 'rejected' };

function isRefused(result: ResultSummary): result is Refused {
  return result.state === 'conflict' || result.state === 'rejected';
}

function snapshotOf(task: CachedTaskDetail): TaskSnapshot {
  const { version, status, priority, dueAt, assignedTo, types, agencies, checklistId, containers, goods } = task;
  return { version, status, priority, dueAt, assignedTo, types, agencies, checklistId, containers, goods };
}

/**
 * The version the result was made on: the cached task itself, or what the version history kept of
 * it (whole since migration 012; status, priority, due time and officers for versions kept before).
 */
function basedOn(db: Database, task: CachedTaskDetail, version: number): BasedSnapshot | null {
  if (task.version === version) return snapshotOf(task);
  const kept = db.taskHistory.version(task.taskId, version);
  if (!kept) return null;
  return { version, status: kept.status, priority: kept.priority, dueAt: kept.dueAt, assignedTo: kept.assignedTo, ...kept.detail };
}
