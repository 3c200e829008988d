import type { Migration } from './migration.js';

/**
 * The audit log: who did what, when, on which task, hash-chained (electron/core/audit/chain.ts).
 * `id` (the rowid) is the order rows were written, `seq` the position each hash covers: the verifier
 * walks id order and checks seq, so a reordered log is told apart from a gap. Append-only in SQLite
 * too: the triggers refuse any UPDATE, DELETE or REPLACE, so no code path of the console can rewrite
 * history (someone with the file can drop them; the chain is what catches that).
 */
export const migration004: Migration = {
  version: 4,
  name: 'audit',
  sql: `
    CREATE TABLE audit_log (
      id         INTEGER PRIMARY KEY, -- the rowid: order of writing
      seq        INTEGER NOT NULL UNIQUE CHECK (seq >= 1),
      at         TEXT    NOT NULL,
      actor      TEXT    NOT NULL CHECK (length(actor) > 0),
      action     TEXT    NOT NULL CHECK (length(action) > 0),
      task_id    TEXT,
      details    TEXT    NOT NULL,
      prev_hash  TEXT    NOT NULL CHECK (length(prev_hash) = 64),
      hash       TEXT    NOT NULL CHECK (length(hash) = 64)
    );
    -- The evidence bundle's segment: one task's entries in chain order.
    CREATE INDEX audit_log_by_task ON audit_log (task_id, seq) WHERE task_id IS NOT NULL;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
      SELECT RAISE(ABORT, 'audit_log is append-only');
    END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
      SELECT RAISE(ABORT, 'audit_log is append-only');
    END;
    -- INSERT OR REPLACE deletes the row it replaces without firing DELETE triggers (unless
    -- recursive_triggers is on): an insert over an existing id or seq is refused here instead.
    CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
    WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = new.seq OR id = new.id) BEGIN
      SELECT RAISE(ABORT, 'audit_log is append-only');
    END;
  `,
};
