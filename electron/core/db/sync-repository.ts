import type { Database as Sqlite } from 'better-sqlite3';
import type { ChangesPage, GatewayTask, JournalEntry, JournalMessage } from '../../../shared/contract/index.js';
import { journalMessageSchema, type journalOutcomes } from '../../../shared/contract/index.js';
import { ReferenceRepository } from './reference-repository.js';
import { StatementCache } from './statement-cache.js';
import type { TaskRepository } from './task-repository.js';
import type { AssignmentState } from './task-writes.js';

export type JournalOutcome = (typeof journalOutcomes)[number];
export type FlagKind = 'cancelled' | 'reassigned';

export interface SyncState {
  cursor: string | null;
  lastPullAt: string | null;
  lastSuccessAt: string | null;
  /** The last page stored said hasMore: false. */
  caughtUp: boolean;
  referenceVersion: string | null;
  referenceEtag: string | null;
}

export interface JournalRow {
  at: string;
  call: string;
  outcome: JournalOutcome;
  status: number | null;
  durationMs: number;
  /** Rows from before messages (migration 011) held English text here; new rows leave it empty. */
  detail: string;
  /** What happened, put in words by the renderer; absent on rows written the old way. */
  message?: JournalMessage;
}

export interface JournalQuery {
  outcome?: JournalOutcome;
  /** Case-insensitive substring of the call. */
  call?: string;
  /** Only entries older than this id. */
  beforeId?: number;
  limit: number;
}

export interface TaskFlagRow {
  taskId: string;
  operatorId: string;
  kind: FlagKind;
  reason: string;
  at: string;
  acknowledged: boolean;
}

interface FlagWrite {
  taskId: string;
  operatorId: string;
  kind: FlagKind;
  reason: string;
  at: string;
}

/** What one page did to the cache. */
export interface PageApplied {
  /** Inserted or updated tasks. */
  upserts: number;
  /** Tasks the cache held that are now cancelled. */
  cancels: number;
  /** Changes that were not newer than the cache (redelivered, stale) or cancels of unknown tasks. */
  unchanged: number;
  /** Flags raised for operators with a draft or undelivered result on a task taken from them. */
  flags: number;
  /** Tasks whose cached row changed, for the renderer's tasks:changed. */
  changedTaskIds: string[];
}

/** The journal keeps the newest rows only; an admin reads recent trouble, not last year's. */
export const JOURNAL_KEEP = 50_000;

const STATE_SQL = `SELECT cursor, last_pull_at AS lastPullAt, last_success_at AS lastSuccessAt, caught_up AS caughtUp,
  reference_version AS referenceVersion, reference_etag AS referenceEtag FROM sync_state WHERE id = 1`;
const SAVE_PAGE_SQL = 'UPDATE sync_state SET cursor = @cursor, last_pull_at = @at, last_success_at = @at, caught_up = @caughtUp WHERE id = 1';
const CLEAR_CURSOR_SQL = 'UPDATE sync_state SET cursor = NULL, caught_up = 0 WHERE id = 1';
const INSERT_JOURNAL_SQL = `INSERT INTO sync_journal (at, call, outcome, status, duration_ms, detail, message)
  VALUES (@at, @call, @outcome, @status, @durationMs, @detail, @message)`;
// Ids are the rowid and only the oldest rows are ever deleted, so max(id) - keep is the boundary:
// an index seek, not a count over 50,000 rows on every append.
const PRUNE_JOURNAL_SQL = 'DELETE FROM sync_journal WHERE id <= (SELECT max(id) FROM sync_journal) - @keep';
// Drafts and results that have not reached the single window (delivered) or been given up (withdrawn).
const OPEN_RESULT_OWNERS_SQL = `SELECT DISTINCT created_by FROM results
  WHERE task_id = ? AND state NOT IN ('delivered', 'withdrawn') ORDER BY created_by`;
// A new event raises the flag again even if an earlier one was acknowledged.
const UPSERT_FLAG_SQL = `INSERT INTO task_flags (task_id, operator_id, kind, reason, at, acknowledged)
  VALUES (@taskId, @operatorId, @kind, @reason, @at, 0)
  ON CONFLICT (task_id, operator_id, kind) DO UPDATE SET reason = excluded.reason, at = excluded.at, acknowledged = 0`;
const INSERT_FLAG_ONCE_SQL = `INSERT OR IGNORE INTO task_flags (task_id, operator_id, kind, reason, at, acknowledged)
  VALUES (@taskId, @operatorId, @kind, @reason, @at, 0)`;
// Which gateway the cursor belongs to: a key of its own in the settings table (migration 002),
// beside the gateway settings, written only here.
const CURSOR_OWNER_SQL = 'SELECT cursor_gateway FROM sync_state WHERE id = 1';
const SET_CURSOR_OWNER_SQL = 'UPDATE sync_state SET cursor_gateway = ? WHERE id = 1';
const FORGET_REFERENCE_ETAG_SQL = 'UPDATE sync_state SET reference_etag = NULL WHERE id = 1';
const FLAG_COLUMNS = 'task_id AS taskId, operator_id AS operatorId, kind, reason, at, acknowledged';
/**
 * A flag's reason is read by the inspector beside its kind: in both languages (zh-CN / English), as
 * the seal check writes its proposals. A cancel's own reason from the single window goes as it came.
 */
