import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { canonicalJson } from '../../electron/core/audit/canonical-json.js';
import { GENESIS_HASH, canonicalEntry, entryHash, type ChainedFields } from '../../electron/core/audit/chain.js';
import { openDatabase } from '../../electron/core/db/connection.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { figure, type Figure } from './figures.js';

/**
 * Issue 8 point 12: verification of a 1M-entry audit log, timed and with its peak RSS, beside
 * baselines from the same run: the same rows read with one bare SELECT and hashed in a loop (no
 * snapshot, chunks, type checks or problem naming), and SHA-256 alone over the rows' canonical
 * bytes already in memory (the floor any verifier pays). BENCH_AUDIT_ENTRIES sets the size.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
const log = createLogger(nullSink);
const ACTIONS = ['inspection.draft_saved', 'inspection.signed', 'result.submitted', 'result.delivered', 'session.signed_in'] as const;

export async function auditBenchmark(): Promise<Figure[]> {
  const temp = makeTempDir('bench-audit-');
  try {
    const file = path.join(temp.dir, 'console.sqlite');
    const buildMs = build(file, ENTRIES);
    const sizeMb = fs.statSync(file).size / 2 ** 20;
    const verified = await verifyInChild(file);
    if (!verified.ok || verified.entries !== ENTRIES) throw new Error(`verification failed: ${JSON.stringify(verified)}`);
    const bare = bareSelectAndHash(file);
    const hashOnly = hashCanonicalBytes(file);
    const label = ENTRIES >= 1_000_000 ? `${ENTRIES / 1_000_000}M` : `${ENTRIES / 1000}k`;
    return [
      figure({ name: `audit verify ${label} entries (audit:verify path: snapshot + chunked walk)`, value: verified.totalMs / 1000, unit: 's', baseline: bare / 1000, max: 30 }),
      figure({ name: `audit verify ${label}: chunked walk alone`, value: verified.walkMs / 1000, unit: 's', baseline: bare / 1000 }),
      figure({ name: `audit verify ${label}: peak RSS (baseline: the process before opening)`, value: verified.peakRssMb, unit: 'MiB', baseline: verified.rssAtStartMb }),
      figure({ name: `audit ${label}: sha256 of the canonical bytes alone, in memory`, value: hashOnly / 1000, unit: 's' }),
      figure({ name: `audit ${label}: bulk build (benchmark setup)`, value: buildMs / 1000, unit: 's' }),
      figure({ name: `audit ${label}: database file`, value: sizeMb, unit: 'MiB' }),
    ];
  } finally {
    temp.remove();
  }
}

/**
 * The fast bulk path: entries chained in JavaScript with the app's own formula and inserted on a
 * bare handle (synchronous off, 50,000 a transaction); only the benchmark writes this way.
 */
function build(file: string, count: number): number {
  openDatabase(file, { log }).close(); // the schema, migrations included
  const started = performance.now();
  const raw = new BetterSqlite3(file);
  try {
    raw.pragma('synchronous = OFF');
    const insert = raw.prepare('INSERT INTO audit_log (seq, at, actor, action, task_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    let prevHash = GENESIS_HASH;
    const base = Date.UTC(2026, 0, 1);
    const batch = raw.transaction((from: number, to: number) => {
      for (let seq = from; seq < to; seq += 1) {
        const task = seq % 5 === 4 ? null : `JI-8000-2026-${String(seq % 200_000).padStart(6, '0')}`;
        const fields: ChainedFields = {
          seq,
          at: new Date(base + seq * 1500).toISOString(),
          actor: `op-8000-${String(1 + (seq % 40)).padStart(3, '0')}`,
          action: ACTIONS[seq % ACTIONS.length] ?? 'inspection.draft_saved',
          taskId: task,
          details: canonicalJson({ resultId: crypto.randomUUID(), field: seq % 3 ? 'seals' : 'findings', values: [seq % 7, 'C-SEAL-MISMATCH'], note: '封条号与申报不符' }),
        };
        const hash = entryHash(prevHash, fields);
        insert.run(fields.seq, fields.at, fields.actor, fields.action, fields.taskId, fields.details, prevHash, hash);
        prevHash = hash;
      }
    });
    for (let from = 1; from <= count; from += 50_000) batch(from, Math.min(count + 1, from + 50_000));
    raw.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    raw.close();
  }
  return performance.now() - started;
}

interface ChildReport {
  ok: boolean;
  entries: number;
  openMs: number;
  walkMs: number;
  totalMs: number;
  rssAtStartMb: number;
  peakRssMb: number;
}

function verifyInChild(file: string): Promise<ChildReport> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/audit-verify-child.ts', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildReport) : reject(new Error(`verification child exited ${code}`))));
  });
}

type Row = [number, number, string, string, string, string | null, string, string, string];

/** The baseline: one SELECT of every row in order on a bare handle, each hash recomputed and compared. */
function bareSelectAndHash(file: string): number {
  const raw = new BetterSqlite3(file, { readonly: true });
  try {
    const started = performance.now();
    let prev = GENESIS_HASH;
    for (const row of raw.prepare('SELECT id, seq, at, actor, action, task_id, details, prev_hash, hash FROM audit_log ORDER BY id').raw(true).iterate() as IterableIterator<Row>) {
      const canonical = JSON.stringify([row[1], row[2], row[3], row[4], row[5], row[6]]);
      const hash = crypto.createHash('sha256').update(prev, 'latin1').update(canonical, 'utf8').digest('hex');
      if (row[7] !== prev || hash !== row[8]) throw new Error(`baseline: chain broken at ${row[1]}`);
      prev = hash;
    }
    return performance.now() - started;
  } finally {
    raw.close();
  }
}

/** The floor: the rows' canonical bytes gathered first (untimed), then only SHA-256 in a loop. */
function hashCanonicalBytes(file: string): number {
  const raw = new BetterSqlite3(file, { readonly: true });
  const parts: Buffer[] = [];
  const prevs: Buffer[] = [];
  try {
    for (const row of raw.prepare('SELECT seq, at, actor, action, task_id, details, prev_hash FROM audit_log ORDER BY id').raw(true).iterate() as IterableIterator<
      [number, string, string, string, string | null, string, string]
    >) {
      parts.push(Buffer.from(canonicalEntry({ seq: row[0], at: row[1], actor: row[2], action: row[3], taskId: row[4], details: row[5] }), 'utf8'));
      prevs.push(Buffer.from(row[6], 'latin1'));
    }
  } finally {
    raw.close();
  }
  const started = performance.now();
  let sink = 0;
  for (let i = 0; i < parts.length; i += 1) {
    const digest = crypto.createHash('sha256').update(prevs[i] as Buffer).update(parts[i] as Buffer).digest();
    sink ^= digest[0] ?? 0;
  }
  const elapsed = performance.now() - started;
  if (sink === 256) throw new Error('unreachable: keeps the loop from being optimised away');
  return elapsed;
}
