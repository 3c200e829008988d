import type { Migration } from './migration.js';

/**
 * Results remember the single window they were made for (`gateway`, see gateway-identity.ts) and
 * when their content was put on the wire with no answer yet that the gateway did not keep it
 * (`sent_at`): the gateway may then hold that content under the result id (it reserves the
 * Idempotency-Key and replays the first answer), so the content is frozen and an edit becomes a new
 * result that supersedes it (`supersedes` / `superseded_by`).
 *
 * Existing rows: a training cursor means the results were made in training; a cursor of the gateway
 * still configured gives that gateway and operator; anything else gets a value that matches no
 * gateway, so such results stay visible (parked) and are never sent anywhere.
 */
export const migration003: Migration = {
  version: 3,
  name: 'result-gateway',
  sql: `
    ALTER TABLE results ADD COLUMN gateway TEXT NOT NULL DEFAULT 'unknown (written before schema 3)';
    ALTER TABLE results ADD COLUMN sent_at TEXT;
    ALTER TABLE results ADD COLUMN supersedes TEXT;
    ALTER TABLE results ADD COLUMN superseded_by TEXT;
    UPDATE results SET gateway = coalesce((
      SELECT CASE
        WHEN s.cursor_gateway LIKE 'training %' THEN 'training'
        WHEN s.cursor_gateway IS NOT NULL
             AND s.cursor_gateway = (SELECT value FROM settings WHERE key = 'gateway.url')
             AND (SELECT value FROM settings WHERE key = 'gateway.operatorId') IS NOT NULL
          THEN 'gateway ' || s.cursor_gateway || ' operator ' || (SELECT value FROM settings WHERE key = 'gateway.operatorId')
        ELSE 'unknown (written before schema 3)'
      END
      FROM sync_state s WHERE s.id = 1
    ), 'unknown (written before schema 3)');
    -- A queued result may have been POSTed already (its answer lost): its content stays as it is.
    -- A 409, 422 or 424 is an answer that the gateway did not keep the result, so those stay editable.
    UPDATE results SET sent_at = coalesce(submitted_at, updated_at) WHERE state IN ('queued', 'delivered');
    CREATE INDEX results_by_gateway ON results (gateway, state);
  `,
};
