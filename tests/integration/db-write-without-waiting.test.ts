import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { writeWithoutWaiting } from '../../electron/core/db/write-without-waiting.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let db: Database;
/** Another connection to the same file, holding the write lock as the page worker does during a page. */
let other: BetterSqlite3.Database;

beforeEach(() => {
  temp = makeTempDir();
  const file = path.join(temp.dir, 'console.sqlite');
  db = openDatabase(file, { log: createLogger(nullSink) });
  sqliteHandle(db).exec('CREATE TABLE IF NOT EXISTS bench_marks (n INTEGER)');
  other = new BetterSqlite3(file);
});
afterEach(() => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  db.close();
  temp.remove();
});

/** The longest gap between timer ticks while `work` runs: how long the event loop was held. */
async function longestGap(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 2);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(longest, performance.now() - last);
}

describe('a main-thread write while another connection writes', () => {
  it('waits for the lock on timers, never inside SQLite, then writes', async () => {
    other.exec('BEGIN IMMEDIATE');
    other.prepare('INSERT INTO bench_marks VALUES (1)').run();
    // The other writer commits 300 ms later, on this same event loop: a write that waited inside
    // SQLite would hold the loop, the commit could never run, and the write would fail after busy_timeout.
    setTimeout(() => other.exec('COMMIT'), 300);
    const started = performance.now();
    const gap = await longestGap(() => writeWithoutWaiting(sqliteHandle(db), () => sqliteHandle(db).prepare('INSERT INTO bench_marks VALUES (2)').run()));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(gap).toBeLessThan(50);
    expect(sqliteHandle(db).prepare('SELECT n FROM bench_marks ORDER BY n').pluck().all()).toEqual([1, 2]);
    expect(sqliteHandle(db).pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('gives up with the busy error when the lock stays held past its patience, having written nothing', async () => {
    other.exec('BEGIN IMMEDIATE');
    await expect(writeWithoutWaiting(sqliteHandle(db), () => sqliteHandle(db).prepare('INSERT INTO bench_marks VALUES (3)').run(), 100)).rejects.toMatchObject({
      code: 'SQLITE_BUSY',
    });
    other.exec('ROLLBACK');
    expect(sqliteHandle(db).prepare('SELECT count(*) FROM bench_marks').pluck().get()).toBe(0);
    expect(sqliteHandle(db).pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('lets an error of the write itself through at once, rolled back', async () => {
    await expect(
      writeWithoutWaiting(sqliteHandle(db), () => {
        sqliteHandle(db).prepare('INSERT INTO bench_marks VALUES (4)').run();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(sqliteHandle(db).prepare('SELECT count(*) FROM bench_marks').pluck().get()).toBe(0);
  });
});
