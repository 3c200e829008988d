import { randomUUID } from 'node:crypto';
import type { Database as Sqlite } from 'better-sqlite3';
import type { z } from 'zod';
import { issuesOf } from '../../../shared/contract/result.js';
import { resultSubmissionSchema, type AttachmentRef, type Countersign, type ResultSubmission } from '../../../shared/contract/gateway.js';
import { resultStates, type resultResolveInputSchema, type resultsListInputSchema, type ResultSummary } from '../../../shared/contract/sync.js';
import { gatewayIdentity } from './gateway-identity.js';
import { ResultInputError, ResultNotFoundError, ResultStateError, type FieldIssue } from './result-errors.js';
import { draftInputSchema, resultInputSchema, type DraftContent, type DraftInput, type ResultInput } from './result-input.js';
import { ResultRows } from './result-rows.js';
import { AuditRepository } from './audit-repository.js';
import { StatementCache } from './statement-cache.js';

export type ResultState = (typeof resultStates)[number];
export type ResultsView = z.output<typeof resultsListInputSchema>['view'];
export type ResolveAction = z.output<typeof resultResolveInputSchema>['action'];

/** A result (or draft) as stored on this workstation. */
export interface ResultRecord {
  state: ResultState;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  deliveredAt: string | null;
  /** Reference data and app version the result was submitted under (ARCHITECTURE.md, "Data"). */
  referenceVersion: string | null;
  appVersion: string;
  lastError: string | null;
  fieldErrors: FieldIssue[];
  /** The single window it is for (gateway-identity.ts); it is never sent anywhere else. */
  gateway: string;
  /** A POST of this content may have reached the gateway: the content is frozen (an edit makes a new result). */
  sentAt: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  content: DraftContent;
}

/** A result that waits for another gateway than the one configured (parked), as exported for the admin. */
export interface ParkedResult {
  resultId: string;
  taskId: string;
  state: ResultState;
  gateway: string;
  submittedAt: string | null;
  lastError: string | null;
  content: DraftContent;
}

export interface SubmitOutcome {
  /** false: the result was already submitted and the stored one is returned unchanged. */
  written: boolean;
  /**
   * The stored result, read back when asked: the officer's submit answers with the result's
   * summary, and reading every row back and parsing it on each commit was a fifth of the commit's
   * JavaScript (issue 8, point 12's benchmark).
   */
  readonly record: ResultRecord;
}

export interface OutboxEntry {
  resultId: string;
  taskId: string;
  /** Attempts that failed so far (drives the backoff). */
  attempts: number;
  nextAttemptAt: number;
  enqueuedAt: string;
}

export interface AttachmentRow {
  sha256: string;
  bytes: number;
  mediaType: string;
  storedAt: string;
  uploadedAt: string | null;
}

/** One attachment a result references, with what the pusher needs to upload it. */
export interface ResultAttachment {
  sha256: string;
  name: string;
  bytes: number;
  mediaType: string;
  uploaded: boolean;
}

export interface ResultRepositoryOptions {
  clock: () => number;
  /** Recorded on every result: which console wrote it. */
  appVersion: string;
}

const VIEW_STATES: Record<ResultsView, readonly ResultState[]> = {
  attention: ['conflict', 'rejected', 'waiting_attachment'],
  waiting: ['queued'],
  parked: ['queued', 'conflict', 'rejected', 'waiting_attachment'],
  all: resultStates,
};
/** Submitted and not settled: what a change of gateway would strand (queued, or waiting for a person). */
export const UNRESOLVED: readonly ResultState[] = ['queued', 'conflict', 'rejected', 'waiting_attachment'];
/** States a submitted result can be in before it is delivered or withdrawn: submitting again is a no-op. */
const SUBMITTED: readonly ResultState[] = ['queued', 'delivered', 'conflict', 'rejected', 'waiting_attachment'];
const RESOLVABLE_FROM: Record<ResolveAction, readonly ResultState[]> = {
  rebase: ['conflict'],
  retry: ['queued', 'conflict', 'rejected', 'waiting_attachment'],
  edit: ['queued', 'conflict', 'rejected', 'waiting_attachment'],
  withdraw: ['draft', 'queued', 'conflict', 'rejected', 'waiting_attachment'],
};

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Drafts, submitted results and their outbox: the only way the rest of the core reads or writes
 * them. Every method is one transaction. Invariant: a result has an outbox row exactly while it is
 * `queued`; every other state is visible in `list` and nothing is ever deleted.
 */
export class ResultRepository {
  private readonly statements: StatementCache;
  private readonly rows: ResultRows;

