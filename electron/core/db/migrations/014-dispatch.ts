import type { Migration } from './migration.js';

/**
 * Dispatch (issue 10, point 1: 双随机).
 * - The duty roster: per site (a task's port code) and shift (the date it starts and `day`/`night`,
 *   shared/contract/dispatch.ts), the officers on duty in the order listed. Only the operator id is
 *   kept: the agency, name and whether the account is enabled are read from the accounts at each use,
 *   so a disabled account stops being drawn at once. The accounts may live in another file (the real
 *   database while training works in its own), hence no foreign key to them.
 * - Assignments on their way to the single window, an outbox of their own: the row is the queue
 *   entry, written in the same transaction as the audit entry and the cache's new officers, and its
 *   id is the Idempotency-Key, made once at queue time so a retry after a lost answer replays instead
 *   of assigning twice. `gateway` is the single window it was made for (gateway-identity.ts), as on
 *   results. `sent_at` marks content put on the wire without an answer yet: such a row may already be
 *   applied there, so a later dispatch cannot quietly replace it. Officers are rows, in three lists:
 *   `sent` (what the row assigns), `prior` (the cache's officers before it, put back when it does
 *   not go through) and `answered` (the task's officers in a 409's answer).
 */
export const migration014: Migration = {
  version: 14,
  name: 'dispatch',
  sql: `
    CREATE TABLE roster_shifts (
      port_code  TEXT NOT NULL CHECK (length(port_code) = 4),
      shift_date TEXT NOT NULL CHECK (shift_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      shift      TEXT NOT NULL CHECK (shift IN ('day', 'night')),
      updated_by TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (port_code, shift_date, shift)
    ) WITHOUT ROWID;
    CREATE TABLE roster_officers (
      port_code   TEXT    NOT NULL,
      shift_date  TEXT    NOT NULL,
      shift       TEXT    NOT NULL,
      seq         INTEGER NOT NULL,
      operator_id TEXT    NOT NULL,
      PRIMARY KEY (port_code, shift_date, shift, operator_id),
      FOREIGN KEY (port_code, shift_date, shift) REFERENCES roster_shifts (port_code, shift_date, shift) ON DELETE CASCADE
    ) WITHOUT ROWID;

    CREATE TABLE assignments (
      assignment_id    TEXT    PRIMARY KEY,
      task_id          TEXT    NOT NULL,
      kind             TEXT    NOT NULL CHECK (kind IN ('random', 'manual')),
      reason           TEXT    CHECK ((kind = 'manual') = (length(trim(coalesce(reason, ''))) > 0)),
      base_version     INTEGER NOT NULL CHECK (base_version >= 0),
      prior_status     TEXT    NOT NULL,
      gateway          TEXT    NOT NULL,
      state            TEXT    NOT NULL CHECK (state IN ('queued', 'delivered', 'conflict', 'rejected', 'superseded')),
      created_by       TEXT    NOT NULL,
      created_at       TEXT    NOT NULL,
      sent_at          TEXT,
      delivered_at     TEXT,
      last_error       TEXT,
      attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at  INTEGER NOT NULL DEFAULT 0,
      conflict_version INTEGER,
      conflict_status  TEXT
    ) WITHOUT ROWID;
    CREATE INDEX assignments_due ON assignments (gateway, next_attempt_at) WHERE state = 'queued';
    CREATE INDEX assignments_by_task ON assignments (task_id, created_at);
    CREATE INDEX assignments_unsettled ON assignments (created_at) WHERE state IN ('queued', 'conflict', 'rejected');
    CREATE TABLE assignment_officers (
      assignment_id TEXT    NOT NULL REFERENCES assignments (assignment_id) ON DELETE CASCADE,
      list          TEXT    NOT NULL CHECK (list IN ('sent', 'prior', 'answered')),
      seq           INTEGER NOT NULL,
      operator_id   TEXT    NOT NULL,
      PRIMARY KEY (assignment_id, list, seq)
    ) WITHOUT ROWID;
  `,
};
