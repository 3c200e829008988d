import type { Database } from './db/connection.js';
import type { Handlers } from './router.js';
import type { SyncService } from './sync/sync-service.js';

type SyncHandlers = Pick<Handlers, 'sync:status' | 'sync:now' | 'sync:journal' | 'flags:list' | 'flags:acknowledge' | 'cargo:snapshot' | 'cargo:arrivals'>;

/** Sync status, the journal an admin reads, the flags raised on tasks that changed under someone's work, and the live cargo picture. */
export function createSyncHandlers(db: Database, service: SyncService): SyncHandlers {
  const sync = db.sync;
  const flags = () => ({ flags: sync.flags().map(({ taskId, kind, reason, at }) => ({ taskId, kind, reason, at })) });
  return {
    'sync:status': () => service.status(),
    'sync:now': () => service.syncNow(),
    'sync:journal': (query) => ({ entries: sync.journal(query) }),
    'cargo:snapshot': ({ after, limit }) => service.cargoSnapshot(after, limit),
    'cargo:arrivals': ({ withinHours }) => service.cargoArrivals(withinHours),
    'flags:list': flags,
    'flags:acknowledge': async ({ taskId, kind }) => {
      // Never waits synchronously for the page worker's write lock (see write-without-waiting.ts).
      await db.writeWithoutWaiting(() => sync.acknowledgeFlag(taskId, kind));
      return flags();
    },
  };
}
