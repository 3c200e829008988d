import { fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { coreStatusSchema, FATAL_EXIT_CODE, type CoreStatus } from '../../electron/core/control.js';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { DatabaseInUseError, holderFileOf, lockDatabase, lockFileOf, type DatabaseLock } from '../../electron/core/db/database-lock.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * The database lock inside one process (tests may start two hosts in one process, and the page
 * writer opens a second connection) and across real processes: another Node process asking for
 * the same lock, and the core process entry forked twice on one data folder.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const log = createLogger(nullSink);
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function tempFile(): string {
  const temp = makeTempDir('database-lock-');
  cleanups.push(temp.remove);
  return path.join(temp.dir, 'console.sqlite');
}

function locked(file: string, kind: Parameters<typeof lockDatabase>[1]): DatabaseLock {
  const lock = lockDatabase(file, kind);
  cleanups.push(() => {
    lock.release();
  });
  return lock;
}

/** Another Node process asks for the lock; prints `won` or the refusal's message. */
function lockFromAnotherProcess(file: string): string {
  const script = `
    import { lockDatabase } from './electron/core/db/database-lock.ts';
    try { lockDatabase(${JSON.stringify(file)}, 'sync-command', { settleMs: 0 }).release(); console.log('won'); }
    catch (error) { console.log(error.name + ': ' + error.message); }`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`probe failed: ${run.stderr}`);
  return run.stdout.trim();
}

function refusal(attempt: () => unknown): DatabaseInUseError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof DatabaseInUseError) return error;
    throw error;
  }
  throw new Error('the second lock was granted');
}

