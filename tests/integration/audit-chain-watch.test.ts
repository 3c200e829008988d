import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChainWatch } from '../../electron/core/audit/chain-watch.js';
import { verifyChain } from '../../electron/core/audit/verify.js';
import { AuditRepository } from '../../electron/core/db/audit-repository.js';
import { openDatabase, sqliteHandle, type Database } from '../../electron/core/db/connection.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { tamper } from '../fixtures/audit-tamper.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * The badge's source: one database's chain walked in slices (here run by hand, one slice per
 * turn), extended at each status call, walked again from the start an hour after the last walk.
 */
let temp: ReturnType<typeof makeTempDir>;
let file: string;
let db: Database;
let audit: AuditRepository;
let now: number;
let queued: { run: () => void; at: number }[];

beforeEach(() => {
  now = Date.UTC(2026, 11, 7, 8, 0, 0);
  queued = [];
  temp = makeTempDir('audit-watch-');
  file = path.join(temp.dir, 'console.sqlite');
  db = openDatabase(file, { log: createLogger(nullSink) });
  audit = new AuditRepository(sqliteHandle(db), () => now);
});
afterEach(() => {
  db.close();
  temp.remove();
});

const append = (count: number) =>
  sqliteHandle(db).transaction(() => {
    for (let i = 0; i < count; i += 1) audit.append({ actor: 'op-8000-001', action: 'inspection.draft_saved', taskId: 'JI-8000-2026-000001', details: { step: i } });
  })();

const watch = () =>
  new ChainWatch(audit, {
    clock: () => now,
    sliceRows: 4,
    rewalkMs: 3_600_000,
    schedule: (run, afterMs) => {
      const entry = { run, at: now + afterMs };
      queued.push(entry);
      return { cancel: () => queued.splice(queued.indexOf(entry), 1) };
    },
  });

/** Runs what is due now, as the event loop would, one turn at a time. */
function runDue(): number {
  let turns = 0;
  for (let due = queued.find((entry) => entry.at <= now); due; due = queued.find((entry) => entry.at <= now)) {
    queued.splice(queued.indexOf(due), 1);
    due.run();
    turns += 1;
  }
  return turns;
}

describe('watching the audit chain', () => {
  it('walks the chain in slices, then extends it by what was appended', () => {
    append(10);
    const watcher = watch();
    expect(watcher.status()).toMatchObject({ state: 'checking', checked: 0 });
    // 10 entries, 4 a slice: three turns to reach the end.
    expect(runDue()).toBe(3);
    const intact = watcher.status();
    expect(intact).toMatchObject({ state: 'intact', entries: 10, lastSeq: 10, lastHash: verifyChain(audit).lastHash });
    append(3);
    expect(watcher.status()).toMatchObject({ state: 'intact', lastSeq: 13, lastHash: verifyChain(audit).lastHash });
    watcher.stop();
  });

  it('reports an appended entry that was tampered with at the next status call', () => {
    append(6);
    const watcher = watch();
    runDue();
    append(2);
    tamper(file, (raw) => raw.prepare("UPDATE audit_log SET actor = 'op-8000-999' WHERE seq = 8").run());
    expect(watcher.status()).toMatchObject({ state: 'broken', lastHash: null, firstBroken: { seq: 8, problem: 'hash_mismatch' } });
    watcher.stop();
  });

  it('finds an old entry edited after it was checked at the next whole walk, an hour later', () => {
    append(6);
    const watcher = watch();
    runDue();
    tamper(file, (raw) => raw.prepare('DELETE FROM audit_log WHERE seq = 2').run());
    // The intact prefix is only extended: an edit behind it waits for the next walk from the start.
    expect(watcher.status().state).toBe('intact');
    now += 3_600_000;
    runDue();
    expect(watcher.status()).toMatchObject({ state: 'broken', firstBroken: { expectedSeq: 2, problem: 'gap' } });
    watcher.stop();
  });
});
