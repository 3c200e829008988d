import BetterSqlite3 from 'better-sqlite3';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import type { GatewayCredentials } from '../../electron/core/sync/gateway.js';

interface Completeness {
  /** Tasks the simulator holds (every task id its feed has ever named). */
  simulator: number;
  /** Tasks in the cache, cancellations of tasks it never held included. */
  local: number;
  /** Simulator tasks that neither reached the cache nor appeared after the sync's last cursor. */
  missing: number;
  /** Cache rows the simulator does not know (should never happen). */
  extra: number;
}

const PAGE = 1000;

/**
 * Did every task arrive? The simulator's world keeps moving while this runs (new tasks every
 * second), so a plain count comparison would fail on tasks created after the sync caught up. The
 * check instead walks the whole feed (every task id the simulator holds), then the feed from the
 * cursor the sync stored (everything created or changed since it caught up, walked after the first
 * walk so it covers it): a task is missing when it is in the first walk, not in the cache and not
 * newer than the sync.
 */
export async function checkCompleteness(gatewayUrl: string, credentials: GatewayCredentials, dbFile: string): Promise<Completeness> {
  const { localIds, cursor } = readCache(dbFile);
  const client = new GatewayClient({ baseUrl: gatewayUrl, credentials, log: createLogger(nullSink) });
  const all = await feedIds(client, null);
  const since = cursor === null ? new Set<string>() : await feedIds(client, cursor);
  let missing = 0;
  for (const id of all) if (!localIds.has(id) && !since.has(id)) missing += 1;
  let extra = 0;
  for (const id of localIds) if (!all.has(id) && !since.has(id)) extra += 1;
  return { simulator: all.size, local: localIds.size, missing, extra };
}

/** The cache's task ids and stored cursor, read with a bare read-only handle (nothing of the app's). */
function readCache(dbFile: string): { localIds: Set<string>; cursor: string | null } {
  const raw = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
  try {
    // A cancel of a task the cache never held is kept as a cancellation row (cache:export lists it):
    // that task arrived too.
    const localIds = new Set(raw.prepare('SELECT task_id FROM tasks UNION SELECT task_id FROM task_cancellations').pluck().all() as string[]);
    const cursor = raw.prepare('SELECT cursor FROM sync_state').pluck().get() as string | null | undefined;
    return { localIds, cursor: cursor ?? null };
  } finally {
    raw.close();
  }
}

async function feedIds(client: GatewayClient, start: string | null): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor = start;
  for (;;) {
    const page = await client.changes(cursor, PAGE);
    for (const change of page.changes) ids.add(change.op === 'upsert' ? change.task.taskId : change.taskId);
    cursor = page.nextCursor;
    if (!page.hasMore) return ids;
  }
}