  /** What happened to each result (delivered, refused, resolved), appended in the transaction of the change. */
  private readonly audit: AuditRepository;

  constructor(
    private readonly connection: Sqlite,
    private readonly options: ResultRepositoryOptions,
  ) {
    this.statements = new StatementCache(connection);
    this.rows = new ResultRows(this.statements);
    this.audit = new AuditRepository(connection, options.clock);
  }

  /** Creates or replaces a draft (its parts replaced). A result already submitted is not a draft: `edit` it first. */
  saveDraft(input: DraftInput, now = this.options.clock()): ResultRecord {
    const parsed = draftInputSchema.safeParse(input);
    if (!parsed.success) throw new ResultInputError('the draft is not valid', issuesOf(parsed.error));
    const content = parsed.data;
    return this.transaction(() => {
      const existing = this.header(content.resultId);
      if (existing && existing.state !== 'draft') {
        throw new ResultStateError(content.resultId, existing.state, `结果 ${content.resultId} 的状态是 ${existing.state}，不是草稿；请用“修改”来更改 / result ${content.resultId} is ${existing.state}, not a draft; use "edit" to change it`);
      }
      if (existing) this.sameTask(existing, content.taskId);
      this.checkAttachments(content.attachments);
      this.writeHeader(content, existing !== null, { state: 'draft', now, submittedAt: null, referenceVersion: null, gateway: this.currentGateway() });
      this.rows.replace(content.resultId, content);
      return this.getOrThrow(content.resultId);
    });
  }

  /**
   * Queues a complete result for the single window: the result, its parts and its outbox row in one
   * transaction. A result id already submitted is a no-op that returns the stored result, so a
   * second click (or a retry by the UI) never sends two results.
   */
  submit(input: ResultInput, now = this.options.clock()): SubmitOutcome {
    const parsed = resultInputSchema.safeParse(input);
    if (!parsed.success) throw new ResultInputError('the result is not valid', issuesOf(parsed.error));
    const content: DraftContent = parsed.data;
    return this.transaction(() => {
      const existing = this.header(content.resultId);
      if (existing && SUBMITTED.includes(existing.state)) return this.outcome(false, content.resultId);
      if (existing?.state === 'withdrawn') {
        throw new ResultStateError(content.resultId, existing.state, `结果 ${content.resultId} 已撤回，仍保留在记录中，不能再发送；请开始新的查验 / result ${content.resultId} was withdrawn; it stays on record and cannot be sent (start a new inspection)`);
      }
      if (existing) this.sameTask(existing, content.taskId);
      this.checkAttachments(content.attachments);
      if (content.recognizes !== undefined) this.checkRecognized(content.taskId, content.recognizes);
      const referenceVersion =
        parsed.data.referenceVersion ??
        (this.statements.get('SELECT reference_version FROM sync_state WHERE id = 1').get() as { reference_version: string | null } | undefined)?.reference_version ??
        null;
      this.writeHeader(content, existing !== null, { state: 'queued', now, submittedAt: iso(now), referenceVersion, gateway: this.currentGateway() });
      this.rows.replace(content.resultId, content);
      this.statements.get('DELETE FROM result_errors WHERE result_id = ?').run(content.resultId);
      this.enqueue(content.resultId, now);
      return this.outcome(true, content.resultId);
    });
  }

  private outcome(written: boolean, resultId: string): SubmitOutcome {
    const read = (): ResultRecord => this.getOrThrow(resultId);
    return {
      written,
      get record() {
        return read();
      },
    };
  }

  get(resultId: string): ResultRecord | null {
    const header = this.header(resultId);
    if (!header) return null;
    const content = draftInputSchema.parse({
      resultId: header.result_id,
      taskId: header.task_id,
      createdBy: header.created_by,
      baseVersion: header.base_version,
      ...(header.outcome === null ? {} : { outcome: header.outcome }),
      ...(header.disposition === null ? {} : { disposition: header.disposition }),
      ...(header.started_at === null ? {} : { startedAt: header.started_at }),
      ...(header.completed_at === null ? {} : { completedAt: header.completed_at }),
      ...(header.recognizes === null ? {} : { recognizes: header.recognizes }),
      ...(header.countersign_name === null ? {} : { countersign: countersignOf(header) }),
      ...this.rows.read(resultId),
    });
    return {
      state: header.state,
      createdAt: header.created_at,
      updatedAt: header.updated_at,
      submittedAt: header.submitted_at,
      deliveredAt: header.delivered_at,
      referenceVersion: header.reference_version,
      appVersion: header.app_version,
      lastError: header.last_error,
      fieldErrors: this.fieldErrors(resultId),
      gateway: header.gateway,
      sentAt: header.sent_at,
      supersedes: header.supersedes,
      supersededBy: header.superseded_by,
      content,
    };
  }

