import type { Migration } from './migration.js';

/**
 * What the supervisor's KPIs (issue 10, point 3) need and the single window does not send: when a
 * task was created, first inspected, and released or held; kept so that every KPI query over a
 * million cached tasks stays within 200 ms. Triggers keep it all, so every writer (a pulled page, a
 * task returned by a result, a cancel, emptying the cache) keeps it right without knowing of it;
 * the migration backfills what is already cached.
 *
 * `task_kpi`, one row per task (times in ms since the epoch, from the `updatedAt` of the version
 * that brought the change; shared/contract/kpi.ts says what each one means):
 * - `created_at`: the first version this workstation received; `created_exact` when that was the
 *   task's first version (0 or 1).
 * - `finished_at`: the first version seen completed, released or held; kept if the task reopens.
 * - `decision`, `decided_at`: released or held now, and since which version; NULL otherwise, so a
 *   task released and then held again leaves the clearance figures and counts as held.
 * - `open_due_at`: the due time while the task is open (pending, assigned, in progress).
 * - the task's filter columns (site, mode, agency and type masks), copied so no KPI query joins
 *   `tasks`.
 *
 * `kpi_day_counts`: per Asia/Shanghai day (UTC+8, no daylight saving) and combination of filter
 * columns, how many tasks were inspected, released (and of those, first seen after their first
 * version), held, and are open and due that day. A summary reads only the cells of its days: a few
 * hundred combinations a day, however many tasks the cache holds. Triggers on `task_kpi` move a
 * task's contribution from its old cells to its new ones.
 *
 * `kpi_officer_tasks`: one row per finished task and officer the single window lists on it, with
 * the same columns, indexed by officer then finish time: each officer's count is a range read of
 * that index, never a join.
 *
 * Clearance percentiles walk the released tasks in clearance order (an index on the difference),
 * stopping at the wanted rank: no sort, whatever the range.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const MS = (iso: string): string => `CAST(round((julianday(${iso}) - 2440587.5) * 86400000) AS INTEGER)`;
const DAY = (ms: string): string => `(${ms} + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS}`;
const FINISHED = `('completed', 'released', 'held')`;
const DECIDED = `('released', 'held')`;
const OPEN = `('pending', 'assigned', 'in_progress')`;
const FILTER_COLUMNS = ['port_code', 'mode', 'agency_mask', 'type_mask'] as const;
const COUNTS = ['inspected', 'released', 'released_approx', 'held', 'due_open'] as const;
const KPI_COLUMNS = ['task_rid', ...FILTER_COLUMNS, 'created_at', 'created_exact', 'finished_at', 'decision', 'decided_at', 'open_due_at'] as const;

/** Adds `sign` (1 or -1) to the day cells the task_kpi row `row` (new or old) counts in. */
function countIn(row: 'new' | 'old', sign: 1 | -1): string {
  const cell = (day: string, counts: Record<(typeof COUNTS)[number], string>, when: string): string => `
      INSERT INTO kpi_day_counts (day, ${FILTER_COLUMNS.join(', ')}, ${COUNTS.join(', ')})
        SELECT ${DAY(day)}, ${FILTER_COLUMNS.map((c) => `${row}.${c}`).join(', ')}, ${COUNTS.map((c) => counts[c]).join(', ')} WHERE ${when}
        ON CONFLICT DO UPDATE SET ${COUNTS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};`;
  const none = { inspected: '0', released: '0', released_approx: '0', held: '0', due_open: '0' };
  return [
    cell(`${row}.finished_at`, { ...none, inspected: `${sign}` }, `${row}.finished_at IS NOT NULL`),
    cell(
      `${row}.decided_at`,
      {
        ...none,
        released: `${sign} * (${row}.decision = 'released')`,
        released_approx: `${sign} * (${row}.decision = 'released' AND ${row}.created_exact = 0)`,
        held: `${sign} * (${row}.decision = 'held')`,
      },
      `${row}.decided_at IS NOT NULL`,
    ),
    cell(`${row}.open_due_at`, { ...none, due_open: `${sign}` }, `${row}.open_due_at IS NOT NULL`),
  ].join('');
}

