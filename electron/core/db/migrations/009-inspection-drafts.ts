import type { Migration } from './migration.js';

/**
 * The inspection in progress (issue 8, point 4): one draft per task, the form's content kept
 * VERBATIM as JSON, so that after a crash or a core restart the officers get back exactly what they
 * typed: the order of their checklist answers, a seal entry still empty, a half-typed note, a sample
 * whose quantity is not typed yet. Normalized result tables (schema 2) cannot hold that: they keep a
 * complete result (one answer per item, seals merged per container, no empty entries). The draft
 * becomes such a result at submit, in the transaction that removes its row here.
 *
 * task_id is the key (one open inspection per task); result_id is made at start and is unique, so
 * a draft's id can never collide with another draft's.
 */
export const migration009: Migration = {
  version: 9,
  name: 'inspection-drafts',
  sql: `
    CREATE TABLE inspection_drafts (
      task_id    TEXT NOT NULL PRIMARY KEY,
      result_id  TEXT NOT NULL UNIQUE,
      draft      TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
