/** Why a database file was refused. The file is left exactly as it was in every case. */
export type DatabaseOpenProblem = 'newer_schema' | 'not_a_database' | 'cannot_open' | 'in_use';

export class DatabaseOpenError extends Error {
  constructor(
    readonly problem: DatabaseOpenProblem,
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}
