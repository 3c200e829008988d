import { hash } from 'node:crypto';
import type { Database as Sqlite } from 'better-sqlite3';
import { inspectionDraftSchema, type InspectionDraft } from '../../../shared/contract/inspection.js';
import type { JsonObject } from '../audit/canonical-json.js';
import { AuditRepository } from './audit-repository.js';
import type { ResultSummary } from '../../../shared/contract/sync.js';
import type { DraftContent, ResultInput } from './result-input.js';
import type { ResultRepository, SubmitOutcome } from './result-repository.js';
import { StatementCache } from './statement-cache.js';
import { transactionRunner, type TransactionRunner } from './transaction-runner.js';

/** A second inspection of a task while one is open: refused (one open inspection per task). */
export class DraftExistsError extends Error {
  constructor(readonly taskId: string) {
    super(`an inspection of task ${taskId} is already open on this workstation; continue it or discard it first`);
  }
}

/** What a draft change is recorded as in the audit chain. */
export type DraftAction = 'draft.change' | 'draft.signed';

/** Results of a task that are not drafts: an inspection that happened (or was sent, or withdrawn after). */
const EARLIER_INSPECTORS_SQL = `SELECT DISTINCT ri.operator_id FROM results r JOIN result_inspectors ri ON ri.result_id = r.result_id
  WHERE r.task_id = ? AND r.state <> 'draft'`;

/**
 * The inspections in progress (migration 009): one draft per task, stored verbatim, every change in
 * the same transaction as its audit entry. The audit entry carries the sha256 of the draft as
 * stored, so the chain proves what each change left behind without holding the content.
 */
export class InspectionDraftRepository {
  private readonly statements: StatementCache;
  private readonly audit: AuditRepository;
  /** Every write of this repository, IMMEDIATE: the write lock is taken before the read that the write builds on. */
  private readonly transaction: TransactionRunner;
  /**
   * Drafts as an edit last read or wrote them, by task, so that the next edit (a save on every
   * keystroke) neither reads nor parses the stored text again: a tenth of a save's JavaScript and a
   * fifth of what it allocated (issue 8 point 12). This repository is the only code that writes
   * inspection_drafts, and the core holds the file's write lock (database-lock.ts), so the table
   * cannot change behind it. Every other write of a draft drops the task's entry inside its
   * transaction (a rollback leaves it merely missing); an edit sets it only once its own outermost
   * transaction has committed. The drafts held are never changed: edits build new ones from them.
   */
  private readonly edited = new Map<string, InspectionDraft>();

  constructor(
    private readonly connection: Sqlite,
    private readonly results: ResultRepository,
    clock: () => number,
  ) {
    this.statements = new StatementCache(connection);
    this.audit = new AuditRepository(connection, clock);
    this.transaction = transactionRunner(connection, 'immediate');
  }

  get(taskId: string): InspectionDraft | null {
    const text = this.storedText(taskId);
    return text === null ? null : inspectionDraftSchema.parse(JSON.parse(text));
  }

  /** Operators named on a result of this task that is not a draft (the re-inspection rule). */
  earlierInspectors(taskId: string): Set<string> {
    return new Set(this.statements.get(EARLIER_INSPECTORS_SQL).pluck().all(taskId) as string[]);
  }

  /** The first draft of a task; DraftExistsError when the task has one already. */
  create(draft: InspectionDraft, actor: string, details: Record<string, string>): InspectionDraft {
    return this.transaction(() => {
      if (this.get(draft.taskId)) throw new DraftExistsError(draft.taskId);
      const text = this.insert(draft);
      this.audit.append({ actor, action: 'inspection.start', taskId: draft.taskId, details: { resultId: draft.resultId, draftSha256: sha256(text), ...details } });
      return draft;
    });
  }

  /** Replaces the task's draft as given (the caller merged it with the stored one). */
  save(draft: InspectionDraft, actor: string, action: DraftAction): InspectionDraft {
    return this.transaction(() => this.replace(draft, JSON.stringify(inspectionDraftSchema.parse(draft)), actor, action));
  }

  /**
   * An officer's edit of the content (inspection:save, on every change the form makes), the read
   * and the write in one transaction: `next` is handed the stored draft and answers the draft to
   * store, or null when the edit leaves the draft as it is (nothing is written, the stored draft is
   * answered). Null when the task has no draft. Nothing here goes through the schema, which `get`
   * and `save` run: the stored text is the core's own write, parsed by the schema before it was
   * stored, and `next` builds only from it and from content the router parsed, checking whatever
   * it adds itself. A save is then one schema parse instead of four (issue 8 point 12: a draft save
   * within 2x a bare write of its rows).
   */
  edit(taskId: string, actor: string, next: (stored: InspectionDraft) => InspectionDraft | null): InspectionDraft | null {
    const outermost = !this.connection.inTransaction;
    const stored = this.transaction(() => {
      const before = this.edited.get(taskId) ?? this.storedDraft(taskId);
      if (before === null) return null;
      const draft = next(before);
      return draft === null ? before : this.replace(draft, JSON.stringify(draft), actor, 'draft.change');
    });
    if (stored !== null && outermost) this.edited.set(taskId, stored);
    return stored;
  }