describe('database lock in one process', () => {
  it('refuses a second holder naming the first, and the refusal does not weaken the first lock', () => {
    const file = tempFile();
    const first = locked(file, 'headless-host');
    expect(first.holder).toMatchObject({ pid: process.pid, kind: 'headless-host', hostname: os.hostname() });

    const second = refusal(() => lockDatabase(file, 'sync-command'));
    expect(second.problem).toBe('in_use');
    expect(second.holder).toEqual(first.holder);
    expect(second.message).toContain(`the database ${file} is in use by the headless host (pid ${process.pid} on ${os.hostname()}, since ${first.holder.startedAt})`);
    expect(second.messageZh).toContain(`正被无界面主机（浏览器访问）使用（进程 ${process.pid}`);

    // The refused connection was closed; POSIX locks die with any close of the file in the process,
    // so check from outside that the first holder still has it.
    expect(lockFromAnotherProcess(file)).toMatch(/^DatabaseInUseError: .*in use by the headless host \(pid \d+/);

    first.release();
    first.release(); // idempotent
    expect(fs.existsSync(holderFileOf(file))).toBe(false);
    const third = locked(file, 'sync-command');
    expect(third.holder.kind).toBe('sync-command');
    expect(lockFromAnotherProcess(file)).toMatch(/in use by the sync command/);
  });

  it('keeps both files owner-only and the lock file in place after release', () => {
    const file = tempFile();
    const lock = locked(file, 'desktop');
    expect(fs.statSync(lockFileOf(file)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(holderFileOf(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(holderFileOf(file), 'utf8'))).toEqual(lock.holder);
    lock.release();
    expect(fs.existsSync(lockFileOf(file))).toBe(true);
    expect(lockFromAnotherProcess(file)).toBe('won');
  });

  it('opens a locked database and a second, unlocked connection to it (the page writer), releasing on close', () => {
    const file = tempFile();
    const owner = openDatabase(file, { log, lock: 'core-process' });
    cleanups.push(() => {
      owner.close();
    });
    expect(() => openDatabase(file, { log, lock: 'headless-host' })).toThrow(DatabaseInUseError);
    const worker = openDatabase(file, { log });
    sqliteHandle(worker).prepare('UPDATE sync_state SET caught_up = 1').run();
    worker.close();
    expect(sqliteHandle(owner).prepare('SELECT caught_up FROM sync_state').pluck().get()).toBe(1);
    expect(lockFromAnotherProcess(file)).toMatch(/in use by a console core process/);

    owner.close();
    expect(lockFromAnotherProcess(file)).toBe('won');
  });

  it('refuses before touching the database: no backup, no migration, no checkpoint by the second opener', () => {
    const file = tempFile();
    const owner = openDatabase(file, { log, lock: 'headless-host' });
    cleanups.push(() => {
      owner.close();
    });
    const before = fs.readdirSync(path.dirname(file)).sort();
    const version = sqliteHandle(owner).pragma('user_version', { simple: true }) as number;
    // A newer app: unrefused, it would write console.sqlite.v<N>.bak and migrate.
    const withNext = [...migrations, { version: version + 1, name: 'probe', sql: 'CREATE TABLE probe (x)' }];
    expect(() => openDatabase(file, { log, lock: 'sync-command', migrations: withNext })).toThrow(DatabaseInUseError);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(before);
    expect(sqliteHandle(owner).pragma('user_version', { simple: true })).toBe(version);
  });

  it('takes over at once from a holder that died (its file names a dead pid), rewriting the holder file', () => {
    const file = tempFile();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    const stale = { pid: dead.pid, kind: 'headless-host', startedAt: '2026-01-01T00:00:00.000Z', hostname: os.hostname(), lockId: 'stale' };
    fs.writeFileSync(holderFileOf(file), JSON.stringify(stale), { mode: 0o600 });
    const started = Date.now();
    const lock = locked(file, 'sync-command');
    expect(Date.now() - started).toBeLessThan(400);
    expect(JSON.parse(fs.readFileSync(holderFileOf(file), 'utf8'))).toEqual(lock.holder);
  });

  it('waits a moment for a holder that has not named itself, then refuses without inventing a name', () => {
    const file = tempFile();
    // The lock taken the way lockDatabase takes it, but no holder file written (a holder just starting).
    const raw = new BetterSqlite3(lockFileOf(file));
    cleanups.push(() => raw.close());
    raw.pragma('locking_mode = EXCLUSIVE');
    raw.pragma('journal_mode = OFF');
    raw.exec('BEGIN EXCLUSIVE; PRAGMA user_version = 1; COMMIT;');

    const started = Date.now();
    const error = refusal(() => lockDatabase(file, 'headless-host', { settleMs: 300 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(error.holder).toBeNull();
    expect(error.message).toContain('is in use by another console process (it did not say which)');
  });
});

describe('the core process entry on a data folder another core holds', () => {
  const ENTRY = path.join(ROOT, 'electron/core/main.ts');

  function startCore(dataDir: string): { pid: number; status: Promise<CoreStatus>; exited: Promise<number | null>; stop: () => void } {
    const child = fork(ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    cleanups.push(kill);
    const status = new Promise<CoreStatus>((resolve) => {
      child.on('message', (message: unknown) => {
        const parsed = coreStatusSchema.safeParse(message);
        // The map engine's status may come first (main follows it for the CSP): the outcome of the start is ready or fatal.
        if (parsed.success && parsed.data.type !== 'map') resolve(parsed.data);
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.send({ type: 'init', dataDir, sync: false, appVersion: '0.1.0-test' });
    return { pid: child.pid ?? 0, status, exited, stop: () => child.kill('SIGTERM') };
  }

  it('reports the refusal to its parent as a fatal status in zh-CN and English, naming the holder', async () => {
    const temp = makeTempDir('database-lock-core-');
    cleanups.push(temp.remove);
    const first = startCore(temp.dir);
    expect(await first.status).toEqual({ type: 'ready' });

    const second = startCore(temp.dir);
    const refused = await second.status;
    expect(refused.type).toBe('fatal');
    const message = refused.type === 'fatal' ? refused.message : '';
    expect(message).toContain(`控制台无法启动：数据库 ${path.join(temp.dir, 'console.sqlite')} 正被控制台核心进程使用（进程 ${first.pid}`);
    expect(message).toContain(`The console could not start: the database ${path.join(temp.dir, 'console.sqlite')} is in use by a console core process (pid ${first.pid}`);
    expect(await second.exited).toBe(FATAL_EXIT_CODE);

    first.stop();
    expect(await first.exited).toBe(0);
    const third = startCore(temp.dir);
    expect(await third.status).toEqual({ type: 'ready' });
    third.stop();
    expect(await third.exited).toBe(0);
  }, 90_000);
});
