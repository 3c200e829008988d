import type { Migration } from './migration.js';

/**
 * Local accounts (issue 8, point 1), in the real database beside the settings: the console's
 * people exist whatever the mode, and training's own file is thrown away with training.
 * Roles are rows of their own (an account has one or more), not a list in a column. `password_hash`
 * carries its scrypt parameters (electron/core/auth/password-hash.ts), so they can be raised.
 * `failed_attempts` and `locked_until` (ms since epoch) are counted here, not in memory, so a
 * restart does not reset a lockout. `training` marks the simulator's accounts: they sign in only
 * while the console is in training mode.
 */
export const migration006: Migration = {
  version: 6,
  name: 'accounts',
  sql: `
    CREATE TABLE accounts (
      operator_id     TEXT    PRIMARY KEY CHECK (length(operator_id) BETWEEN 1 AND 64),
      name            TEXT    NOT NULL CHECK (length(name) > 0),
      agency          TEXT    NOT NULL CHECK (agency IN ('customs', 'quarantine', 'border', 'maritime')),
      disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
      training        INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
      password_hash   TEXT    NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
      failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
      locked_until    INTEGER,
      created_at      TEXT    NOT NULL,
      updated_at      TEXT    NOT NULL
    ) STRICT;
    CREATE TABLE account_roles (
      operator_id TEXT NOT NULL REFERENCES accounts (operator_id) ON DELETE CASCADE,
      role        TEXT NOT NULL CHECK (role IN ('inspector', 'supervisor', 'admin')),
      PRIMARY KEY (operator_id, role)
    ) STRICT, WITHOUT ROWID;
  `,
};
