import type { Database as Sqlite } from 'better-sqlite3';
import type { Logger } from '../log.js';
import type { Migration } from './migrations/index.js';

/**
 * Applies every migration above the file's user_version, each in its own transaction together with
 * the new user_version, so a crash leaves the file at a whole version. The caller has already
 * refused files newer than the app and written a backup.
 */
export function runMigrations(connection: Sqlite, migrations: readonly Migration[], log: Logger): number {
  let current = userVersion(connection);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    if (migration.version !== current + 1) {
      throw new Error(`migration ${migration.version} does not follow ${current}: migrations must be numbered without gaps`);
    }
    const apply = connection.transaction(() => {
      connection.exec(migration.sql);
      connection.pragma(`user_version = ${migration.version}`);
    });
    apply.immediate();
    log.info('migration applied', { version: migration.version, name: migration.name });
    current = migration.version;
  }
  return current;
}

export function userVersion(connection: Sqlite): number {
  return connection.pragma('user_version', { simple: true }) as number;
}