/** Officer rows for `operator` on the finished task_kpi rows `kpi` read `from` where. */
const officerRows = (kpi: string, operator: string, from: string): string => `
      INSERT INTO kpi_officer_tasks (task_rid, operator_id, finished_at, decision, ${FILTER_COLUMNS.join(', ')})
        SELECT ${kpi}.task_rid, ${operator}, ${kpi}.finished_at, ${kpi}.decision, ${FILTER_COLUMNS.map((c) => `${kpi}.${c}`).join(', ')}
        FROM ${from} AND ${kpi}.finished_at IS NOT NULL;`;

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
    CREATE INDEX task_kpi_by_open_due ON task_kpi (open_due_at, ${FILTER_COLUMNS.join(', ')}) WHERE open_due_at IS NOT NULL;
    CREATE INDEX task_kpi_by_clearance ON task_kpi (decided_at - created_at, decided_at, ${FILTER_COLUMNS.join(', ')}) WHERE decision = 'released';

    CREATE TABLE kpi_day_counts (
      day             INTEGER NOT NULL,
      port_code       TEXT    NOT NULL,
      mode            TEXT    NOT NULL,
      agency_mask     INTEGER NOT NULL,
      type_mask       INTEGER NOT NULL,
      inspected       INTEGER NOT NULL,
      released        INTEGER NOT NULL,
      released_approx INTEGER NOT NULL,
      held            INTEGER NOT NULL,
      due_open        INTEGER NOT NULL,
      -- Mode last: a summary groups by day, site and the masks in this order, without sorting.
      PRIMARY KEY (day, port_code, agency_mask, type_mask, mode)
    ) WITHOUT ROWID;

    CREATE TABLE kpi_officer_tasks (
      task_rid    INTEGER NOT NULL REFERENCES tasks (rid) ON DELETE CASCADE,
      operator_id TEXT    NOT NULL,
      finished_at INTEGER NOT NULL,
      decision    TEXT,
      port_code   TEXT    NOT NULL,
      mode        TEXT    NOT NULL,
      agency_mask INTEGER NOT NULL,
      type_mask   INTEGER NOT NULL,
      PRIMARY KEY (task_rid, operator_id)
    ) WITHOUT ROWID;
    CREATE INDEX kpi_officer_by_operator ON kpi_officer_tasks (operator_id, finished_at, decision, ${FILTER_COLUMNS.join(', ')});

    CREATE TRIGGER task_kpi_counted AFTER INSERT ON task_kpi BEGIN${countIn('new', 1)}
    END;
    CREATE TRIGGER task_kpi_recounted AFTER UPDATE ON task_kpi
      WHEN ${KPI_COLUMNS.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')}
    BEGIN${countIn('old', -1)}${countIn('new', 1)}
      DELETE FROM kpi_officer_tasks WHERE task_rid = new.task_rid;${officerRows('new', 'a.operator_id', 'task_assignments AS a WHERE a.task_rid = new.task_rid')}
    END;
    CREATE TRIGGER task_kpi_uncounted AFTER DELETE ON task_kpi BEGIN${countIn('old', -1)}
    END;

    CREATE TRIGGER task_assignments_kpi_added AFTER INSERT ON task_assignments BEGIN${officerRows('k', 'new.operator_id', 'task_kpi AS k WHERE k.task_rid = new.task_rid')}
    END;
    CREATE TRIGGER task_assignments_kpi_removed AFTER DELETE ON task_assignments BEGIN
      DELETE FROM kpi_officer_tasks WHERE task_rid = old.task_rid AND operator_id = old.operator_id;
    END;

    CREATE TRIGGER tasks_kpi_insert AFTER INSERT ON tasks BEGIN
      INSERT INTO task_kpi (${KPI_COLUMNS.join(', ')})
        VALUES (new.rid, ${FILTER_COLUMNS.map((c) => `new.${c}`).join(', ')}, ${MS('new.updated_at')}, new.version <= 1,
          CASE WHEN new.status IN ${FINISHED} THEN ${MS('new.updated_at')} END,
          CASE WHEN new.status IN ${DECIDED} THEN new.status END,
          CASE WHEN new.status IN ${DECIDED} THEN ${MS('new.updated_at')} END,
          CASE WHEN new.status IN ${OPEN} THEN new.due_at END);
    END;
    -- Every right-hand side reads the row as it was: a decision that stays keeps its time.
    CREATE TRIGGER tasks_kpi_update AFTER UPDATE OF status, updated_at, due_at, ${FILTER_COLUMNS.join(', ')} ON tasks BEGIN
      UPDATE task_kpi SET
        ${FILTER_COLUMNS.map((c) => `${c} = new.${c}`).join(', ')},
        finished_at = coalesce(finished_at, CASE WHEN new.status IN ${FINISHED} THEN ${MS('new.updated_at')} END),
        decision = CASE WHEN new.status IN ${DECIDED} THEN new.status END,
        decided_at = CASE
          WHEN new.status NOT IN ${DECIDED} THEN NULL
          WHEN decision IS new.status THEN decided_at
          ELSE ${MS('new.updated_at')} END,
        open_due_at = CASE WHEN new.status IN ${OPEN} THEN new.due_at END
      WHERE task_rid = new.rid;
    END;

    -- The backfill knows less than the triggers will: a task's creation is its oldest kept version
    -- (task_versions) or else its cached one, and its finish and decision are dated by the cached
    -- version (when the status changed is not kept for tasks cached before this migration).
    INSERT INTO task_kpi (${KPI_COLUMNS.join(', ')})
      SELECT t.rid, ${FILTER_COLUMNS.map((c) => `t.${c}`).join(', ')}, ${MS('coalesce(first.updated_at, t.updated_at)')}, coalesce(first.version, t.version) <= 1,
        CASE WHEN t.status IN ${FINISHED} THEN ${MS('t.updated_at')} END,
        CASE WHEN t.status IN ${DECIDED} THEN t.status END,
        CASE WHEN t.status IN ${DECIDED} THEN ${MS('t.updated_at')} END,
        CASE WHEN t.status IN ${OPEN} THEN t.due_at END
      FROM tasks AS t
      LEFT JOIN task_versions AS first ON first.task_rid = t.rid
        AND first.version = (SELECT min(version) FROM task_versions WHERE task_rid = t.rid);
    ${officerRows('k', 'a.operator_id', 'task_kpi AS k JOIN task_assignments AS a ON a.task_rid = k.task_rid WHERE 1')}
  `,
};
