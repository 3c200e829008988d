import type { Migration } from './migration.js';

/**
 * A supervisor's review of a submitted inspection (issue 10, point 2: the examiner-and-chief
 * pattern): endorsed, or returned to its officers with a comment they read on the task. One decision
 * per result: a returned inspection is corrected as a new result, which is reviewed in its turn. The
 * decision is also in the audit chain (same transaction); this table is what screens read.
 */
export const migration013: Migration = {
  version: 13,
  name: 'result-reviews',
  sql: `
    CREATE TABLE result_reviews (
      result_id   TEXT NOT NULL PRIMARY KEY REFERENCES results (result_id),
      decision    TEXT NOT NULL CHECK (decision IN ('endorsed', 'returned')),
      comment     TEXT NOT NULL,
      reviewer    TEXT NOT NULL,
      reviewed_at TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