const CANCELLED_REASON = '单一窗口已撤销该任务 / cancelled by the single window';

/**
 * Sync bookkeeping: the pull cursor with the page it ends, the journal a person reads, and the
 * flags on tasks cancelled or reassigned under someone's work. Takes the connection and the task
 * repository of the same database, so a page, its flags and its cursor commit together.
 */
export class SyncRepository {
  private readonly statements: StatementCache;
  /** The reference data each sync cycle fetches, with its version and ETag in sync_state. */
  readonly reference: ReferenceRepository;

  constructor(
    private readonly connection: Sqlite,
    private readonly tasks: TaskRepository,
  ) {
    this.statements = new StatementCache(connection);
    this.reference = new ReferenceRepository(connection);
  }

  state(): SyncState {
    const row = this.statements.get(STATE_SQL).get() as Omit<SyncState, 'caughtUp'> & { caughtUp: number };
    return { ...row, caughtUp: row.caughtUp === 1 };
  }

  /**
   * Applies one page of the change feed and stores its cursor, in one transaction: after a crash
   * the cache holds either the whole page and its cursor or neither, so the page is fetched again
   * and applying it twice is harmless (versions not newer are no-ops). Drafts and results are never
   * touched; an operator who has one on a task that is cancelled or taken from them gets a flag.
   */
  applyChangesPage(page: ChangesPage, at: string, journalRow?: (applied: PageApplied) => JournalRow): PageApplied {
    return this.connection.transaction(() => {
      const applied: PageApplied = { upserts: 0, cancels: 0, unchanged: 0, flags: 0, changedTaskIds: [] };
      for (const change of page.changes) {
        const taskId = change.op === 'upsert' ? change.task.taskId : change.taskId;
        const owners = this.openResultOwners(taskId);
        // Only read what the task was when someone has work on it: the common case stays one lookup.
        const before = owners.length > 0 ? this.tasks.assignmentOf(taskId) : null;
        if (change.op === 'upsert') {
          const outcome = this.tasks.upsertOne(change.task);
          if (outcome === 'unchanged') {
            applied.unchanged++;
            continue;
          }
          applied.upserts++;
          applied.changedTaskIds.push(taskId);
          for (const flag of upsertFlags(change.task, before, owners)) {
            this.raiseFlag({ taskId, ...flag, at });
            applied.flags++;
          }
        } else {
          const outcome = this.tasks.cancelOne(change);
          if (outcome === 'cancelled') {
            applied.cancels++;
            applied.changedTaskIds.push(taskId);
          } else {
            applied.unchanged++;
          }
          if (outcome === 'unchanged') continue;
          // A cancel of a task the cache never held still reaches whoever has a draft for it. With no
          // version to compare, a redelivery must not raise an acknowledged flag again.
          for (const operatorId of owners) {
            const flag = { taskId, operatorId, kind: 'cancelled' as const, reason: change.reason || CANCELLED_REASON, at };
            if (outcome === 'cancelled' ? this.raiseFlag(flag) : this.addFlagOnce(flag)) applied.flags++;
          }
        }
      }
      this.statements.get(SAVE_PAGE_SQL).run({ cursor: page.nextCursor, at, caughtUp: page.hasMore ? 0 : 1 });
      // The page's journal row commits with it: one commit (one fsync) per page, not two.
      if (journalRow) this.appendJournal(journalRow(applied));
      return applied;
    }).immediate();
  }

  /**
   * Ties the stored cursor to the gateway it came from. When the gateway changes (another address,
   * or a new training simulator run) the cursor means nothing there: it is dropped so the next pull
   * starts from the beginning, and with `forgetTasks` the cached tasks go too (a new single window
   * numbers its versions afresh, so old rows would shadow its changes). Drafts, results and flags
   * stay, and so does the reference data (without its ETag). One transaction; returns whether
   * anything was reset.
   */
  bindCursor(identity: string, options: { forgetTasks?: boolean } = {}): boolean {
    return this.connection.transaction(() => {
      const stored = this.statements.get(CURSOR_OWNER_SQL).pluck().get() as string | null;
      if (stored === identity) return false;
      this.statements.get(CLEAR_CURSOR_SQL).run();
      if (options.forgetTasks) this.tasks.forgetAll();
      this.statements.get(SET_CURSOR_OWNER_SQL).run(identity);
      // The cached reference data stays usable until the new single window's replaces it, but its
      // ETag is the other's: the next fetch must not be answered 304 with it.
      this.statements.get(FORGET_REFERENCE_ETAG_SQL).run();
      return true;
    }).immediate();
  }

  /** After 410 cursor_expired: the next pull starts from the beginning. Tasks, drafts and results stay. */
  clearCursor(): void {
    this.statements.get(CLEAR_CURSOR_SQL).run();
  }

