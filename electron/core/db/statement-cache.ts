import type { Database as Sqlite, Statement } from 'better-sqlite3';

/** Prepared statements by SQL text: list shapes are few, and preparing costs more than running. */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(readonly connection: Sqlite) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
