import type { Database as Sqlite } from 'better-sqlite3';

/** How long a write keeps trying while another connection (the page worker) holds the write lock. */
export const WRITE_PATIENCE_MS = 5000;
/** Pause between tries: short, since a page's transaction usually ends within tens of ms. */
const RETRY_MS = 4;

const isBusy = (error: unknown): boolean =>
  error instanceof Error && typeof Reflect.get(error, 'code') === 'string' && String(Reflect.get(error, 'code')).startsWith('SQLITE_BUSY');

/**
 * Runs a small write on the core's connection without ever holding the event loop while another
 * connection writes. SQLite waits for a lock synchronously (busy_timeout sleeps inside the call), so
 * a main-thread write during a sync page's transaction would freeze the core until the page commits.
 * Here the write lock is asked for up front (BEGIN IMMEDIATE) with no busy wait at all: if it is
 * held, nothing has been done yet, and the write is tried again after a timer, until the patience
 * runs out (then the busy error is thrown, as a plain write would after busy_timeout).
 */
export async function writeWithoutWaiting<T>(connection: Sqlite, write: () => T, patienceMs = WRITE_PATIENCE_MS): Promise<T> {
  const deadline = Date.now() + patienceMs;
  const transaction = connection.transaction(write);
  for (;;) {
    const previous = connection.pragma('busy_timeout', { simple: true }) as number;
    connection.pragma('busy_timeout = 0');
    try {
      return transaction.immediate();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
    } finally {
      connection.pragma(`busy_timeout = ${Math.trunc(previous)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