  /** Removes the draft with the reason in the audit chain; false when the task has none. */
  discard(taskId: string, actor: string, reason: string): boolean {
    return this.transaction(() => {
      const draft = this.get(taskId);
      if (!draft) return false;
      this.edited.delete(taskId);
      this.statements.get('DELETE FROM inspection_drafts WHERE task_id = ?').run(taskId);
      this.audit.append({ actor, action: 'inspection.discard', taskId, details: { resultId: draft.resultId, reason } });
      return true;
    });
  }

  /**
   * results:resolve edit, in one transaction: the result goes back to draft (or a new draft
   * supersedes one the gateway may hold, result-repository.ts) and becomes the task's open
   * inspection, made by `toDraft` from the draft's stored content, so the form shows what was sent.
   * DraftExistsError when the task already has an open inspection: nothing changes then.
   */
  reopen(resultId: string, actor: string, now: number, toDraft: (content: DraftContent) => InspectionDraft): ResultSummary {
    return this.transaction(() => {
      const before = this.results.summary(resultId);
      if (before && this.get(before.taskId)) throw new DraftExistsError(before.taskId);
      const summary = this.results.resolve(resultId, 'edit', now, actor);
      const record = this.results.get(summary.resultId);
      if (!record) throw new Error(`result ${summary.resultId} was edited but cannot be read back`);
      const draft = toDraft(record.content);
      const text = this.insert(draft);
      this.audit.append({ actor, action: 'inspection.reopen', taskId: draft.taskId, details: { resultId: draft.resultId, from: resultId, draftSha256: sha256(text) } });
      return summary;
    });
  }

  /**
   * The draft becomes a result: queued with its outbox row (results.submit, nested here as a
   * savepoint), the `result.submit` audit entry, and the draft's row removed, all in one transaction.
   * `typed`: what the officers typed that the result has no field for (draft-to-result.ts), kept in the entry.
   */
  submit(result: ResultInput, actor: string, typed: JsonObject | null = null): SubmitOutcome {
    return this.transaction(() => {
      const outcome = this.results.submit(result);
      this.edited.delete(result.taskId);
      this.statements.get('DELETE FROM inspection_drafts WHERE task_id = ? AND result_id = ?').run(result.taskId, result.resultId);
      this.audit.append({
        actor,
        action: 'result.submit',
        taskId: result.taskId,
        details: {
          resultId: result.resultId,
          outcome: result.outcome,
          disposition: result.disposition,
          inspectors: result.inspectors.join(','),
          ...(typed === null ? {} : { typedIdentifiers: typed }),
        },
      });
      return outcome;
    });
  }

  /** The stored draft as written (the core's own text, parsed by the schema before it was stored). */
  private storedDraft(taskId: string): InspectionDraft | null {
    const text = this.storedText(taskId);
    return text === null ? null : (JSON.parse(text) as InspectionDraft);
  }

  private storedText(taskId: string): string | null {
    const text = this.statements.get('SELECT draft FROM inspection_drafts WHERE task_id = ?').pluck().get(taskId) as string | undefined;
    return text ?? null;
  }

  /** Writes `text`, the draft as stored, over the task's draft, with its audit entry; inside the caller's transaction. */
  private replace(draft: InspectionDraft, text: string, actor: string, action: DraftAction): InspectionDraft {
    this.edited.delete(draft.taskId);
    const changed = this.statements
      .get('UPDATE inspection_drafts SET draft = ?, updated_at = ? WHERE task_id = ? AND result_id = ?')
      .run(text, draft.updatedAt, draft.taskId, draft.resultId).changes;
    if (changed === 0) throw new Error(`no open inspection ${draft.resultId} of task ${draft.taskId} to save`);
    this.audit.append({ actor, action, taskId: draft.taskId, details: { resultId: draft.resultId, draftSha256: sha256(text) } });
    return draft;
  }

  /** Stores a new draft verbatim; the text stored, for its audit entry's hash. */
  private insert(draft: InspectionDraft): string {
    this.edited.delete(draft.taskId);
    const text = JSON.stringify(inspectionDraftSchema.parse(draft));
    this.statements
      .get('INSERT INTO inspection_drafts (task_id, result_id, draft, updated_at) VALUES (?, ?, ?, ?)')
      .run(draft.taskId, draft.resultId, text, draft.updatedAt);
    return text;
  }
}

/** One-shot (no Hash object to be collected): see chain.ts's entryHash. */
function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}
