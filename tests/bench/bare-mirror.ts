import BetterSqlite3 from 'better-sqlite3';
import type { Database as Sqlite, Statement, Transaction } from 'better-sqlite3';

type Step = readonly [Statement, readonly unknown[]];
type Row = Record<string, unknown>;

/** Settings of the console's connection that change what a write costs in SQLite itself. */
const SAME_PRAGMAS = ['journal_mode', 'synchronous', 'foreign_keys'] as const;

/**
 * The baseline of the inspection benchmark: a copy of the console's database file (VACUUM INTO,
 * taken after the set-up) written by a bare better-sqlite3 handle with the console's journal mode,
 * synchronous and foreign-key settings. After each write of the console, the rows it wrote are
 * read from the console's file (untimed) and handed back as one transaction that writes the same
 * rows into the copy, in the same tables: what SQLite alone costs, without frame parsing, zod,
 * JSON, the handler's reads and checks, hashing or the answer.
 */
export class BareMirror {
  /** Statements prepared once on each side: a statement made per round leaves a weak handle for the next scavenge to process, which lands in whichever timed call allocates when it runs. */
  private readonly appStatements = new Map<string, Statement>();
  private readonly bareStatements = new Map<string, Statement>();
  private readonly write: Transaction<(steps: readonly Step[]) => void>;
  private readonly resultTables: string[];
  private lastAuditId: number;
  private lastRows = 0;

  private constructor(
    private readonly app: Sqlite,
    private readonly bare: Sqlite,
  ) {
    // Every table keyed by a result (the result, its parts, its outbox row), parents first as created;
    // the draft's row is the one the submit deletes.
    this.resultTables = app
      .prepare("SELECT m.name FROM sqlite_schema m JOIN pragma_table_info(m.name) c ON c.name = 'result_id' WHERE m.type = 'table' AND m.name <> 'inspection_drafts' ORDER BY m.rowid")
      .pluck()
      .all() as string[];
    this.lastAuditId = this.maxAuditId();
    this.write = bare.transaction((steps: readonly Step[]) => {
      for (const [statement, values] of steps) statement.run(...values);
    });
  }

  static copyOf(app: Sqlite, file: string): BareMirror {
    app.prepare('VACUUM INTO ?').run(file);
    const bare = new BetterSqlite3(file);
    for (const pragma of SAME_PRAGMAS) bare.pragma(`${pragma} = ${String(app.pragma(pragma, { simple: true }))}`);
    return new BareMirror(app, bare);
  }

  /** The bare write of the console's last save of the task's draft: its row updated, its audit entry. */
  draftSaved(taskId: string): () => void {
    const row = this.read('SELECT result_id, draft, updated_at FROM inspection_drafts WHERE task_id = ?').get(taskId) as Row | undefined;
    if (!row) throw new Error(`no draft of task ${taskId}`);
    const update = this.statement('UPDATE inspection_drafts SET draft = ?, updated_at = ? WHERE task_id = ? AND result_id = ?');
    return this.transaction([[update, [row.draft, row.updated_at, taskId, row.result_id]], ...this.newAuditRows()]);
  }

  /** The bare write of the console's submit of the task: the result's rows, its audit entry, the draft removed. */
  resultSubmitted(taskId: string): () => void {
    const resultId = this.read('SELECT result_id FROM results WHERE task_id = ?').pluck().get(taskId);
    if (typeof resultId !== 'string') throw new Error(`no result of task ${taskId}`);
    const steps: Step[] = [
      ...this.resultTables.flatMap((table) => this.inserts(table, this.read(`SELECT * FROM ${table} WHERE result_id = ?`).all(resultId) as Row[])),
      ...this.newAuditRows(),
      [this.statement('DELETE FROM inspection_drafts WHERE task_id = ? AND result_id = ?'), [taskId, resultId]],
    ];
    return this.transaction(steps);
  }

  /** Rows the last bare transaction handed out writes (inserted, updated or deleted). */
  rowsOfLastWrite(): number {
    return this.lastRows;
  }

  /** Both files hold as many rows in every table the benchmark wrote: the baseline wrote what the console wrote. */
  checkSameRows(): void {
    for (const table of [...this.resultTables, 'audit_log', 'inspection_drafts']) {
      const count = (db: Sqlite) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      if (count(this.app) !== count(this.bare)) throw new Error(`the baseline's ${table} has ${count(this.bare)} rows, the console's ${count(this.app)}`);
    }
  }

  close(): void {
    this.bare.close();
  }

  private transaction(steps: readonly Step[]): () => void {
    this.lastRows = steps.length;
    return () => this.write.immediate(steps);
  }

  private newAuditRows(): Step[] {
    const rows = this.read('SELECT * FROM audit_log WHERE id > ? ORDER BY id').all(this.lastAuditId) as Row[];
    this.lastAuditId = this.maxAuditId();
    return this.inserts('audit_log', rows);
  }

  private inserts(table: string, rows: readonly Row[]): Step[] {
    return rows.map((row) => {
      const columns = Object.keys(row);
      return [this.statement(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`), Object.values(row)];
    });
  }

  private maxAuditId(): number {
    return this.read('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number;
  }

  /** A read of the console's file (untimed). */
  private read(sql: string): Statement {
    return cached(this.appStatements, this.app, sql);
  }

  /** A write of the copy. */
  private statement(sql: string): Statement {
    return cached(this.bareStatements, this.bare, sql);
  }
}

function cached(statements: Map<string, Statement>, connection: Sqlite, sql: string): Statement {
  let statement = statements.get(sql);
  if (!statement) {
    statement = connection.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
