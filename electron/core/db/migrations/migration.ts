export interface Migration {
  /** Becomes PRAGMA user_version once the migration is committed. Numbered from 1 without gaps. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
