import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../electron/core/audit/chain.js';
import { verifyChain, type ChainProblem } from '../../electron/core/audit/verify.js';
import { AuditAppendError, AuditRepository } from '../../electron/core/db/audit-repository.js';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { rawRows, recomputeHash, tamper } from '../fixtures/audit-tamper.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * The audit chain on a real database file: entries appended inside the caller's transaction, the
 * chain recomputed by an independent formula, and every kind of tampering an attacker with the file
 * can do (after dropping the append-only triggers) found at the right entry.
 */
const log = createLogger(nullSink);
let temp: ReturnType<typeof makeTempDir>;
let file: string;
let db: Database;
let audit: AuditRepository;
let now = 0;

beforeEach(() => {
  now = Date.UTC(2026, 11, 4, 8, 0, 0);
  temp = makeTempDir('audit-chain-');
  file = path.join(temp.dir, 'console.sqlite');
  db = openDatabase(file, { log });
  audit = new AuditRepository(sqliteHandle(db), () => (now += 1000));
});
afterEach(() => {
  db.close();
  temp.remove();
});

const appendMany = (count: number) =>
  sqliteHandle(db).transaction(() => {
    for (let i = 0; i < count; i += 1) {
      audit.append({ actor: i % 2 ? 'op-8000-001' : 'op-8000-002', action: 'inspection.draft_saved', taskId: `JI-8000-2026-${String(i).padStart(6, '0')}`, details: { step: i, fields: ['seals', '封条'] } });
    }
  })();

/** Closes the console's handle, tampers with the file, and verifies it through a fresh one. */
function tamperAndVerify(change: Parameters<typeof tamper>[1], chunkSize = 7) {
  db.close();
  tamper(file, change);
  db = openDatabase(file, { log });
  return verifyChain(new AuditRepository(sqliteHandle(db)), { chunkSize });
}

