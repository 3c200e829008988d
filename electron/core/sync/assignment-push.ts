import { performance } from 'node:perf_hooks';
import type { GatewayTask, JournalMessage } from '../../../shared/contract/index.js';
import { assignmentOutbox, type DueAssignment } from '../db/assignment-outbox.js';
import type { Database } from '../db/connection.js';
import type { Logger } from '../log.js';
import { backoffMs } from './backoff.js';
import { failureMessage } from './failure-message.js';
import type { GatewayClient } from './gateway-client.js';
import { GatewayError, isRetryable } from './gateway.js';
import type { Journal, JournalRecord } from './journal.js';
import { PUSH_BACKOFF_BASE_MS, PUSH_BACKOFF_MAX_MS, PUSH_LONG_BACKOFF_MS } from './push.js';

export interface AssignmentPushDeps {
  gateway: Pick<GatewayClient, 'assign'>;
  db: Database;
  /** Only assignments made for this single window are sent (gateway-identity.ts), as for results. */
  gatewayIdentity: string;
  log: Logger;
  journal?: Journal;
  clock: () => number;
  /** [0, 1) for the backoff jitter. */
  random?: () => number;
  signal?: AbortSignal;
}

export interface AssignmentPushSummary {
  delivered: number;
  conflicts: number;
  rejected: number;
  retried: number;
  /** Tasks whose cached copy changed from an answer. */
  tasksChanged: string[];
}

const CALL = 'POST /v1/tasks/{taskId}/assignment';
const ROUND_SIZE = 32;

/**
 * Sends the queued assignments due now, one at a time (a supervisor's dispatches are few), after
 * the results in the same sync cycle. The Idempotency-Key is the assignment's id, made when it was
 * queued: a retry after a lost answer, or after a restart, replays the first answer and never
 * assigns twice. 409 keeps it as a conflict with the task answered; 403, 404 and 422 reject it for
 * good; the rest retries with the results' backoff. Nothing is dropped.
 */
export async function pushAssignments(deps: AssignmentPushDeps): Promise<AssignmentPushSummary> {
  const { db, log, clock } = deps;
  const outbox = assignmentOutbox(db, clock);
  const random = deps.random ?? Math.random;
  const summary: AssignmentPushSummary = { delivered: 0, conflicts: 0, rejected: 0, retried: 0, tasksChanged: [] };
  const changed = new Set<string>();
  const seen = new Set<string>();
  const journal = (outcome: JournalRecord['outcome'], status: number | null, started: number, message: JournalMessage): void => {
    deps.journal?.record({ call: CALL, outcome, status, durationMs: Math.round(performance.now() - started), message });
  };
  const cache = (task: GatewayTask): void => {
    const written = db.tasks.upsertMany([task]);
    if (written.inserted + written.updated > 0) changed.add(task.taskId);
  };

  /** Returns false when the next ones would fail the same way (link down, told to wait, sign-in refused). */
  const sendOne = async (entry: DueAssignment): Promise<boolean> => {
    const subject = { assignmentId: entry.assignmentId, taskId: entry.taskId };
    outbox.markSent(entry.assignmentId, new Date(clock()).toISOString());
    const started = performance.now();
    try {
      const task = await deps.gateway.assign(entry.taskId, entry.assignedTo, entry.baseVersion, entry.assignmentId);
      outbox.markDelivered(entry.assignmentId, new Date(clock()).toISOString());
      cache(task);
      journal('ok', 200, started, { key: 'assignment.delivered', params: subject });
      summary.delivered++;
      return true;
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      const { failure } = error;
      if (failure.kind === 'http' && failure.status === 409) {
        const why = failure.problem?.detail ?? failure.message;
        const task = failure.problem?.task ?? null;
        outbox.markConflict(entry.assignmentId, why, task);
        if (task) cache(task);
        journal('conflict', 409, started, { key: 'assignment.conflict', params: { ...subject, why } });
        summary.conflicts++;
        return true;
      }
      if (failure.kind === 'http' && [403, 404, 422].includes(failure.status)) {
        const detail = failure.problem ? `${failure.problem.code}: ${failure.problem.detail || failure.problem.title}` : failure.message;
        outbox.markRejected(entry.assignmentId, detail);
        journal('rejected', failure.status, started, { key: 'assignment.rejected', params: { ...subject, detail } });
        summary.rejected++;
        return true;
      }
      const retryable = isRetryable(failure);
      journal(retryable ? 'retry' : 'error', 'status' in failure ? failure.status : null, started, { key: 'assignment.failed', params: { ...subject, reason: failureMessage(error) } });
      const delay = retryable
        ? Math.max(1_000, backoffMs(entry.attempts, { baseMs: PUSH_BACKOFF_BASE_MS, maxMs: PUSH_BACKOFF_MAX_MS, random, retryAfterMs: failure.kind === 'http' ? failure.retryAfterMs : null }))
        : Math.round(PUSH_LONG_BACKOFF_MS * (0.5 + random() / 2));
      outbox.markAttempt(entry.assignmentId, clock() + delay, failure.message);
      summary.retried++;
      log.info('assignment will be sent again', { assignmentId: entry.assignmentId, attempts: entry.attempts + 1, delayMs: delay });
      const toldToWait = failure.kind === 'http' && (failure.retryAfterMs ?? 0) > 0;
      return !(failure.kind === 'transport' || failure.kind === 'timeout' || failure.kind === 'credentials' || toldToWait);
    }
  };

  const stopped = (): boolean => deps.signal?.aborted === true;
  let going = true;
  while (going && !stopped()) {
    const round = outbox.due(deps.gatewayIdentity, clock(), ROUND_SIZE + seen.size).filter((entry) => !seen.has(entry.assignmentId));
    if (round.length === 0) break;
    for (const entry of round) {
      if (stopped()) break;
      seen.add(entry.assignmentId);
      going = await sendOne(entry);
      if (!going) break;
    }
  }
  summary.tasksChanged = [...changed];
  return summary;
}
