import type { Migration } from './migration.js';

/**
 * Tasks pulled from the single window, normalized: the list columns live on `tasks` (indexed for
 * the inspector's ordering), containers, seals, goods lines, assignments and risk reasons in child
 * tables. Agencies and inspection types are small fixed sets stored as bit masks (see task-codes.ts)
 * so a filter on them is a cheap test during an ordered index walk.
 *
 * Search: task_search_text holds one lower-cased search document per task (container numbers,
 * declaration number, consignee name and USCC, goods descriptions in Chinese and English). Two FTS5
 * indexes are built over it, keyed by tasks.rid:
 * - task_text (trigram, external content = task_search_text): substrings of 3+ characters;
 * - task_cjk (unicode61 over pre-split bigrams, contentless): two-character Chinese terms
 *   (冷冻, 木材, 榴莲), which the trigram tokenizer cannot match.
 * The document itself lets a search over a common term check rows in list order instead of
 * reading every hit (see task-reads.ts). Complete identifiers use the B-tree indexes.
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
    CREATE INDEX tasks_by_uscc ON tasks (consignee_uscc);
    CREATE INDEX tasks_by_declaration ON tasks (declaration_no);

    -- A cancel from the single window for a task this workstation never held (the initial load may
    -- carry them). The task exists there, cancelled; the cache lists it as such and a stale upsert
    -- (a version not newer than the cancel) cannot bring it back.
    CREATE TABLE task_cancellations (
      task_id TEXT    PRIMARY KEY,
      version INTEGER NOT NULL CHECK (version >= 0),
      reason  TEXT    NOT NULL
    ) WITHOUT ROWID;

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

    CREATE TABLE task_search_text (
      rid      INTEGER PRIMARY KEY REFERENCES tasks (rid) ON DELETE CASCADE,
      document TEXT    NOT NULL
    );
    CREATE VIRTUAL TABLE task_text USING fts5 (
      document,
      tokenize = 'trigram', content = 'task_search_text', content_rowid = 'rid'
    );
    -- The standard external-content triggers keep the trigram index equal to its documents,
    -- including when a task is deleted and its document goes with it by cascade.
    CREATE TRIGGER task_search_text_ai AFTER INSERT ON task_search_text BEGIN
      INSERT INTO task_text (rowid, document) VALUES (new.rid, new.document);
    END;
    CREATE TRIGGER task_search_text_ad AFTER DELETE ON task_search_text BEGIN
      INSERT INTO task_text (task_text, rowid, document) VALUES ('delete', old.rid, old.document);
    END;
    CREATE TRIGGER task_search_text_au AFTER UPDATE ON task_search_text BEGIN
      INSERT INTO task_text (task_text, rowid, document) VALUES ('delete', old.rid, old.document);
      INSERT INTO task_text (rowid, document) VALUES (new.rid, new.document);
    END;
    CREATE VIRTUAL TABLE task_cjk USING fts5 (
      words,
      tokenize = 'unicode61', content = '', contentless_delete = 1
    );
    CREATE TRIGGER tasks_ad AFTER DELETE ON tasks BEGIN
      DELETE FROM task_cjk WHERE rowid = old.rid;
    END;
  `,
};