  appendJournal(row: JournalRow, keep: number = JOURNAL_KEEP): number {
    return this.connection.transaction(() => {
      const { message, ...columns } = row;
      const id = Number(this.statements.get(INSERT_JOURNAL_SQL).run({ ...columns, message: message ? JSON.stringify(message) : null }).lastInsertRowid);
      this.statements.get(PRUNE_JOURNAL_SQL).run({ keep });
      return id;
    })();
  }

  /** Newest first. */
  journal(query: JournalQuery): JournalEntry[] {
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: query.limit };
    if (query.outcome !== undefined) {
      where.push('outcome = @outcome');
      params.outcome = query.outcome;
    }
    if (query.call !== undefined && query.call !== '') {
      where.push('instr(lower(call), lower(@call)) > 0');
      params.call = query.call;
    }
    if (query.beforeId !== undefined) {
      where.push('id < @beforeId');
      params.beforeId = query.beforeId;
    }
    // The clauses are fixed fragments (values are bound), so the cache holds at most eight shapes.
    const sql = `SELECT id, at, call, outcome, status, duration_ms AS durationMs, detail, message FROM sync_journal
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    const rows = this.statements.get(sql).all(params) as (Omit<JournalEntry, 'message'> & { message: string | null })[];
    return rows.map(entryOf);
  }

  pruneJournal(keep: number = JOURNAL_KEEP): number {
    return this.statements.get(PRUNE_JOURNAL_SQL).run({ keep }).changes;
  }

  /** Flags not yet acknowledged, newest first; one operator's when given. */
  flags(operatorId?: string): TaskFlagRow[] {
    const rows = (
      operatorId === undefined
        ? this.statements.get(`SELECT ${FLAG_COLUMNS} FROM task_flags WHERE acknowledged = 0 ORDER BY at DESC, task_id, operator_id, kind`).all()
        : this.statements.get(`SELECT ${FLAG_COLUMNS} FROM task_flags WHERE acknowledged = 0 AND operator_id = ? ORDER BY at DESC, task_id, operator_id, kind`).all(operatorId)
    ) as (Omit<TaskFlagRow, 'acknowledged'> & { acknowledged: number })[];
    return rows.map((row) => ({ ...row, acknowledged: row.acknowledged === 1 }));
  }

  /** Marks a flag seen: one operator's, or everyone's on that task when no operator is named. Returns how many. */
  acknowledgeFlag(taskId: string, kind: FlagKind, operatorId?: string): number {
    if (operatorId === undefined) {
      return this.statements.get('UPDATE task_flags SET acknowledged = 1 WHERE task_id = ? AND kind = ? AND acknowledged = 0').run(taskId, kind).changes;
    }
    return this.statements
      .get('UPDATE task_flags SET acknowledged = 1 WHERE task_id = ? AND kind = ? AND operator_id = ? AND acknowledged = 0')
      .run(taskId, kind, operatorId).changes;
  }

  private openResultOwners(taskId: string): string[] {
    return this.statements.get(OPEN_RESULT_OWNERS_SQL).pluck().all(taskId) as string[];
  }

  private raiseFlag(flag: FlagWrite): boolean {
    return this.statements.get(UPSERT_FLAG_SQL).run(flag).changes > 0;
  }

  private addFlagOnce(flag: FlagWrite): boolean {
    return this.statements.get(INSERT_FLAG_ONCE_SQL).run(flag).changes > 0;
  }
}

/**
 * Flags an applied (newer) upsert raises: cancelled when the task's status became cancelled;
 * reassigned for each owner of open work who is not among the new assignees, when the assignees
 * changed (a new version that leaves the assignment alone says nothing new to them).
 */
function upsertFlags(task: GatewayTask, before: AssignmentState | null, owners: readonly string[]): { operatorId: string; kind: FlagKind; reason: string }[] {
  if (owners.length === 0) return [];
  if (task.status === 'cancelled') {
    if (before?.status === 'cancelled') return [];
    return owners.map((operatorId) => ({ operatorId, kind: 'cancelled', reason: CANCELLED_REASON }));
  }
  const assigneesChanged = before === null || !sameSet(before.assignedTo, task.assignedTo);
  if (!assigneesChanged) return [];
  const to = task.assignedTo.join(', ');
  const reason = to === '' ? '已撤销指派，无人负责 / assigned to nobody' : `改派给 ${to} / reassigned to ${to}`;
  return owners.filter((operatorId) => !task.assignedTo.includes(operatorId)).map((operatorId) => ({ operatorId, kind: 'reassigned', reason }));
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

/**
 * A stored row for the contract. A message that no longer reads as one of the catalog's (edited by
 * hand, or damaged) is shown as its raw text rather than failing the whole page of the journal.
 */
function entryOf(row: Omit<JournalEntry, 'message'> & { message: string | null }): JournalEntry {
  if (row.message === null) return { ...row, message: null };
  const parsed = journalMessageSchema.safeParse(parseJson(row.message));
  return parsed.success ? { ...row, message: parsed.data } : { ...row, message: null, detail: row.detail || row.message };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
