import type { Migration } from './migration.js';

/**
 * Earlier versions of a task, kept when the single window sends a newer version of a task the cache
 * already holds, so the task detail can say what changed (status, priority, due time, officers).
 *
 * A trigger keeps them, not the writer: every path that raises a task's version (a pulled page, a
 * task returned by a result or an assignment, a cancel) goes through `UPDATE tasks ... version`, and
 * none has to remember to. It fires only on an update that raises the version, so a task's first
 * arrival (the whole initial sync) and a stale or redelivered version (not written at all) cost
 * nothing. The officers are read from task_assignments while they are still the old version's: the
 * writer replaces child rows after updating the task row (task-writes.ts upsertOne).
 *
 * `superseded_at` is when the version after this one arrived at this workstation (UTC): the time of
 * the change the history shows. At most MAX_TASK_VERSIONS earlier versions are kept per task; the
 * oldest go first. They go with the task (cascade) when the cache is emptied.
 */
export const MAX_TASK_VERSIONS = 20;

export const migration007: Migration = {
  version: 7,
  name: 'task-versions',
  sql: `
    CREATE TABLE task_versions (
      task_rid      INTEGER NOT NULL REFERENCES tasks (rid) ON DELETE CASCADE,
      version       INTEGER NOT NULL,
      status        TEXT    NOT NULL,
      priority_rank INTEGER NOT NULL,
      due_at        INTEGER NOT NULL,
      updated_at    TEXT    NOT NULL,
      superseded_at TEXT    NOT NULL,
      PRIMARY KEY (task_rid, version)
    ) WITHOUT ROWID;

    CREATE TABLE task_version_assignees (
      task_rid    INTEGER NOT NULL,
      version     INTEGER NOT NULL,
      operator_id TEXT    NOT NULL,
      PRIMARY KEY (task_rid, version, operator_id),
      FOREIGN KEY (task_rid, version) REFERENCES task_versions (task_rid, version) ON DELETE CASCADE
    ) WITHOUT ROWID;

    CREATE TRIGGER tasks_keep_version AFTER UPDATE OF version ON tasks WHEN new.version > old.version BEGIN
      INSERT INTO task_versions (task_rid, version, status, priority_rank, due_at, updated_at, superseded_at)
        VALUES (old.rid, old.version, old.status, old.priority_rank, old.due_at, old.updated_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
      INSERT INTO task_version_assignees (task_rid, version, operator_id)
        SELECT old.rid, old.version, operator_id FROM task_assignments WHERE task_rid = old.rid;
      DELETE FROM task_versions WHERE task_rid = old.rid AND version <=
        (SELECT version FROM task_versions WHERE task_rid = old.rid ORDER BY version DESC LIMIT 1 OFFSET ${MAX_TASK_VERSIONS});
    END;
  `,
};
