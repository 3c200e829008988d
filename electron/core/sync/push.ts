import { performance } from 'node:perf_hooks';
import type { GatewayTask, JournalMessage, ResultSubmission } from '../../../shared/contract/index.js';
import { AttachmentError, type AttachmentStore } from '../attachments/attachment-store.js';
import type { Database } from '../db/connection.js';
import type { OutboxEntry, ResultAttachment } from '../db/result-repository.js';
import type { Logger } from '../log.js';
import { backoffMs } from './backoff.js';
import { failureMessage } from './failure-message.js';
import { resultLastError } from './result-last-error.js';
import { GatewayError, isRetryable, type Gateway, type GatewayFailure } from './gateway.js';
import type { Journal, JournalRecord } from './journal.js';

/**
 * The pusher: drains the outbox to the single window (ARCHITECTURE.md "Sync: push"). For each due
 * result: its attachments first (content-addressed PUT, so resuming is free), then the result,
 * rebuilt from the database, with Idempotency-Key = result id, which never changes: a retry after a
 * lost answer or a restart is a replay the gateway answers 200, never a second result. Every
 * outcome leaves the result somewhere visible; nothing is dropped.
 */

export interface PushDeps {
  gateway: Pick<Gateway, 'putAttachment' | 'postResult'>;
  db: Database;
  /** The identity of the gateway this drain talks to (gateway-identity.ts): only results made for it are sent. */
  gatewayIdentity: string;
  attachments: Pick<AttachmentStore, 'read' | 'has'>;
  log: Logger;
  /** One entry per gateway call. */
  journal?: Journal;
  clock: () => number;
  /** [0, 1) for the backoff jitter; tests pass a fixed one. */
  random?: () => number;
  /** Stops starting new calls; calls in flight finish and are recorded. */
  signal?: AbortSignal;
  /** Results pushed in parallel (default 4, at most 8: the gateway's limit per workstation). */
  concurrency?: number;
  /**
   * Sends every queued result whose next attempt is due by this time (default: the clock). A run
   * someone asked for (the headless `sync` command) passes a time past every backoff: it tries each waiting result
   * once now, whatever its backoff from the automatic cycles.
   */
  dueBy?: number;
}

export interface PushSummary {
  /** Results the single window now has (201, and 200 replays). */
  delivered: number;
  /** Of those, answered 200: the single window had it already (an earlier answer was lost). */
  replays: number;
  conflicts: number;
  rejected: number;
  waiting: number;
  /** Failed attempts, queued again with a backoff. */
  retried: number;
  /** Tasks whose cached copy changed from a 201/200/409 answer (for a `tasks:changed` event). */
  tasksChanged: string[];
}

/** First retry after up to 5 s, doubling to at most 15 min; never sooner than 1 s. */
export const PUSH_BACKOFF_BASE_MS = 5_000;
export const PUSH_BACKOFF_MAX_MS = 15 * 60_000;
const PUSH_BACKOFF_MIN_MS = 1_000;
/** A failure that retrying will not fix soon (refused sign-in, 4xx without meaning here): try again within the hour. */
export const PUSH_LONG_BACKOFF_MS = 60 * 60_000;
const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 8;
const ROUND_SIZE = 64;
/**
 * A flaky link fails some calls and answers others, and the drain goes on (each failed result has
 * its own backoff); this many failures in a row, with no answer between, mean the link is down and
 * the rest would only fail too (or wait out a timeout each).
 */
const MIN_FAILURES_TO_HALT = 4;

const POST_CALL = 'POST /v1/tasks/{taskId}/results';
const PUT_CALL = 'PUT /v1/attachments';

const running = new WeakMap<Database, Promise<PushSummary>>();

/**
 * Pushes every due result once. Single-flight per database: a call while a drain runs gets that
 * drain's promise (the drain re-reads the outbox between rounds, so results queued meanwhile are
 * usually picked up; the scheduler's next tick takes the rest). Never rejects for a result's failure.
 */
export function drainOutbox(deps: PushDeps): Promise<PushSummary> {
  const current = running.get(deps.db);
  if (current) return current;
  const drain = new Drain(deps).run().finally(() => running.delete(deps.db));
  running.set(deps.db, drain);
  return drain;
}

type UploadOutcome =
  | { kind: 'uploaded' }
  | { kind: 'local'; message: string }
  | { kind: 'failed'; error: unknown; file: ResultAttachment }
  | { kind: 'aborted' };

