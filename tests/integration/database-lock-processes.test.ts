import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE, TRAINING_DIR } from '../../electron/core/core.js';
import { holderFileOf, lockFileOf } from '../../electron/core/db/database-lock.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { TRAINING_OPERATOR } from '../../shared/contract/index.js';
import { ensureRendererBuild, ROOT } from '../e2e/renderer-build.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * One writer per database, with real processes started the way admins start them: two headless
 * hosts on one data folder, two `sync` commands on one file, a `sync` beside a host, `cache:export`
 * reading while a holder runs, and a holder SIGKILLed (its OS lock goes with it) replaced by a new
 * one that works.
 */
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const commandOf = (script: string): string[] => (scripts[script] ?? '').split(' ').slice(1);

interface Proc {
  child: ChildProcess;
  pid: number;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children = new Set<ChildProcess>();
let temp: ReturnType<typeof makeTempDir>;
let simulator: Simulator;
/** A gateway that accepts connections and never answers: a `sync` against it holds its lock until killed. */
let silent: http.Server;
let silentUrl: string;

beforeAll(async () => {
  temp = makeTempDir('database-lock-processes-');
  simulator = await startSimulator({ port: 0, seed: 5, tasks: 400, cargo: 0, evolve: false });
  silent = http.createServer(() => {
    // never answers
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  await ensureRendererBuild();
}, 240_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
  await simulator.close();
  temp.remove();
});

function start(args: string[]): Proc {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return { child, pid: child.pid ?? 0, stdout: () => out, stderr: () => err, exit };
}

const startHost = (dataDir: string): Proc => start(['--import', 'tsx', path.join(ROOT, 'electron/host/cli.ts'), '--port', '0', '--data-dir', dataDir]);

function startSync(db: string, gateway: string, budgetS = 30): Proc {
  const args = ['--gateway', gateway, '--operator', TRAINING_OPERATOR.operatorId, '--password', TRAINING_OPERATOR.password, '--db', db];
  return start([...commandOf('sync'), ...args, '--until-idle', '--retry-budget', String(budgetS)]);
}

const cacheExport = (db: string): Proc => start([...commandOf('cache:export'), '--db', db]);

async function until<T>(what: string, probe: () => T | null | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function ready(host: Proc): Promise<void> {
  await until('the ready line', () => {
    if (host.child.exitCode !== null) throw new Error(`the host exited early: ${host.stderr()}`);
    return /^console ready at http:\/\/127\.0\.0\.1:\d+\//.test(host.stdout()) ? true : null;
  });
}

/** Who the holder file says holds the lock (the holder writes it right after winning). */
function holderPid(db: string): number | null {
  try {
    return (JSON.parse(fs.readFileSync(holderFileOf(db), 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
}

/** A read-only look at the file beside its holder (WAL lets both run). */
function peek<T>(db: string, query: (connection: BetterSqlite3.Database) => T): T | null {
  try {
    const connection = new BetterSqlite3(db, { readonly: true, fileMustExist: true, timeout: 2000 });
    try {
      return query(connection);
    } finally {
      connection.close();
    }
  } catch {
    return null;
  }
}

const journalTop = (db: string): number => peek(db, (c) => c.prepare('SELECT coalesce(max(id), 0) FROM sync_journal').pluck().get() as number) ?? 0;

describe('two sync commands on one file', () => {
  it('refuses the second (exit 6, JSON naming the holder), lets cache:export read, and after a SIGKILL the next sync works', async () => {
    const db = path.join(temp.dir, 'sync', 'console.sqlite');
    const first = startSync(db, simulator.url);
    expect((await first.exit).code).toBe(0);
    // What cache:export lists: every cached task, and the cancels of tasks never held.
    const tasks = peek(db, (c) => c.prepare('SELECT (SELECT count(*) FROM tasks) + (SELECT count(*) FROM task_cancellations)').pluck().get() as number) ?? 0;
    expect(tasks).toBeGreaterThan(0);

    const holder = startSync(db, silentUrl, 600);
    await until('the holding sync to name itself', () => (holderPid(db) === holder.pid ? true : null));
    const journalBefore = journalTop(db);

    const second = startSync(db, simulator.url);
    const { code } = await second.exit;
    expect(code).toBe(6);
    const line = JSON.parse(second.stdout()) as { ok: boolean; exitCode: number; error: { kind: string; message: string } };
    expect(line).toMatchObject({ ok: false, exitCode: 6, error: { kind: 'database_in_use' } });
    expect(line.error.message).toContain(`the database ${db} is in use by the sync command (pid ${holder.pid} on ${os.hostname()}, since `);
    expect(second.stderr()).toMatch(/^sync not started: the database .* is in use by the sync command \(pid \d+/);
    expect(journalTop(db)).toBe(journalBefore); // the refused one never signed in

    const exported = cacheExport(db);
    expect((await exported.exit).code).toBe(0);
    expect(exported.stdout().trim().split('\n')).toHaveLength(tasks);

    holder.child.kill('SIGKILL');
    expect((await holder.exit).signal).toBe('SIGKILL');
    expect(holderPid(db)).toBe(holder.pid); // stale: the killed holder could not remove it

    const next = startSync(db, simulator.url);
    expect((await next.exit).code).toBe(0);
    expect(JSON.parse(next.stdout())).toMatchObject({ ok: true, caughtUp: true });
    expect(fs.existsSync(holderFileOf(db))).toBe(false); // released on close
    expect(fs.statSync(lockFileOf(db)).mode & 0o777).toBe(0o600);
  }, 180_000);
});

describe('two headless hosts on one data folder', () => {
  it('refuses the second host and a sync, naming the first; after the first is SIGKILLed a new host starts and syncs', async () => {
    const dataDir = path.join(temp.dir, 'host');
    const db = path.join(dataDir, DATABASE_FILE);
    // Training mode works in its own file: the lock is per file, so the host holds both.
    const training = path.join(dataDir, TRAINING_DIR, DATABASE_FILE);
    const first = startHost(dataDir);
    await ready(first);
    expect(holderPid(db)).toBe(first.pid);
    expect(holderPid(training)).toBe(first.pid);

    const second = startHost(dataDir);
    const refused = await second.exit;
    expect(refused.code).toBe(6);
    expect(second.stdout()).toBe('');
    expect(second.stderr()).toMatch(
      new RegExp(`^console not started: the database ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by the headless host \\(pid ${first.pid} on .*, since .*\\); close it first.*\\n$`),
    );
    expect(second.stderr().trim().split('\n')).toHaveLength(1);

    // A sync on the training file (the two simulators rebinding one cursor) is refused too.
    const sync = startSync(training, simulator.url);
    expect((await sync.exit).code).toBe(6);
    expect(sync.stdout()).toContain(`the database ${training} is in use by the headless host (pid ${first.pid}`);

    // The first host's training sync fills the cache; cache:export reads it while the host runs.
    await until('training tasks in the first host', () => (peek(training, (c) => c.prepare('SELECT count(*) FROM tasks').pluck().get() as number) ?? 0) > 0 || null);
    const exported = cacheExport(training);
    expect((await exported.exit).code).toBe(0);
    expect(exported.stdout().length).toBeGreaterThan(0);

    first.child.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');
    const journalBefore = journalTop(training);

    const third = startHost(dataDir);
    await ready(third);
    expect(holderPid(db)).toBe(third.pid);
    expect(holderPid(training)).toBe(third.pid);
    // It works: its own training simulator answers its sign-in and pulls, recorded after the kill.
    await until('a successful gateway call by the new host', () =>
      peek(training, (c) => c.prepare("SELECT 1 FROM sync_journal WHERE id > ? AND outcome = 'ok' LIMIT 1").pluck().get(journalBefore)) ?? null,
    );
    third.child.kill('SIGTERM');
    expect((await third.exit).code).toBe(0);
    expect(fs.existsSync(holderFileOf(db))).toBe(false);
    expect(fs.existsSync(holderFileOf(training))).toBe(false);
  }, 240_000);
});
