import type { Database as Sqlite } from 'better-sqlite3';

/**
 * Runs its argument in one transaction of the connection (or a savepoint inside an open one).
 * Made once per repository rather than per call: better-sqlite3 builds four wrapped functions and
 * their properties for each transaction() call, which a draft save on every keystroke and a list
 * page on every scroll paid for each time.
 */
export type TransactionRunner = <T>(run: () => T) => T;

/** IMMEDIATE takes the write lock at BEGIN (a writer); DEFERRED reads one snapshot (a reader). */
export function transactionRunner(connection: Sqlite, begin: 'immediate' | 'deferred'): TransactionRunner {
  const transaction = connection.transaction((run: () => unknown) => run());
  return begin === 'immediate' ? <T>(run: () => T) => transaction.immediate(run) as T : <T>(run: () => T) => transaction.deferred(run) as T;
}