  /** The identity of the gateway configured now (settings), the one new results are made for. */
  currentGateway(): string {
    const read = (key: string) => (this.statements.get('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
    return gatewayIdentity(read('gateway.url'), read('gateway.operatorId'));
  }

  /**
   * The pusher's one way to get a body: in one transaction, checks that the result is still queued
   * and made for `gateway`, marks it sent (its content is frozen from here on: the gateway may keep
   * it under this id) and rebuilds the body. Null when it must not be sent (edited, withdrawn,
   * another gateway's).
   */
  beginSend(resultId: string, gateway: string, now = this.options.clock()): ResultSubmission | null {
    return this.transaction(() => {
      const header = this.header(resultId);
      if (!header || header.state !== 'queued' || header.gateway !== gateway) return null;
      this.statements.get('UPDATE results SET sent_at = coalesce(sent_at, ?) WHERE result_id = ?').run(iso(now), resultId);
      return this.toSubmission(resultId);
    });
  }

  /** Unresolved results made for another gateway than `gateway`: parked, kept, never sent there. */
  parked(gateway: string): ParkedResult[] {
    const rows = this.statements
      .get(`SELECT result_id FROM results WHERE gateway <> ? AND state IN (${UNRESOLVED.map(() => '?').join(', ')}) ORDER BY submitted_at, result_id`)
      .all(gateway, ...UNRESOLVED) as { result_id: string }[];
    return rows.map(({ result_id }) => {
      const record = this.getOrThrow(result_id);
      return {
        resultId: result_id,
        taskId: record.content.taskId,
        state: record.state,
        gateway: record.gateway,
        submittedAt: record.submittedAt,
        lastError: record.lastError,
        content: record.content,
      };
    });
  }

  /** Unresolved results made for `gateway` (what changing it would strand), oldest first. */
  unresolvedFor(gateway: string): { resultId: string; taskId: string; state: ResultState }[] {
    const rows = this.statements
      .get(`SELECT result_id, task_id, state FROM results WHERE gateway = ? AND state IN (${UNRESOLVED.map(() => '?').join(', ')}) ORDER BY submitted_at, result_id`)
      .all(gateway, ...UNRESOLVED) as { result_id: string; task_id: string; state: ResultState }[];
    return rows.map((row) => ({ resultId: row.result_id, taskId: row.task_id, state: row.state }));
  }

  /**
   * The body the single window gets, rebuilt from the rows every time (never cached), in the
   * contract's field order with absent optional fields left out: a retry after a restart sends
   * exactly the same content under the same Idempotency-Key.
   */
  toSubmission(resultId: string): ResultSubmission {
    const record = this.get(resultId);
    if (!record) throw new ResultNotFoundError(resultId);
    if (record.state === 'draft') throw new ResultStateError(resultId, record.state, `结果 ${resultId} 还是草稿，草稿不会发送；请先提交 / result ${resultId} is a draft; drafts are not sent (submit it first)`);
    const c = record.content;
    return resultSubmissionSchema.parse({
      resultId: c.resultId,
      baseVersion: c.baseVersion,
      outcome: c.outcome,
      findings: c.findings,
      seals: c.seals,
      samples: c.samples,
      attachments: c.attachments,
      disposition: c.disposition,
      inspectors: c.inspectors,
      startedAt: c.startedAt,
      completedAt: c.completedAt,
      checklist: c.checklist,
      ...(c.countersign === undefined ? {} : { countersign: c.countersign }),
      ...(c.recognizes === undefined ? {} : { recognizes: c.recognizes }),
      ...(record.referenceVersion === null ? {} : { referenceVersion: record.referenceVersion }),
      appVersion: record.appVersion,
    });
  }

  summary(resultId: string): ResultSummary | null {
    const row = this.statements.get(`${SUMMARY_SELECT} WHERE r.result_id = ?`).get(resultId) as SummaryRow | undefined;
    return row ? this.toSummary(row) : null;
  }

  /** For `results:list`: newest change first, with the task's version in the local cache now. */
  list(view: ResultsView, limit: number): ResultSummary[] {
    const states = VIEW_STATES[view];
    const gateway = this.currentGateway();
    // 'parked': another gateway's results; 'attention' and 'waiting': this gateway's; 'all': every result.
    const filter = view === 'parked' ? ' AND r.gateway <> ?' : view === 'all' ? '' : ' AND r.gateway = ?';
    const rows = this.statements
      .get(`${SUMMARY_SELECT} WHERE r.state IN (${states.map(() => '?').join(', ')})${filter} ORDER BY r.updated_at DESC, r.result_id LIMIT ?`)
      .all(...states, ...(view === 'all' ? [] : [gateway]), limit) as SummaryRow[];
    return rows.map((row) => this.toSummary(row));
  }

  /** For `results:forTask`: every result of the task (results_by_task), newest change first; a task has a handful. */
  forTask(taskId: string): ResultSummary[] {
    const rows = this.statements.get(`${SUMMARY_SELECT} WHERE r.task_id = ? ORDER BY r.updated_at DESC, r.result_id`).all(taskId) as SummaryRow[];
    return rows.map((row) => this.toSummary(row));
  }

  /** How many results are in each state (sync status: waiting, conflicts). */
  counts(gateway?: string): Record<ResultState, number> {
    const counts = Object.fromEntries(resultStates.map((state) => [state, 0])) as Record<ResultState, number>;
    const rows = (
      gateway === undefined
        ? this.statements.get('SELECT state, count(*) AS n FROM results GROUP BY state').all()
        : this.statements.get('SELECT state, count(*) AS n FROM results WHERE gateway = ? GROUP BY state').all(gateway)
    ) as { state: ResultState; n: number }[];
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  /** How many unresolved results wait for another gateway than `gateway` (parked). */
  parkedCount(gateway: string): number {
    return (
      this.statements
        .get(`SELECT count(*) AS n FROM results WHERE gateway <> ? AND state IN (${UNRESOLVED.map(() => '?').join(', ')})`)
        .get(gateway, ...UNRESOLVED) as { n: number }
    ).n;
  }

  /**
   * For `results:resolve`, one transaction each:
   * rebase (conflict → queued on the task's current local version), retry (queued again as it is;
   * on a queued result: now, not after the backoff), edit (back to draft, out of the outbox),
   * withdraw (kept on record, never sent). Anything else is refused with ResultStateError.
   *
   * An edit of a result whose content may be at the gateway (sent_at: a POST started and no answer
   * said it was not kept) cannot change that content: the gateway keeps the first body under the
   * result id and replays its answer. The edit is a new draft with a new id that supersedes it; the
   * old one stays queued with the content sent until the gateway's answer is known. The summary
   * returned is then the new draft's.
   */
  /** `actor`: the operator who resolved it (the session's), recorded in the audit log. */
  resolve(resultId: string, action: ResolveAction, now = this.options.clock(), actor = 'system'): ResultSummary {
    return this.transaction(() => {
      const header = this.header(resultId);
      if (!header) throw new ResultNotFoundError(resultId);
      if (!RESOLVABLE_FROM[action].includes(header.state)) {
        throw new ResultStateError(
          resultId,
          header.state,
          `结果 ${resultId} 的状态是 ${header.state}，不能执行 ${action}（只适用于 ${RESOLVABLE_FROM[action].join('、')} 状态）；请刷新后再看 / cannot ${action} result ${resultId}: it is ${header.state} (${action} applies to ${RESOLVABLE_FROM[action].join(', ')} results); refresh to see where it is now`,
        );
      }
      this.audit.append({ actor, action: `result.${action}`, taskId: header.task_id, details: { resultId, from: header.state } });
      const setState = (state: ResultState, extra = '') =>
        this.statements.get(`UPDATE results SET state = ?, updated_at = ?${extra} WHERE result_id = ?`).run(state, iso(now), resultId);
      switch (action) {
        case 'rebase': {
          const task = this.statements.get('SELECT version FROM tasks WHERE task_id = ?').get(header.task_id) as { version: number } | undefined;
          if (!task) {
            throw new ResultStateError(resultId, header.state, `无法重做结果 ${resultId}：本机缓存中没有任务 ${header.task_id}，请同步后再试，或撤回 / cannot rebase result ${resultId}: task ${header.task_id} is not in the local cache; sync and try again, or withdraw it`);
          }
          this.statements.get('UPDATE results SET base_version = ? WHERE result_id = ?').run(task.version, resultId);
          setState('queued', ', last_error = NULL');
          this.statements.get('DELETE FROM result_errors WHERE result_id = ?').run(resultId);
          this.enqueue(resultId, now);
          break;
        }
        case 'retry':
          if (header.state !== 'queued') {
            setState('queued', ', last_error = NULL');
            this.statements.get('DELETE FROM result_errors WHERE result_id = ?').run(resultId);
          }
          this.enqueue(resultId, now);
          break;
        case 'edit': {
          if (header.sent_at !== null) return this.supersede(header, now);
          // The last error and the 422 field errors stay: they are what the inspector has to fix.
          setState('draft', ', submitted_at = NULL');
          this.dequeue(resultId);
          break;
        }
        case 'withdraw':
          setState('withdrawn');
          this.dequeue(resultId);
          break;
      }
      const summary = this.summary(resultId);
      if (!summary) throw new ResultNotFoundError(resultId);
      return summary;
    });
  }

  /** Queued results for `gateway` whose next attempt is due, oldest due first (other gateways' results are parked). */
  dueOutbox(now: number, limit: number, gateway: string): OutboxEntry[] {
    const rows = this.statements
      .get(
        `SELECT o.result_id, r.task_id, o.attempts, o.next_attempt_at, o.enqueued_at
         FROM outbox o JOIN results r ON r.result_id = o.result_id
         WHERE o.next_attempt_at <= ? AND r.state = 'queued' AND r.gateway = ?
         ORDER BY o.next_attempt_at, o.id LIMIT ?`,
      )
      .all(now, gateway, limit) as { result_id: string; task_id: string; attempts: number; next_attempt_at: number; enqueued_at: string }[];
    return rows.map((row) => ({
      resultId: row.result_id,
      taskId: row.task_id,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      enqueuedAt: row.enqueued_at,
    }));
  }

  /** When the next queued result is due (ms), or null with an empty outbox: the scheduler's next wake-up. */
  nextOutboxAttemptAt(gateway: string): number | null {
    const row = this.statements
      .get('SELECT min(o.next_attempt_at) AS at FROM outbox o JOIN results r ON r.result_id = o.result_id WHERE r.gateway = ?')
      .get(gateway) as { at: number | null };
    return row.at;
  }

  /** A failed attempt: the result stays queued and is tried again at nextAttemptAt. */
  markAttempt(resultId: string, nextAttemptAt: number, error: string): void {
    this.transaction(() => {
      this.statements.get('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE result_id = ?').run(nextAttemptAt, resultId);
      this.statements.get("UPDATE results SET last_error = ? WHERE result_id = ? AND state = 'queued'").run(error, resultId);
    });
  }

  /**
   * The single window has the result (201, or 200 for a replay). This records the truth whatever
   * happened locally meanwhile: if the inspector edited or withdrew it while the request was in
   * flight, it was still delivered, and last_error says so. Returns false if it was already delivered.
   */
  markDelivered(resultId: string, deliveredAt: number): boolean {
    return this.transaction(() => {
      const header = this.header(resultId);
      if (!header) throw new ResultNotFoundError(resultId);
      if (header.state === 'delivered') return false;
      const note =
        header.state === 'queued'
          ? header.superseded_by === null
            ? null
            : `已按发送时的内容送达；修改后的内容是结果 ${header.superseded_by}，将取代它 / delivered with the content sent; the edit is result ${header.superseded_by}, which supersedes it`
          : `在${header.state === 'draft' ? '修改' : `状态 ${header.state}`}期间已送达单一窗口；单一窗口保留发送时的版本 / delivered to the single window while it was ${header.state === 'draft' ? 'being edited' : header.state}; the single window keeps the version sent`;
      this.statements
        .get("UPDATE results SET state = 'delivered', delivered_at = ?, updated_at = ?, last_error = ? WHERE result_id = ?")
        .run(iso(deliveredAt), iso(deliveredAt), note, resultId);
      this.audit.append({ actor: 'system', action: 'result.delivered', taskId: header.task_id, details: { resultId, from: header.state } });
      this.statements.get('DELETE FROM result_errors WHERE result_id = ?').run(resultId);
      this.dequeue(resultId);
      return true;
    });
  }

  /** 409: the task changed under the result. Returns false if the result was no longer queued (withdrawn or edited meanwhile). */
  markConflict(resultId: string, message: string, now = this.options.clock()): boolean {
    return this.leaveQueue(resultId, 'conflict', message, now);
  }

  /** 422: the single window refused the content; the field errors are kept for the inspector. */
  markRejected(resultId: string, fieldErrors: readonly FieldIssue[], message = 'the single window refused the result', now = this.options.clock()): boolean {
    return this.transaction(() => {
      if (!this.leaveQueue(resultId, 'rejected', message, now)) return false;
      this.statements.get('DELETE FROM result_errors WHERE result_id = ?').run(resultId);
      const insert = this.statements.get('INSERT INTO result_errors (result_id, seq, path, message) VALUES (?, ?, ?, ?)');
      fieldErrors.forEach((error, seq) => insert.run(resultId, seq, error.path, error.message));
      return true;
    });
  }

  /** 424 and no local copy to upload again: waits for the inspector (retry once the file is back, or edit). */
  markWaitingAttachment(resultId: string, message: string, now = this.options.clock()): boolean {
    return this.leaveQueue(resultId, 'waiting_attachment', message, now);
  }

  /** The row for a file the attachment store holds. Call it only after the store's put returned (file durable first). */
  recordAttachment(sha256: string, bytes: number, mediaType: string, now = this.options.clock()): AttachmentRow {
    return this.transaction(() => {
      const existing = this.attachment(sha256);
      if (existing) {
        // Content-addressed: the same hash is the same bytes, so the first row stands.
        if (existing.bytes !== bytes) {
          throw new ResultInputError(`attachment ${sha256} is recorded with ${existing.bytes} bytes, not ${bytes}`);
        }
        return existing;
      }
      this.statements
        .get('INSERT INTO attachments (sha256, bytes, media_type, stored_at) VALUES (?, ?, ?, ?)')
        .run(sha256, bytes, mediaType, iso(now));
      const row = this.attachment(sha256);
      if (!row) throw new Error(`attachment ${sha256} vanished after insert`);
      return row;
    });
  }

  attachment(sha256: string): AttachmentRow | null {
    const row = this.statements.get('SELECT sha256, bytes, media_type, stored_at, uploaded_at FROM attachments WHERE sha256 = ?').get(sha256) as
      | { sha256: string; bytes: number; media_type: string; stored_at: string; uploaded_at: string | null }
      | undefined;
    return row ? { sha256: row.sha256, bytes: row.bytes, mediaType: row.media_type, storedAt: row.stored_at, uploadedAt: row.uploaded_at } : null;
  }

  /** The single window has the file (201 or 200 to the PUT); it is not uploaded again. */
  markUploaded(sha256: string, now = this.options.clock()): void {
    this.statements.get('UPDATE attachments SET uploaded_at = coalesce(uploaded_at, ?) WHERE sha256 = ?').run(iso(now), sha256);
  }

  /** The files a result references, once each, in the result's order. */
  attachmentsOf(resultId: string): ResultAttachment[] {
    const rows = this.statements
      .get(
        `SELECT a.sha256, min(ra.seq) AS seq, ra.name, a.bytes, a.media_type, a.uploaded_at
         FROM result_attachments ra JOIN attachments a ON a.sha256 = ra.sha256
         WHERE ra.result_id = ? GROUP BY a.sha256 ORDER BY seq`,
      )
      .all(resultId) as { sha256: string; name: string; bytes: number; media_type: string; uploaded_at: string | null }[];
    return rows.map((row) => ({ sha256: row.sha256, name: row.name, bytes: row.bytes, mediaType: row.media_type, uploaded: row.uploaded_at !== null }));
  }

  private transaction<T>(run: () => T): T {
    return this.connection.transaction(run).immediate();
  }

  private header(resultId: string): HeaderRow | null {
    return (this.statements.get('SELECT * FROM results WHERE result_id = ?').get(resultId) as HeaderRow | undefined) ?? null;
  }

  private getOrThrow(resultId: string): ResultRecord {
    const record = this.get(resultId);
    if (!record) throw new ResultNotFoundError(resultId);
    return record;
  }

  private sameTask(existing: HeaderRow, taskId: string): void {
    if (existing.task_id !== taskId) {
      throw new ResultInputError(`result ${existing.result_id} belongs to task ${existing.task_id}, not ${taskId}`, [
        { path: 'taskId', message: `the result id is already used for task ${existing.task_id}` },
      ]);
    }
  }

  /** `recognizes` names one of the task's prior inspections in the local cache (the single window checks it too). */
  private checkRecognized(taskId: string, resultId: string): void {
    const found = this.statements
      .get('SELECT 1 FROM task_prior_inspections p JOIN tasks t ON t.rid = p.task_rid WHERE t.task_id = ? AND p.result_id = ?')
      .get(taskId, resultId);
    if (found === undefined) {
      throw new ResultInputError('the result recognises an inspection the task does not list', [
        { path: 'recognizes', message: `${resultId} is not a prior inspection of task ${taskId}` },
      ]);
    }
  }

  /** Every referenced file must be in the store (its row written after the file was made durable). */
  private checkAttachments(attachments: readonly AttachmentRef[]): void {
    const issues: FieldIssue[] = [];
    attachments.forEach((ref, index) => {
      const row = this.attachment(ref.sha256);
      if (!row) issues.push({ path: `attachments.${index}.sha256`, message: `attachment ${ref.sha256} is not in the attachment store; save the file first` });
      else if (row.bytes !== ref.bytes) issues.push({ path: `attachments.${index}.bytes`, message: `the stored file has ${row.bytes} bytes, not ${ref.bytes}` });
      else if (row.mediaType !== ref.mediaType) {
        issues.push({ path: `attachments.${index}.mediaType`, message: `the stored file is ${row.mediaType}, not ${ref.mediaType}` });
      }
    });
    if (issues.length) throw new ResultInputError('the result references attachments that are not stored', issues);
  }

  /**
   * The edit of a result the gateway may hold: a new draft (new id, same task, same gateway, same
   * content to start from) that supersedes it. A queued original keeps going out as it was sent;
   * one the gateway answered it did not keep cannot be here (sent_at is cleared by that answer).
   */
  private supersede(header: HeaderRow, now: number): ResultSummary {
    const old = this.getOrThrow(header.result_id);
    const newId = randomUUID();
    const content: DraftContent = { ...old.content, resultId: newId };
    this.statements
      .get(
        `INSERT INTO results (result_id, task_id, base_version, state, outcome, disposition, started_at, completed_at, created_by,
           created_at, updated_at, app_version, gateway, supersedes, ${SIGNOFF_COLUMNS.join(', ')})
         VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${SIGNOFF_COLUMNS.map(() => '?').join(', ')})`,
      )
      .run(
        newId,
        header.task_id,
        header.base_version,
        header.outcome,
        header.disposition,
        header.started_at,
        header.completed_at,
        header.created_by,
        iso(now),
        iso(now),
        this.options.appVersion,
        header.gateway,
        header.result_id,
        ...SIGNOFF_COLUMNS.map((column) => header[column]),
      );
    this.rows.replace(newId, content);
    this.statements.get('UPDATE results SET superseded_by = ?, updated_at = ? WHERE result_id = ?').run(newId, iso(now), header.result_id);
    const summary = this.summary(newId);
    if (!summary) throw new ResultNotFoundError(newId);
    return summary;
  }

  private writeHeader(
    content: DraftContent,
    exists: boolean,
    at: { state: 'draft' | 'queued'; now: number; submittedAt: string | null; referenceVersion: string | null; gateway: string },
  ): void {
    const values = {
      result_id: content.resultId,
      task_id: content.taskId,
      base_version: content.baseVersion,
      state: at.state,
      outcome: content.outcome ?? null,
      disposition: content.disposition ?? null,
      started_at: content.startedAt ?? null,
      completed_at: content.completedAt ?? null,
      now: iso(at.now),
      submitted_at: at.submittedAt,
      reference_version: at.referenceVersion,
      app_version: this.options.appVersion,
      gateway: at.gateway,
      ...signoffValues(content),
    };
    if (exists) {
      // created_by and created_at stay: the draft's creator, not the officer who pressed "submit".
      // gateway stays too: a result is for the single window it was started for.
      // A draft keeps its last error (what the inspector is fixing); a new submission starts clean.
      this.statements
        .get(
          `UPDATE results SET base_version = @base_version, state = @state, outcome = @outcome, disposition = @disposition,
             started_at = @started_at, completed_at = @completed_at, updated_at = @now, submitted_at = @submitted_at,
             reference_version = @reference_version, app_version = @app_version,
             ${SIGNOFF_COLUMNS.map((column) => `${column} = @${column}`).join(', ')},
             last_error = CASE WHEN @state = 'queued' THEN NULL ELSE last_error END
           WHERE result_id = @result_id AND task_id = @task_id`,
        )
        .run(values);
    } else {
      this.statements
        .get(
          `INSERT INTO results (result_id, task_id, base_version, state, outcome, disposition, started_at, completed_at, created_by,
             created_at, updated_at, submitted_at, reference_version, app_version, gateway, ${SIGNOFF_COLUMNS.join(', ')})
           VALUES (@result_id, @task_id, @base_version, @state, @outcome, @disposition, @started_at, @completed_at, @created_by,
             @now, @now, @submitted_at, @reference_version, @app_version, @gateway, ${SIGNOFF_COLUMNS.map((column) => `@${column}`).join(', ')})`,
        )
        .run(Object.assign({}, values, { created_by: content.createdBy }));
    }
  }

  /** Puts the result in the outbox, due now (a re-queued result starts its backoff afresh). */
  private enqueue(resultId: string, now: number): void {
    this.statements
      .get(
        `INSERT INTO outbox (result_id, enqueued_at, attempts, next_attempt_at) VALUES (?, ?, 0, 0)
         ON CONFLICT (result_id) DO UPDATE SET attempts = 0, next_attempt_at = 0`,
      )
      .run(resultId, iso(now));
  }

  private dequeue(resultId: string): void {
    this.statements.get('DELETE FROM outbox WHERE result_id = ?').run(resultId);
  }

  /** queued → a state that needs a person; only from queued, so a withdraw or edit made meanwhile stands. */
  private leaveQueue(resultId: string, state: 'conflict' | 'rejected' | 'waiting_attachment', message: string, now: number): boolean {
    return this.transaction(() => {
      const changed = this.statements
        // 409, 422, 424: the gateway answered that it did not keep the result, so its content is free again.
        .get("UPDATE results SET state = ?, last_error = ?, updated_at = ?, sent_at = NULL WHERE result_id = ? AND state = 'queued'")
        .run(state, message, iso(now), resultId).changes;
      const header = this.header(resultId);
      if (!header) throw new ResultNotFoundError(resultId);
      if (changed === 0) return false;
      // The single window's answer, as the pusher heard it: `conflict` (409), `rejected` (422), `waiting_attachment` (424).
      this.audit.append({ actor: 'system', action: `result.${state}`, taskId: header.task_id, details: { resultId, message } });
      this.dequeue(resultId);
      return true;
    });
  }

  private fieldErrors(resultId: string): FieldIssue[] {
    return this.statements.get('SELECT path, message FROM result_errors WHERE result_id = ? ORDER BY seq').all(resultId) as FieldIssue[];
  }

  private toSummary(row: SummaryRow): ResultSummary {
    return {
      resultId: row.result_id,
      taskId: row.task_id,
      state: row.state,
      baseVersion: row.base_version,
      taskVersion: row.task_version,
      outcome: row.outcome,
      disposition: row.disposition,
      updatedAt: row.updated_at,
      lastError: row.last_error,
      fieldErrors: this.fieldErrors(row.result_id),
      gateway: row.gateway,
      supersedes: row.supersedes,
      supersededBy: row.superseded_by,
    };
  }
}

const SUMMARY_SELECT = `SELECT r.result_id, r.task_id, r.state, r.base_version, t.version AS task_version, r.outcome, r.disposition,
  r.updated_at, r.last_error, r.gateway, r.supersedes, r.superseded_by FROM results r LEFT JOIN tasks t ON t.task_id = r.task_id`;

interface HeaderRow {
  result_id: string;
  task_id: string;
  base_version: number;
  state: ResultState;
  outcome: string | null;
  disposition: string | null;
  started_at: string | null;
  completed_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  delivered_at: string | null;
  reference_version: string | null;
  app_version: string;
  last_error: string | null;
  gateway: string;
  sent_at: string | null;
  supersedes: string | null;
  superseded_by: string | null;
  recognizes: string | null;
  countersign_name: string | null;
  countersign_capacity: Countersign['capacity'] | null;
  countersign_signed: 0 | 1 | null;
  countersign_refusal_note: string | null;
}

/** Columns of migration 008: the prior inspection recognised and the representative's countersignature. */
const SIGNOFF_COLUMNS = ['recognizes', 'countersign_name', 'countersign_capacity', 'countersign_signed', 'countersign_refusal_note'] as const;

function signoffValues(content: DraftContent): Pick<HeaderRow, (typeof SIGNOFF_COLUMNS)[number]> {
  const countersign = content.countersign;
  return {
    recognizes: content.recognizes ?? null,
    countersign_name: countersign?.name ?? null,
    countersign_capacity: countersign?.capacity ?? null,
    countersign_signed: countersign?.signed === undefined ? null : countersign.signed ? 1 : 0,
    countersign_refusal_note: countersign?.refusalNote ?? null,
  };
}

function countersignOf(header: HeaderRow): DraftContent['countersign'] {
  return {
    name: header.countersign_name ?? '',
    ...(header.countersign_capacity === null ? {} : { capacity: header.countersign_capacity }),
    ...(header.countersign_signed === null ? {} : { signed: header.countersign_signed === 1 }),
    ...(header.countersign_refusal_note === null ? {} : { refusalNote: header.countersign_refusal_note }),
  };
}

interface SummaryRow {
  result_id: string;
  task_id: string;
  state: ResultState;
  base_version: number;
  task_version: number | null;
  outcome: string | null;
  disposition: string | null;
  updated_at: string;
  last_error: string | null;
  gateway: string;
  supersedes: string | null;
  superseded_by: string | null;
}
