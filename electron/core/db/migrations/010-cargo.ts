import type { Migration } from './migration.js';

/**
 * Live cargo (issue 9, point 3), so that a restart shows the last known picture with the link down.
 * - cargo_latest: the newest position per cargo. Positions arrive late and out of order; the row
 *   changes only for a newer `at` (at_ms), so a late report never moves a cargo back.
 * - cargo_track: the cargo's recent points for replay, keyed (cargo, time) so a report received
 *   twice (a resumed stream, a page after a gap) is one point; capped per cargo by the store.
 * - cargo_stream_state: where to resume: the stream's last event id (Last-Event-ID) and the newest
 *   `at` seen (positions?since= after a gap). Written in the same transaction as the batch it ends.
 * Times are ms since the epoch and coordinates plain reals: the rows are written thousands a second.
 */
export const migration010: Migration = {
  version: 10,
  name: 'cargo',
  sql: `
    CREATE TABLE cargo_latest (
      cargo_id         TEXT    NOT NULL PRIMARY KEY,
      event_id         TEXT    NOT NULL,
      container_no     TEXT,
      transport_doc_no TEXT    NOT NULL,
      task_id          TEXT,
      mode             TEXT    NOT NULL CHECK (mode IN ('rail', 'river', 'road', 'air', 'sea')),
      corridor         TEXT    NOT NULL,
      lon              REAL    NOT NULL,
      lat              REAL    NOT NULL,
      at_ms            INTEGER NOT NULL,
      speed_kmh        REAL,
      heading          REAL,
      milestone        TEXT
    ) WITHOUT ROWID;

    CREATE TABLE cargo_track (
      cargo_id  TEXT    NOT NULL,
      at_ms     INTEGER NOT NULL,
      lon       REAL    NOT NULL,
      lat       REAL    NOT NULL,
      speed_kmh REAL,
      PRIMARY KEY (cargo_id, at_ms)
    ) WITHOUT ROWID;

    CREATE TABLE cargo_stream_state (
      id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
      last_event_id TEXT,
      newest_at_ms  INTEGER
    );
    INSERT INTO cargo_stream_state (id) VALUES (1);
  `,
};