class Drain {
  private readonly summary: PushSummary = { delivered: 0, replays: 0, conflicts: 0, rejected: 0, waiting: 0, retried: 0, tasksChanged: [] };
  private readonly seen = new Set<string>();
  private readonly changed = new Set<string>();
  /** One PUT per file per drain: results sharing a photo, pushed in parallel, wait for the same upload. */
  private readonly uploads = new Map<string, Promise<UploadOutcome>>();
  /** Set when more calls are pointless now (link down, sign-in refused, told to wait): no new work this drain. */
  private halted = false;
  /** Failures in a row that were not answers about a result; reset by any such answer. */
  private failuresInRow = 0;
  private readonly breaker: number;
  private readonly concurrency: number;
  private readonly random: () => number;

  constructor(private readonly deps: PushDeps) {
    this.concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(deps.concurrency ?? DEFAULT_CONCURRENCY)));
    this.random = deps.random ?? Math.random;
    this.breaker = Math.max(MIN_FAILURES_TO_HALT, 2 * this.concurrency);
  }

  private get stopped(): boolean {
    return this.halted || this.deps.signal?.aborted === true;
  }

  async run(): Promise<PushSummary> {
    while (!this.stopped) {
      // Each result at most once per drain; seen results still due (an attempt that could not be
      // recorded) are skipped, so the limit leaves room for them.
      const round = this.deps.db.results.dueOutbox(this.deps.dueBy ?? this.deps.clock(), ROUND_SIZE + this.seen.size, this.deps.gatewayIdentity).filter((entry) => !this.seen.has(entry.resultId));
      if (round.length === 0) break;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (!this.stopped) {
          const entry = round[next++];
          if (!entry) return;
          this.seen.add(entry.resultId);
          try {
            await this.pushOne(entry);
          } catch (error) {
            // Only the database can throw here (the gateway's failures are handled per result).
            this.deps.log.error('push of a result failed locally; stopping this drain', { resultId: entry.resultId, error });
            this.halted = true;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, round.length) }, worker));
    }
    this.summary.tasksChanged = [...this.changed];
    return this.summary;
  }

  private async pushOne(entry: OutboxEntry): Promise<void> {
    const { db, log } = this.deps;
    let submission: ResultSubmission | null;
    try {
      // Checked and rebuilt at the last moment, in one transaction that also freezes the content:
      // an edit from here on becomes a new result, so what is recorded as delivered is what was sent.
      submission = db.results.beginSend(entry.resultId, this.deps.gatewayIdentity, this.deps.clock());
    } catch (error) {
      // Rows that no longer make a valid body are a bug, not a reason to lose the result.
      log.error('cannot rebuild a queued result from the database', { resultId: entry.resultId, error });
      this.retryLater(entry, PUSH_LONG_BACKOFF_MS, resultLastError.notRebuilt(messageOf(error)));
      return;
    }
    if (submission === null) {
      log.info('result no longer to be sent here', { resultId: entry.resultId });
      return;
    }

    const files = db.results.attachmentsOf(entry.resultId);
    /** Files that could not be read here, by sha256: what the inspector is told if the single window lacks them. */
    const localProblems = new Map<string, string>();
    for (const file of files.filter((item) => !item.uploaded)) {
      const outcome = await this.upload(entry, file);
      if (outcome.kind === 'aborted') return;
      if (outcome.kind === 'failed') {
        this.failed(entry, outcome.error, PUT_CALL, outcome.file);
        return;
      }
      // Missing or corrupted here: the single window may still have it (same content, another
      // workstation); the POST tells, and a 424 makes the result wait for the inspector.
      if (outcome.kind === 'local') localProblems.set(file.sha256, outcome.message);
    }

    let reuploaded = false;
    for (;;) {
      if (this.stopped) return;
      const started = performance.now();
      try {
        const accepted = await this.deps.gateway.postResult(entry.taskId, submission, submission.resultId);
        this.failuresInRow = 0;
        const replay = accepted.status === 200;
        this.journal(POST_CALL, 'ok', accepted.status, started, { key: replay ? 'push.replay' : 'push.delivered', params: { resultId: entry.resultId, taskId: entry.taskId } });
        db.results.markDelivered(entry.resultId, this.deps.clock());
        this.summary.delivered++;
        if (replay) this.summary.replays++;
        this.cacheTask(accepted.task);
        log.info('result delivered', { resultId: entry.resultId, taskId: entry.taskId, status: accepted.status });
        return;
      } catch (error) {
        const failure = error instanceof GatewayError ? error.failure : null;
        if (failure?.kind === 'http' && [409, 422, 424].includes(failure.status)) this.failuresInRow = 0;
        if (failure?.kind === 'http' && failure.status === 424) {
          const missing = detailOf(failure);
          // Once per push: the files found here are uploaded again and the result sent at once.
          const here = reuploaded ? [] : await this.filesHere(files, localProblems);
          if (here.length > 0) {
            reuploaded = true;
            this.journal(POST_CALL, 'retry', 424, started, { key: 'push.uploadingAgain', params: { resultId: entry.resultId, missing, count: here.length } });
            const retry = await this.reupload(entry, here, localProblems);
            if (retry.kind === 'aborted') return;
            if (retry.kind === 'failed') {
              this.failed(entry, retry.error, PUT_CALL, retry.file);
              return;
            }
            if (retry.uploaded > 0) continue;
          } else {
            this.journal(POST_CALL, 'error', 424, started, { key: 'push.attachmentMissing', params: { resultId: entry.resultId, missing } });
          }
          const problems = [...localProblems.values()];
          if (db.results.markWaitingAttachment(entry.resultId, resultLastError.attachmentMissing(problems, missing), this.deps.clock())) this.summary.waiting++;
          log.warn('result waits for an attachment', { resultId: entry.resultId, problems });
          return;
        }
        if (failure?.kind === 'http' && failure.status === 409) {
          const task = failure.problem?.task;
          const why = failure.problem?.detail ?? failure.message;
          const subject = { resultId: entry.resultId, taskId: entry.taskId, why };
          this.journal(
            POST_CALL,
            'conflict',
            409,
            started,
            task ? { key: 'push.conflictWithTask', params: { ...subject, version: task.version, status: task.status } } : { key: 'push.conflict', params: subject },
          );
          if (task) this.cacheTask(task);
          if (db.results.markConflict(entry.resultId, resultLastError.conflict(why, task), this.deps.clock())) this.summary.conflicts++;
          log.warn('result in conflict', { resultId: entry.resultId, taskId: entry.taskId, taskVersion: task?.version ?? null });
          return;
        }
        if (failure?.kind === 'http' && failure.status === 422) {
          const fieldErrors = failure.problem?.errors ?? [];
          this.journal(POST_CALL, 'rejected', 422, started, { key: 'push.rejected', params: { resultId: entry.resultId, detail: detailOf(failure), count: fieldErrors.length } });
          if (db.results.markRejected(entry.resultId, fieldErrors, resultLastError.rejected(detailOf(failure)), this.deps.clock())) this.summary.rejected++;
          log.warn('result rejected', { resultId: entry.resultId, fields: fieldErrors.map((item) => item.path) });
          return;
        }
        this.journalFailure(POST_CALL, error, started, (reason) => ({ key: 'push.failed', params: { resultId: entry.resultId, reason } }));
        this.failed(entry, error, POST_CALL);
        return;
      }
    }
  }

  /** The file's upload in this drain, shared by every result that references it; `again` forces a new PUT (after a 424). */
  private upload(entry: OutboxEntry, file: ResultAttachment, again = false): Promise<UploadOutcome> {
    const pending = again ? undefined : this.uploads.get(file.sha256);
    if (pending) return pending;
    const upload = this.put(entry, file);
    this.uploads.set(file.sha256, upload);
    return upload;
  }

  /** Reads the file (hash checked) and PUTs it; a 201 or 200 marks it uploaded. */
  private async put(entry: OutboxEntry, file: ResultAttachment): Promise<UploadOutcome> {
    let body: Buffer;
    try {
      body = await this.deps.attachments.read(file.sha256);
    } catch (error) {
      if (!(error instanceof AttachmentError)) throw error;
      this.deps.log.warn('attachment not uploaded', { resultId: entry.resultId, sha256: file.sha256, problem: error.problem });
      return { kind: 'local', message: `"${file.name}": ${error.message}` };
    }
    if (this.stopped) return { kind: 'aborted' };
    const started = performance.now();
    try {
      const put = await this.deps.gateway.putAttachment(file.sha256, body, file.mediaType);
      this.failuresInRow = 0;
      const params = { sha256: file.sha256, resultId: entry.resultId, bytes: body.byteLength };
      this.journal(PUT_CALL, 'ok', put === 'stored' ? 201 : 200, started, { key: put === 'stored' ? 'attachment.stored' : 'attachment.alreadyStored', params });
      this.deps.db.results.markUploaded(file.sha256, this.deps.clock());
      return { kind: 'uploaded' };
    } catch (error) {
      this.journalFailure(PUT_CALL, error, started, (reason) => ({ key: 'attachment.failed', params: { sha256: file.sha256, resultId: entry.resultId, reason } }));
      return { kind: 'failed', error, file };
    }
  }

  /** The result's files present here with their recorded size (the hash is checked when read for the PUT). */
  private async filesHere(files: readonly ResultAttachment[], problems: Map<string, string>): Promise<ResultAttachment[]> {
    const here: ResultAttachment[] = [];
    for (const file of files) {
      if (await this.deps.attachments.has(file.sha256, file.bytes)) here.push(file);
      else if (!problems.has(file.sha256)) problems.set(file.sha256, `"${file.name}": attachment ${file.sha256} is not on this workstation (or not whole)`);
    }
    return here;
  }

  /** After a 424: the files uploaded again, whatever their mark says. */
  private async reupload(
    entry: OutboxEntry,
    files: readonly ResultAttachment[],
    problems: Map<string, string>,
  ): Promise<{ kind: 'done'; uploaded: number } | Extract<UploadOutcome, { kind: 'failed' | 'aborted' }>> {
    let uploaded = 0;
    for (const file of files) {
      const outcome = await this.upload(entry, file, true);
      if (outcome.kind === 'aborted' || outcome.kind === 'failed') return outcome;
      if (outcome.kind === 'local') problems.set(file.sha256, outcome.message);
      else uploaded++;
    }
    return { kind: 'done', uploaded };
  }

  /**
   * A failure that is not an answer about the result itself. Retryable ones (link, timeout, 5xx,
   * 429, a second 401) come back with exponential backoff and jitter, no sooner than Retry-After;
   * the others (refused sign-in, an unexpected 4xx) wait long with a clear last error. The drain
   * stops when the next results would meet the same failure: a refused sign-in, a Retry-After (the
   * gateway asked everyone to wait), or several failures in a row.
   */
  private failed(entry: OutboxEntry, error: unknown, call: string, file?: ResultAttachment): void {
    const failure = error instanceof GatewayError ? error.failure : null;
    if (file && failure?.kind === 'http' && failure.status === 413) {
      // The file itself can never go: only the inspector can help (edit the result, drop or shrink it).
      this.failuresInRow = 0;
      if (this.deps.db.results.markWaitingAttachment(entry.resultId, resultLastError.attachmentTooLarge(file.name), this.deps.clock())) this.summary.waiting++;
      return;
    }
    this.failuresInRow++;
    const toldToWait = failure?.kind === 'http' && (failure.retryAfterMs ?? 0) > 0;
    if (failure?.kind === 'credentials' || toldToWait || this.failuresInRow >= this.breaker) {
      if (!this.halted) this.deps.log.info('push stops for now', { call, reason: failure ? failure.kind : 'error', failuresInRow: this.failuresInRow });
      this.halted = true;
    }
    if (failure && isRetryable(failure)) {
      const delay = Math.max(
        PUSH_BACKOFF_MIN_MS,
        backoffMs(entry.attempts, {
          baseMs: PUSH_BACKOFF_BASE_MS,
          maxMs: PUSH_BACKOFF_MAX_MS,
          random: this.random,
          retryAfterMs: failure.kind === 'http' ? failure.retryAfterMs : null,
        }),
      );
      this.retryLater(entry, delay, resultLastError.sendingAgain(failure));
      this.deps.log.info('push will retry', { resultId: entry.resultId, call, attempts: entry.attempts + 1, delayMs: delay });
      return;
    }
    // Half to a whole long backoff: workstations that failed together do not retry together.
    const delay = Math.round(PUSH_LONG_BACKOFF_MS * (0.5 + this.random() / 2));
    this.retryLater(entry, delay, resultLastError.tryingLater(failure, error, Math.round(delay / 60_000)));
    this.deps.log.error('push failed', { resultId: entry.resultId, call, error: failure ? failure.message : messageOf(error) });
  }

  private retryLater(entry: OutboxEntry, delayMs: number, message: string): void {
    this.deps.db.results.markAttempt(entry.resultId, this.deps.clock() + delayMs, message);
    this.summary.retried++;
  }

  /** The gateway's copy of the task, into the cache (a version not newer is a no-op there). */
  private cacheTask(task: GatewayTask): void {
    try {
      const written = this.deps.db.tasks.upsertMany([task]);
      if (written.inserted + written.updated > 0) this.changed.add(task.taskId);
    } catch (error) {
      // The result's state is already recorded; the next pull brings the task anyway.
      this.deps.log.error('could not cache the task returned with a result', { taskId: task.taskId, error });
    }
  }

  /** A failed call in the journal: `about` says what failed, given the failure's reason. */
  private journalFailure(call: string, error: unknown, started: number, about: (reason: JournalMessage) => JournalMessage): void {
    const failure = error instanceof GatewayError ? error.failure : null;
    const outcome = failure && isRetryable(failure) ? 'retry' : 'error';
    this.journal(call, outcome, failure ? statusOf(failure) : null, started, about(failureMessage(error)));
  }

  private journal(call: string, outcome: JournalRecord['outcome'], status: number | null, started: number, message: JournalMessage): void {
    this.deps.journal?.record({ call, outcome, status, durationMs: Math.round(performance.now() - started), message });
  }
}

function statusOf(failure: GatewayFailure): number | null {
  return 'status' in failure ? failure.status : null;
}

function detailOf(failure: GatewayFailure & { kind: 'http' }): string {
  return failure.problem ? `${failure.problem.code}: ${failure.problem.detail || failure.problem.title}` : failure.message;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
