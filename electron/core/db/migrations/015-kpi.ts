import type { Migration } from './migration.js';

/**
 * The times the supervisor's KPIs need (issue 10, point 3), which the single window does not send:
 * when a task was created, first inspected, and released or held. One row per task in `task_kpi`,
 * kept by triggers on `tasks` so every writer (a pulled page, a task returned by a result, a cancel)
 * keeps it right without knowing of it; the migration backfills the tasks already cached.
 *
 * Times are ms since the epoch, read from the `updatedAt` of the version that brought the change
 * (shared/contract/kpi.ts says what each one means):
 * - `created_at`: the first version this workstation received; `created_exact` when that was the
 *   task's first version (0 or 1).
 * - `finished_at`: the first version seen completed, released or held; kept if the task reopens.
 * - `decision`, `decided_at`: released or held now, and since which version; NULL otherwise, so a task
 *   released and then held again leaves the clearance figures and counts as held.
 * - `open_due_at`: the due time (ms) while the task is open (pending, assigned, in progress), for
 *   the overdue count; NULL once it is not.
 *
 * The task's filter columns (site, mode, agency and type masks) are copied here so a KPI query over
 * a range of days reads only this table's indexes: joining a million-task cache row by row to
 * `tasks` is what a 200 ms budget cannot afford.
 *
 * The backfill knows less than the triggers will: a task's creation is its oldest kept version
 * (task_versions) or else its cached one, and its finish and decision are dated by the cached
 * version (the time the status changed is not kept for tasks cached before this migration). The indexes lead with the dated event and cover
 * every column a KPI query reads.
 */
const MS = (iso: string): string => `CAST(round((julianday(${iso}) - 2440587.5) * 86400000) AS INTEGER)`;
const FINISHED = `('completed', 'released', 'held')`;
const DECIDED = `('released', 'held')`;
const OPEN = `('pending', 'assigned', 'in_progress')`;

export const migration015: Migration = {
  version: 15,
  name: 'kpi',
  sql: `
    CREATE TABLE task_kpi (
      task_rid      INTEGER PRIMARY KEY REFERENCES tasks (rid) ON DELETE CASCADE,
      port_code     TEXT    NOT NULL,
      mode          TEXT    NOT NULL,
      agency_mask   INTEGER NOT NULL,
      type_mask     INTEGER NOT NULL,
      created_at    INTEGER NOT NULL,
      created_exact INTEGER NOT NULL CHECK (created_exact IN (0, 1)),
      finished_at   INTEGER,
      decision      TEXT    CHECK (decision IN ${DECIDED}),
      decided_at    INTEGER,
      open_due_at   INTEGER,
      CHECK ((decision IS NULL) = (decided_at IS NULL))
    );
    CREATE INDEX task_kpi_by_finished ON task_kpi (finished_at, port_code, mode, agency_mask, type_mask, decision) WHERE finished_at IS NOT NULL;
    CREATE INDEX task_kpi_by_decided ON task_kpi (decided_at, decision, created_at, port_code, mode, agency_mask, type_mask) WHERE decided_at IS NOT NULL;
    CREATE INDEX task_kpi_by_open_due ON task_kpi (open_due_at, port_code, mode, agency_mask, type_mask) WHERE open_due_at IS NOT NULL;

    CREATE TRIGGER tasks_kpi_insert AFTER INSERT ON tasks BEGIN
      INSERT INTO task_kpi (task_rid, port_code, mode, agency_mask, type_mask, created_at, created_exact, finished_at, decision, decided_at, open_due_at)
        VALUES (new.rid, new.port_code, new.mode, new.agency_mask, new.type_mask, ${MS('new.updated_at')}, new.version <= 1,
          CASE WHEN new.status IN ${FINISHED} THEN ${MS('new.updated_at')} END,
          CASE WHEN new.status IN ${DECIDED} THEN new.status END,
          CASE WHEN new.status IN ${DECIDED} THEN ${MS('new.updated_at')} END,
          CASE WHEN new.status IN ${OPEN} THEN new.due_at END);
    END;
    -- Every right-hand side reads the row as it was: a decision that stays keeps its time.
    CREATE TRIGGER tasks_kpi_update AFTER UPDATE OF status, updated_at, due_at, port_code, mode, agency_mask, type_mask ON tasks BEGIN
      UPDATE task_kpi SET
        port_code = new.port_code, mode = new.mode, agency_mask = new.agency_mask, type_mask = new.type_mask,
        finished_at = coalesce(finished_at, CASE WHEN new.status IN ${FINISHED} THEN ${MS('new.updated_at')} END),
        decision = CASE WHEN new.status IN ${DECIDED} THEN new.status END,
        decided_at = CASE
          WHEN new.status NOT IN ${DECIDED} THEN NULL
          WHEN decision IS new.status THEN decided_at
          ELSE ${MS('new.updated_at')} END,
        open_due_at = CASE WHEN new.status IN ${OPEN} THEN new.due_at END
      WHERE task_rid = new.rid;
    END;

    INSERT INTO task_kpi (task_rid, port_code, mode, agency_mask, type_mask, created_at, created_exact, finished_at, decision, decided_at, open_due_at)
      SELECT t.rid, t.port_code, t.mode, t.agency_mask, t.type_mask, ${MS('coalesce(first.updated_at, t.updated_at)')}, coalesce(first.version, t.version) <= 1,
        CASE WHEN t.status IN ${FINISHED} THEN ${MS('t.updated_at')} END,
        CASE WHEN t.status IN ${DECIDED} THEN t.status END,
        CASE WHEN t.status IN ${DECIDED} THEN ${MS('t.updated_at')} END,
        CASE WHEN t.status IN ${OPEN} THEN t.due_at END
      FROM tasks AS t
      LEFT JOIN task_versions AS first ON first.task_rid = t.rid
        AND first.version = (SELECT min(version) FROM task_versions WHERE task_rid = t.rid);
  `,
};
