import type { Migration } from './migration.js';

/**
 * Tasks pulled from the single window, normalized: the list columns live on `tasks` (indexed for
 * the inspector's ordering), containers, seals, goods lines, assignments and risk reasons in child
 * tables. Agencies and inspection types are small fixed sets stored as bit masks (see task-codes.ts)
 * so a filter on them is a cheap test during an ordered index walk.
 *
 * Full-text search uses two contentless FTS5 tables keyed by tasks.rid:
 * - task_text (trigram): substrings of 3+ characters in container numbers, declaration number,
 *   consignee name and USCC, goods descriptions (Chinese and English);
 * - task_cjk (unicode61 over pre-split bigrams): two-character Chinese terms (冷冻, 木材, 榴莲),
 *   which the trigram tokenizer cannot match.
 */
export const migration001: Migration = {
  version: 1,
  name: 'tasks',
  sql: `
    CREATE TABLE tasks (
      rid            INTEGER PRIMARY KEY,
      task_id        TEXT    NOT NULL UNIQUE,
      version        INTEGER NOT NULL CHECK (version >= 0),
      port_code      TEXT    NOT NULL,
      declaration_no TEXT    NOT NULL,
      bill_of_lading TEXT    NOT NULL,
      mode           TEXT    NOT NULL CHECK (mode IN ('rail','river','road','air','sea')),
      consignee_name TEXT    NOT NULL,
      consignee_uscc TEXT    NOT NULL,
      credit_grade   TEXT    NOT NULL CHECK (credit_grade IN ('advanced_certified','certified','regular','dishonest','seriously_dishonest')),
      credit_as_of   TEXT    NOT NULL,
      priority_rank  INTEGER NOT NULL CHECK (priority_rank IN (0, 1, 2)),
      status         TEXT    NOT NULL CHECK (status IN ('pending','assigned','in_progress','completed','released','held','cancelled')),
      due_at         INTEGER NOT NULL,
      agency_mask    INTEGER NOT NULL CHECK (agency_mask > 0),
      type_mask      INTEGER NOT NULL CHECK (type_mask > 0),
      area           TEXT    NOT NULL,
      lon            REAL    NOT NULL,
      lat            REAL    NOT NULL,
      checklist_id   TEXT    NOT NULL,
      cargo_id       TEXT    NOT NULL,
      updated_at     TEXT    NOT NULL,
      goods_summary  TEXT    NOT NULL
    );
    -- The list is ordered by (segment, due_at, rid) where the segment derives from priority_rank and
    -- due_at; each index below serves one status filter as ordered range scans per priority.
    CREATE INDEX tasks_by_priority_due ON tasks (priority_rank, due_at);
    CREATE INDEX tasks_open_by_priority_due ON tasks (priority_rank, due_at)
      WHERE status IN ('pending','assigned','in_progress');
    CREATE INDEX tasks_by_status_priority_due ON tasks (status, priority_rank, due_at);
    CREATE INDEX tasks_by_cargo ON tasks (cargo_id);

    CREATE TABLE task_containers (
      task_rid     INTEGER NOT NULL REFERENCES tasks (rid) ON DELETE CASCADE,
      seq          INTEGER NOT NULL,
      container_no TEXT    NOT NULL,
      size_type    TEXT    NOT NULL,
      PRIMARY KEY (task_rid, seq)
    ) WITHOUT ROWID;
    CREATE INDEX task_containers_by_no ON task_containers (container_no);

    CREATE TABLE task_seals (
      task_rid      INTEGER NOT NULL,
      container_seq INTEGER NOT NULL,
      seq           INTEGER NOT NULL,
      seal_no       TEXT    NOT NULL,
      PRIMARY KEY (task_rid, container_seq, seq),
      FOREIGN KEY (task_rid, container_seq) REFERENCES task_containers (task_rid, seq) ON DELETE CASCADE
    ) WITHOUT ROWID;

    CREATE TABLE task_goods (
      task_rid       INTEGER NOT NULL REFERENCES tasks (rid) ON DELETE CASCADE,
      line           INTEGER NOT NULL,
      hs_code        TEXT    NOT NULL,
      description    TEXT    NOT NULL,
      quantity       REAL    NOT NULL,
      unit           TEXT    NOT NULL,
      origin_country TEXT    NOT NULL,
      declared_value REAL    NOT NULL,
      currency       TEXT    NOT NULL,
      PRIMARY KEY (task_rid, line)
    ) WITHOUT ROWID;

    CREATE TABLE task_assignments (
      task_rid    INTEGER NOT NULL REFERENCES tasks (rid) ON DELETE CASCADE,
      operator_id TEXT    NOT NULL,
      PRIMARY KEY (task_rid, operator_id)
    ) WITHOUT ROWID;
    CREATE INDEX task_assignments_by_operator ON task_assignments (operator_id, task_rid);

    CREATE TABLE task_risk_reasons (
      task_rid INTEGER NOT NULL REFERENCES tasks (rid) ON DELETE CASCADE,
      seq      INTEGER NOT NULL,
      reason   TEXT    NOT NULL,
      PRIMARY KEY (task_rid, seq)
    ) WITHOUT ROWID;

    CREATE VIRTUAL TABLE task_text USING fts5 (
      containers, declaration, consignee, goods,
      tokenize = 'trigram', content = '', contentless_delete = 1
    );
    CREATE VIRTUAL TABLE task_cjk USING fts5 (
      words,
      tokenize = 'unicode61', content = '', contentless_delete = 1
    );
  `,
};
