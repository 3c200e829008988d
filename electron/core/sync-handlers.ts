import type { Database } from './db/connection.js';
import { CallFailure, type Handlers } from './router.js';
import type { SyncService } from './sync/sync-service.js';

type SyncHandlers = Pick<Handlers, 'sync:status' | 'sync:now' | 'sync:journal' | 'flags:list' | 'flags:acknowledge' | 'cargo:snapshot' | 'cargo:arrivals' | 'cargo:track'>;

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
    'cargo:track': ({ cargoId }) => {
      const points = service.cargoTrack(cargoId);
      if (points.length === 0) throw new CallFailure('not_found', `no track of cargo ${cargoId} on this workstation`);
      return { cargoId, points: points.map(({ atMs, ...point }) => ({ at: new Date(atMs).toISOString(), ...point })) };
    },
    'flags:list': flags,
    'flags:acknowledge': async ({ taskId, kind }) => {
      // Never waits synchronously for the page worker's write lock (see write-without-waiting.ts).
      await db.writeWithoutWaiting(() => sync.acknowledgeFlag(taskId, kind));
      return flags();
    },
  };
}
