import type { Migration } from './migration.js';

/**
 * Issue 8, points 2 and 5.
 * - Prior inspections of a task's goods at an earlier node of the corridor (通报通检通放), a child
 *   table of tasks like its goods lines, so a change of the task replaces them with the rest.
 * - The gateway's reference data (GET /v1/reference) in tables, so checklists, finding codes and
 *   sites are there offline. Its version and ETag stay in sync_state (schema 2), written in the
 *   same transaction as the tables; agencies and inspection types of a checklist are bit masks as
 *   on tasks (task-codes.ts).
 * - What a result says beyond schema 2: the prior inspection it recognises instead of inspecting
 *   again, and the countersignature of the consignee's representative (or the refusal noted).
 *   A submitted refusal without its note is refused here too, not only in the input check (a
 *   draft may hold the refusal before its note is typed).
 */
export const migration008: Migration = {
  version: 8,
  name: 'reference-and-prior-inspections',
  sql: `
    CREATE TABLE task_prior_inspections (
      task_rid    INTEGER NOT NULL REFERENCES tasks (rid) ON DELETE CASCADE,
      seq         INTEGER NOT NULL,
      port_code   TEXT    NOT NULL,
      site_id     TEXT    NOT NULL,
      at          TEXT    NOT NULL,
      result_id   TEXT    NOT NULL,
      outcome     TEXT    NOT NULL,
      disposition TEXT    NOT NULL,
      agency_mask INTEGER NOT NULL,
      PRIMARY KEY (task_rid, seq)
    ) WITHOUT ROWID;

    CREATE TABLE reference_ports (
      port_code TEXT    PRIMARY KEY,
      seq       INTEGER NOT NULL,
      name      TEXT    NOT NULL,
      name_en   TEXT NOT NULL,
      unlocode  TEXT
    ) WITHOUT ROWID;
    CREATE TABLE reference_sites (
      site_id   TEXT PRIMARY KEY,
      port_code TEXT NOT NULL REFERENCES reference_ports (port_code) ON DELETE CASCADE,
      seq       INTEGER NOT NULL,
      name      TEXT NOT NULL,
      name_en   TEXT NOT NULL,
      kind      TEXT NOT NULL,
      lon       REAL NOT NULL,
      lat       REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX reference_sites_by_port ON reference_sites (port_code, seq);
    CREATE TABLE reference_checklists (
      checklist_id TEXT    PRIMARY KEY,
      seq          INTEGER NOT NULL,
      name         TEXT    NOT NULL,
      name_en      TEXT    NOT NULL,
      agency_mask  INTEGER NOT NULL,
      type_mask    INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE reference_checklist_items (
      checklist_id TEXT    NOT NULL REFERENCES reference_checklists (checklist_id) ON DELETE CASCADE,
      seq          INTEGER NOT NULL,
      item_id      TEXT    NOT NULL,
      agency       TEXT    NOT NULL,
      text         TEXT    NOT NULL,
      text_en      TEXT    NOT NULL,
      required     INTEGER NOT NULL CHECK (required IN (0, 1)),
      PRIMARY KEY (checklist_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE reference_finding_codes (
      code     TEXT    PRIMARY KEY,
      seq      INTEGER NOT NULL,
      agency   TEXT    NOT NULL,
      text     TEXT    NOT NULL,
      text_en  TEXT    NOT NULL,
      severity TEXT    NOT NULL CHECK (severity IN ('info','minor','major','critical'))
    ) WITHOUT ROWID;

    ALTER TABLE results ADD COLUMN recognizes TEXT;
    ALTER TABLE results ADD COLUMN countersign_name TEXT;
    ALTER TABLE results ADD COLUMN countersign_capacity TEXT CHECK (countersign_capacity IN ('consignee','agent'));
    ALTER TABLE results ADD COLUMN countersign_signed INTEGER CHECK (countersign_signed IN (0, 1));
    ALTER TABLE results ADD COLUMN countersign_refusal_note TEXT
      CHECK (state = 'draft' OR countersign_signed IS NOT 0 OR length(trim(coalesce(countersign_refusal_note, ''))) > 0);
  `,
};
