import type { Migration } from './migration.js';

/**
 * Sync with the single window: the pull cursor, the journal a person reads, flags on tasks that
 * changed under an inspector's draft, results (drafts included) with their parts in child tables,
 * the outbox, content-addressed attachments, settings and the encrypted gateway credentials.
 */
export const migration002: Migration = {
  version: 2,
  name: 'sync',
  sql: `
    -- One row. The cursor is stored in the same transaction as the page it ends.
    CREATE TABLE sync_state (
      id                INTEGER PRIMARY KEY CHECK (id = 1),
      cursor            TEXT,
      -- The gateway that issued the cursor: a cursor means nothing to another gateway.
      cursor_gateway    TEXT,
      last_pull_at      TEXT,
      last_success_at   TEXT,
      caught_up         INTEGER NOT NULL DEFAULT 0,
      reference_version TEXT,
      reference_etag    TEXT
    );
    INSERT INTO sync_state (id) VALUES (1);

    CREATE TABLE sync_journal (
      id          INTEGER PRIMARY KEY,
      at          TEXT    NOT NULL,
      call        TEXT    NOT NULL,
      outcome     TEXT    NOT NULL CHECK (outcome IN ('ok','retry','error','conflict','rejected')),
      status      INTEGER,
      duration_ms INTEGER NOT NULL,
      detail      TEXT    NOT NULL
    );
    CREATE INDEX sync_journal_by_at ON sync_journal (at);
    CREATE INDEX sync_journal_by_outcome ON sync_journal (outcome, id);

    -- A task cancelled or reassigned while someone had a draft or an undelivered result on it.
    CREATE TABLE task_flags (
      task_id      TEXT    NOT NULL,
      operator_id  TEXT    NOT NULL,
      kind         TEXT    NOT NULL CHECK (kind IN ('cancelled','reassigned')),
      reason       TEXT    NOT NULL,
      at           TEXT    NOT NULL,
      acknowledged INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (task_id, operator_id, kind)
    ) WITHOUT ROWID;

    CREATE TABLE results (
      result_id         TEXT    PRIMARY KEY,
      task_id           TEXT    NOT NULL,
      base_version      INTEGER NOT NULL,
      state             TEXT    NOT NULL CHECK (state IN ('draft','queued','delivered','conflict','rejected','waiting_attachment','withdrawn')),
      outcome           TEXT    CHECK (outcome IN ('conform','nonconform','not_inspected')),
      disposition       TEXT    CHECK (disposition IN ('release','hold','return','destroy','refer')),
      started_at        TEXT,
      completed_at      TEXT,
      created_by        TEXT    NOT NULL,
      created_at        TEXT    NOT NULL,
      updated_at        TEXT    NOT NULL,
      submitted_at      TEXT,
      delivered_at      TEXT,
      reference_version TEXT,
      app_version       TEXT    NOT NULL,
      last_error        TEXT,
      CHECK (state = 'draft' OR (outcome IS NOT NULL AND disposition IS NOT NULL AND started_at IS NOT NULL AND completed_at IS NOT NULL))
    );
    CREATE INDEX results_by_task ON results (task_id, state);
    CREATE INDEX results_by_state ON results (state, updated_at);

    CREATE TABLE result_inspectors (
      result_id   TEXT    NOT NULL REFERENCES results (result_id) ON DELETE CASCADE,
      seq         INTEGER NOT NULL,
      operator_id TEXT    NOT NULL,
      PRIMARY KEY (result_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE result_findings (
      result_id    TEXT    NOT NULL REFERENCES results (result_id) ON DELETE CASCADE,
      seq          INTEGER NOT NULL,
      agency       TEXT    NOT NULL,
      code         TEXT    NOT NULL,
      severity     TEXT    NOT NULL CHECK (severity IN ('info','minor','major','critical')),
      text         TEXT    NOT NULL,
      goods_line   INTEGER,
      container_no TEXT,
      PRIMARY KEY (result_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE result_seals (
      result_id    TEXT    NOT NULL REFERENCES results (result_id) ON DELETE CASCADE,
      seq          INTEGER NOT NULL,
      container_no TEXT    NOT NULL,
      action       TEXT    NOT NULL CHECK (action IN ('removed','applied')),
      seal_no      TEXT    NOT NULL,
      PRIMARY KEY (result_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE result_samples (
      result_id  TEXT    NOT NULL REFERENCES results (result_id) ON DELETE CASCADE,
      seq        INTEGER NOT NULL,
      sample_id  TEXT    NOT NULL,
      goods_line INTEGER NOT NULL,
      quantity   REAL    NOT NULL,
      unit       TEXT    NOT NULL,
      lab        TEXT    NOT NULL,
      PRIMARY KEY (result_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE result_checklist (
      result_id TEXT NOT NULL REFERENCES results (result_id) ON DELETE CASCADE,
      item_id   TEXT NOT NULL,
      answer    TEXT NOT NULL CHECK (answer IN ('yes','no','na')),
      note      TEXT,
      PRIMARY KEY (result_id, item_id)
    ) WITHOUT ROWID;
    CREATE TABLE attachments (
      sha256      TEXT    PRIMARY KEY CHECK (length(sha256) = 64),
      bytes       INTEGER NOT NULL CHECK (bytes >= 0),
      media_type  TEXT    NOT NULL,
      stored_at   TEXT    NOT NULL,
      uploaded_at TEXT
    ) WITHOUT ROWID;
    CREATE TABLE result_attachments (
      result_id TEXT    NOT NULL REFERENCES results (result_id) ON DELETE CASCADE,
      seq       INTEGER NOT NULL,
      sha256    TEXT    NOT NULL REFERENCES attachments (sha256),
      name      TEXT    NOT NULL,
      PRIMARY KEY (result_id, seq)
    ) WITHOUT ROWID;
    -- Field errors of a 422, shown to the inspector next to the fields.
    CREATE TABLE result_errors (
      result_id TEXT    NOT NULL REFERENCES results (result_id) ON DELETE CASCADE,
      seq       INTEGER NOT NULL,
      path      TEXT    NOT NULL,
      message   TEXT    NOT NULL,
      PRIMARY KEY (result_id, seq)
    ) WITHOUT ROWID;

    -- Written in the same transaction as the result it sends; removed when the gateway has it.
    CREATE TABLE outbox (
      id              INTEGER PRIMARY KEY,
      result_id       TEXT    NOT NULL UNIQUE REFERENCES results (result_id),
      enqueued_at     TEXT    NOT NULL,
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX outbox_by_next_attempt ON outbox (next_attempt_at, id);

    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
