import type { Database as Sqlite, Statement } from 'better-sqlite3';
import { canonicalJson, type JsonObject } from '../audit/canonical-json.js';
import { ACTION_PATTERN, GENESIS_HASH, entryHash, type ChainedFields } from '../audit/chain.js';
import type { ChainSource, StoredAuditRow } from '../audit/verify.js';

/** One action to record. */
export interface AuditAction {
  /** Operator id of the person (or `admin`, `system`) who did it. */
  actor: string;
  /** Lower-case dotted name, e.g. `settings.gateway_changed`. */
  action: string;
  taskId?: string | null;
  /** What changed; never a secret. Stored as canonical JSON. */
  details?: JsonObject;
}

export interface AuditEntry extends ChainedFields {
  prevHash: string;
  hash: string;
}

export class AuditAppendError extends Error {}

/**
 * What the core outside the db layer may read of the log (an evidence bundle's segment and anchors;
 * the chain walked for the UI's badge). Appends belong to the repositories whose actions they
 * record, in their transactions; an action that writes no row of its own (an evidence bundle's
 * export, a file) appends inside Database.writeWithoutWaiting, the only transaction open to it.
 */
export type AuditLog = Pick<AuditRepository, 'head' | 'entriesFor' | 'rowsAfter' | 'hasSeq' | 'count' | 'append'>;

/** Rows for the verifier, as arrays in the chain's field order (see verify.ts StoredAuditRow). */
const ROWS_AFTER_SQL = `SELECT id, seq, at, actor, action, task_id, details, prev_hash, hash
  FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`;

/**
 * The audit log table (migration 004). `append` runs inside the caller's transaction, so an action
 * and its entry commit together or not at all, and reads the chain's head in that same transaction
 * (one writer at a time: the head it reads is the head it extends). Statements are prepared on
 * first use, so a repository can exist over a file opened at an older schema as long as nothing
 * is appended.
 */
export class AuditRepository implements ChainSource {
  private statements: {
    head: Statement<[], { seq: number; hash: string }>;
    insert: Statement<[number, string, string, string, string | null, string, string, string]>;
    rowsAfter: Statement<[number, number]>;
    hasSeq: Statement<[number], { found: number }>;
    count: Statement<[], { n: number }>;
  } | null = null;

  constructor(
    private readonly connection: Sqlite,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Appends one entry; throws unless a transaction is open on this connection. */
  append(entry: AuditAction): AuditEntry {
    if (!this.connection.inTransaction) {
      throw new AuditAppendError('an audit entry is written inside the transaction of the action it records');
    }
    checkText('actor', entry.actor);
    if (!ACTION_PATTERN.test(entry.action)) throw new AuditAppendError(`audit action ${JSON.stringify(entry.action)} is not a dotted lower-case name`);
    const taskId = entry.taskId ?? null;
    if (taskId !== null) checkText('task id', taskId);
    const s = this.prepared();
    const head = s.head.get();
    const prevHash = head?.hash ?? GENESIS_HASH;
    const fields: ChainedFields = {
      seq: (head?.seq ?? 0) + 1,
      at: new Date(this.clock()).toISOString(),
      actor: entry.actor,
      action: entry.action,
      taskId,
      details: canonicalJson(entry.details ?? {}),
    };
    const hash = entryHash(prevHash, fields);
    s.insert.run(fields.seq, fields.at, fields.actor, fields.action, fields.taskId, fields.details, prevHash, hash);
    // Completed in place, not copied by a spread followed by new keys (README "Hot paths and the young generation").
    return Object.assign(fields, { prevHash, hash });
  }

  rowsAfter(afterRowid: number, limit: number): readonly StoredAuditRow[] {
    return this.prepared().rowsAfter.raw(true).all(afterRowid, limit) as unknown[][];
  }

  hasSeq(seq: number): boolean {
    return this.prepared().hasSeq.get(seq) !== undefined;
  }

  count(): number {
    return this.prepared().count.get()?.n ?? 0;
  }

  /** The newest entry's seq and hash (the chain's head, an evidence bundle's anchor); null while the log is empty. */
  head(): { seq: number; hash: string } | null {
    return this.prepared().head.get() ?? null;
  }

  /** The entries about one task in chain order (the evidence bundle's segment, tests). */
  entriesFor(taskId: string | null): AuditEntry[] {
    const sql = `SELECT seq, at, actor, action, task_id AS taskId, details, prev_hash AS prevHash, hash FROM audit_log
      WHERE ${taskId === null ? '1' : 'task_id = ?'} ORDER BY seq`;
    const statement = this.connection.prepare<unknown[], AuditEntry>(sql);
    return taskId === null ? statement.all() : statement.all(taskId);
  }

  private prepared(): NonNullable<AuditRepository['statements']> {
    this.statements ??= {
      head: this.connection.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      insert: this.connection.prepare(
        'INSERT INTO audit_log (seq, at, actor, action, task_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      rowsAfter: this.connection.prepare(ROWS_AFTER_SQL),
      hasSeq: this.connection.prepare('SELECT 1 AS found FROM audit_log WHERE seq = ?'),
      count: this.connection.prepare('SELECT count(*) AS n FROM audit_log'),
    };
    return this.statements;
  }
}

/**
 * Text stored in a column is UTF-8: a lone surrogate would be replaced on the way in and the entry
 * would no longer match its hash. Refused up front instead.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkText(what: string, value: string): void {
  if (value.length === 0 || LONE_SURROGATE.test(value)) throw new AuditAppendError(`audit ${what} must be non-empty, well-formed text`);
}