describe('appending', () => {
  it('refuses an entry outside a transaction: the action and its entry commit together', () => {
    expect(() => audit.append({ actor: 'admin', action: 'settings.gateway_changed' })).toThrow(AuditAppendError);
    expect(audit.count()).toBe(0);
  });

  it('rolls the entry back with the action it records', () => {
    sqliteHandle(db).exec('CREATE TABLE probe_action (x)');
    const act = sqliteHandle(db).transaction(() => {
      sqliteHandle(db).prepare('INSERT INTO probe_action VALUES (1)').run();
      audit.append({ actor: 'admin', action: 'probe.done' });
      throw new Error('the action failed after its entry was written');
    });
    expect(act).toThrow(/action failed/);
    expect(audit.count()).toBe(0);
    expect(sqliteHandle(db).prepare('SELECT count(*) AS n FROM probe_action').get()).toEqual({ n: 0 });
  });

  it('chains each entry to the one before (the first to the genesis value), by the documented formula', () => {
    appendMany(5);
    const rows = rawRows(sqliteHandle(db));
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
    let prev = GENESIS_HASH;
    for (const row of rows) {
      expect(row.prev_hash).toBe(prev);
      expect(row.hash).toBe(recomputeHash(prev, row));
      prev = row.hash;
    }
    expect(rows[0]?.details).toBe('{"fields":["seals","封条"],"step":0}');
    expect(rows[0]?.at).toBe('2026-12-04T08:00:01.000Z');
  });

  it('stores details canonically: the same details in another key order give the same text', () => {
    sqliteHandle(db).transaction(() => {
      audit.append({ actor: 'admin', action: 'probe.a', details: { b: 1, a: { y: [1, 2], x: null } } });
      audit.append({ actor: 'admin', action: 'probe.a', details: { a: { x: null, y: [1, 2] }, b: 1 } });
    })();
    const [first, second] = rawRows(sqliteHandle(db));
    expect(first?.details).toBe('{"a":{"x":null,"y":[1,2]},"b":1}');
    expect(second?.details).toBe(first?.details);
  });

  it('keeps a lone surrogate in details verifiable after SQLite stores it, and refuses one in the actor', () => {
    sqliteHandle(db).transaction(() => audit.append({ actor: 'admin', action: 'probe.a', details: { text: 'broken \uD800 pair' } }))();
    expect(verifyChain(audit)).toMatchObject({ ok: true, entries: 1 });
    expect(() => sqliteHandle(db).transaction(() => audit.append({ actor: 'op-\uDC00', action: 'probe.a' }))()).toThrow(AuditAppendError);
    expect(() => sqliteHandle(db).transaction(() => audit.append({ actor: 'admin', action: 'Not An Action' }))()).toThrow(AuditAppendError);
    expect(() => sqliteHandle(db).transaction(() => audit.append({ actor: 'admin', action: 'probe.a', details: { n: Number.NaN } }))()).toThrow();
  });

  it('is refused by SQLite itself when anything updates or deletes an entry', () => {
    appendMany(2);
    expect(() => sqliteHandle(db).prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => sqliteHandle(db).prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    expect(verifyChain(audit)).toMatchObject({ ok: true, entries: 2 });
  });
});

describe('verification', () => {
  it('passes an intact chain across chunk boundaries and names its head', () => {
    appendMany(50);
    const report = verifyChain(audit, { chunkSize: 7 });
    expect(report).toMatchObject({ ok: true, entries: 50, checked: 50, lastSeq: 50, lastHash: rawRows(sqliteHandle(db)).at(-1)?.hash });
    expect(report.firstBroken).toBeUndefined();
    expect(verifyChain(new AuditRepository(sqliteHandle(db)), { chunkSize: 50 })).toMatchObject({ ok: true, entries: 50 });
  });

  it('passes an empty log', () => {
    expect(verifyChain(audit)).toEqual({ ok: true, entries: 0, checked: 0, lastSeq: null, lastHash: null });
  });

  const broken = (seq: number, expectedSeq: number, problem: ChainProblem) => ({ ok: false, entries: expect.any(Number) as number, firstBroken: expect.objectContaining({ seq, expectedSeq, problem }) as unknown });

  it('finds an edited entry (its hash no longer matches)', () => {
    appendMany(20);
    const report = tamperAndVerify((raw) => raw.prepare("UPDATE audit_log SET actor = 'op-9999-999' WHERE seq = 9").run());
    expect(report).toMatchObject(broken(9, 9, 'hash_mismatch'));
    expect(report.checked).toBe(8);
  });

  it.each([
    ['details', `UPDATE audit_log SET details = '{"fields":["seals"],"step":3}' WHERE seq = 4`, 4],
    ['time', `UPDATE audit_log SET at = '2026-12-04T09:00:00.000Z' WHERE seq = 15`, 15],
    ['task', `UPDATE audit_log SET task_id = NULL WHERE seq = 20`, 20],
    ['seq (renumbered, in place)', `UPDATE audit_log SET seq = 99 WHERE seq = 20`, 99],
  ])('finds edited %s', (_what, sql, seq) => {
    appendMany(20);
    const report = tamperAndVerify((raw) => raw.prepare(sql).run());
    expect(report.ok).toBe(false);
    expect(report.firstBroken?.seq).toBe(seq);
  });

  it('finds an edited entry given a new hash (the next one no longer chains to it)', () => {
    appendMany(20);
    const report = tamperAndVerify((raw) => {
      const row = rawRows(raw).find((r) => r.seq === 12);
      if (!row) throw new Error('no row 12');
      const edited = { ...row, action: 'inspection.submitted' };
      raw.prepare('UPDATE audit_log SET action = ?, hash = ? WHERE seq = 12').run(edited.action, recomputeHash(row.prev_hash, edited));
    });
    expect(report).toMatchObject(broken(13, 13, 'prev_hash_mismatch'));
  });

  it('finds a removed entry (a gap), in the middle and at the start', () => {
    appendMany(20);
    expect(tamperAndVerify((raw) => raw.prepare('DELETE FROM audit_log WHERE seq = 10').run())).toMatchObject(broken(11, 10, 'gap'));
    expect(tamperAndVerify((raw) => raw.prepare('DELETE FROM audit_log WHERE seq = 1').run())).toMatchObject(broken(2, 1, 'gap'));
  });

  it('finds reordered entries (stored in another order than their seq)', () => {
    appendMany(20);
    const report = tamperAndVerify((raw) => {
      // Swap the storage places of entries 6 and 7, each keeping its own seq, fields and hashes.
      raw.prepare('UPDATE audit_log SET id = -id WHERE seq IN (6, 7)').run();
      raw.prepare('UPDATE audit_log SET id = 7 WHERE seq = 6').run();
      raw.prepare('UPDATE audit_log SET id = 6 WHERE seq = 7').run();
    });
    expect(report).toMatchObject(broken(7, 6, 'reordered'));
  });

  it('finds reordered contents (two entries swapped under their seq numbers)', () => {
    appendMany(20);
    const report = tamperAndVerify((raw) => {
      const rows = rawRows(raw);
      const [a, b] = [rows[5], rows[6]];
      if (!a || !b) throw new Error('rows missing');
      const move = raw.prepare('UPDATE audit_log SET at = ?, actor = ?, action = ?, task_id = ?, details = ?, prev_hash = ?, hash = ? WHERE seq = ?');
      move.run(b.at, b.actor, b.action, b.task_id, b.details, b.prev_hash, b.hash, a.seq);
      move.run(a.at, a.actor, a.action, a.task_id, a.details, a.prev_hash, a.hash, b.seq);
    });
    expect(report.ok).toBe(false);
    expect(report.firstBroken?.seq).toBe(6);
  });

  it('finds an inserted entry, even one chained correctly to the entry before it', () => {
    appendMany(20);
    const report = tamperAndVerify((raw) => {
      const rows = rawRows(raw);
      raw.prepare('DELETE FROM audit_log').run();
      const insert = raw.prepare('INSERT INTO audit_log (id, seq, at, actor, action, task_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      let seq = 0;
      for (const row of rows) {
        if (row.seq === 8) {
          const prev = rows[6];
          if (!prev) throw new Error('no row 7');
          seq += 1;
          const forged = { seq, at: row.at, actor: 'op-8000-001', action: 'inspection.signed', task_id: row.task_id, details: '{}' };
          insert.run(seq, seq, forged.at, forged.actor, forged.action, forged.task_id, forged.details, prev.hash, recomputeHash(prev.hash, forged));
        }
        seq += 1;
        insert.run(seq, seq, row.at, row.actor, row.action, row.task_id, row.details, row.prev_hash, row.hash);
      }
    });
    // The forged entry 8 is consistent with entry 7; the real one after it (now 9) is not.
    expect(report).toMatchObject(broken(9, 9, 'prev_hash_mismatch'));
    expect(report.entries).toBe(21);
  });

  it('finds an entry whose fields are not what the log writes', () => {
    appendMany(5);
    expect(tamperAndVerify((raw) => raw.prepare("UPDATE audit_log SET details = X'7B7D' WHERE seq = 3").run())).toMatchObject(broken(3, 3, 'malformed'));
  });
});
