import { MAX_TASK_VERSIONS } from './007-task-versions.js';
import type { Migration } from './migration.js';

/**
 * Earlier versions of a task kept whole, so a result made on an older version than the cached one
 * compares on every field of the conflict panel (issue 8, point 9), not only status, priority, due
 * time and officers (migration 007).
 *
 * The same trigger, in the same statement as before, now also keeps the old version's inspection
 * types and agencies (their bit masks, as on `tasks`), its checklist, and its containers with their
 * declared seals and goods lines as one JSON document (`cargo`: {containers, goods} in the gateway's
 * own shape). That document is the one departure from normalized tables, and deliberate: a kept
 * version is a frozen record read whole for one comparison, never filtered, joined or searched; one
 * row per version keeps the trigger to a single insert (mirroring three child tables would add a
 * row per container, seal and goods line to every change, and as many cascaded deletes when the
 * history is trimmed). The trigger still fires only on an update that raises a task's version: a
 * first arrival (the initial sync, the benchmark fixtures) writes no history at all.
 *
 * Versions kept before this migration have these columns NULL: the conflict panel says "not kept
 * here" for those fields, as before.
 */
export const migration012: Migration = {
  version: 12,
  name: 'task-versions-whole',
  sql: `
    ALTER TABLE task_versions ADD COLUMN type_mask INTEGER;
    ALTER TABLE task_versions ADD COLUMN agency_mask INTEGER;
    ALTER TABLE task_versions ADD COLUMN checklist_id TEXT;
    ALTER TABLE task_versions ADD COLUMN cargo TEXT CHECK (cargo IS NULL OR json_valid(cargo));

    DROP TRIGGER tasks_keep_version;
    CREATE TRIGGER tasks_keep_version AFTER UPDATE OF version ON tasks WHEN new.version > old.version BEGIN
      INSERT INTO task_versions (task_rid, version, status, priority_rank, due_at, updated_at, superseded_at, type_mask, agency_mask, checklist_id, cargo)
        VALUES (old.rid, old.version, old.status, old.priority_rank, old.due_at, old.updated_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          old.type_mask, old.agency_mask, old.checklist_id,
          json_object(
            'containers', json((
              SELECT json_group_array(json_object(
                'containerNo', c.container_no,
                'sizeType', c.size_type,
                'sealNos', json((SELECT json_group_array(s.seal_no ORDER BY s.seq) FROM task_seals s WHERE s.task_rid = c.task_rid AND s.container_seq = c.seq))
              ) ORDER BY c.seq)
              FROM task_containers c WHERE c.task_rid = old.rid
            )),
            'goods', json((
              SELECT json_group_array(json_object(
                'line', g.line, 'hsCode', g.hs_code, 'description', g.description, 'quantity', g.quantity, 'unit', g.unit,
                'originCountry', g.origin_country, 'declaredValue', g.declared_value, 'currency', g.currency
              ) ORDER BY g.line)
              FROM task_goods g WHERE g.task_rid = old.rid
            ))
          ));
      INSERT INTO task_version_assignees (task_rid, version, operator_id)
        SELECT old.rid, old.version, operator_id FROM task_assignments WHERE task_rid = old.rid;
      DELETE FROM task_versions WHERE task_rid = old.rid AND version <=
        (SELECT version FROM task_versions WHERE task_rid = old.rid ORDER BY version DESC LIMIT 1 OFFSET ${MAX_TASK_VERSIONS});
    END;
  `,
};
