import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import BetterSqlite3, { type Database as Sqlite } from 'better-sqlite3';
import { z } from 'zod';
import { DatabaseOpenError } from './errors.js';

/**
 * One writer process per database file: Electron's core, the headless host and the `sync` command
 * each take this lock before they open the file for writing, so two of them can never run two sync
 * services (two training simulators rebinding one cursor and wiping each other's tasks).
 *
 * The lock is an OS file lock, not a pid file: a companion SQLite file `<db>.lock` held by one
 * connection in `locking_mode=EXCLUSIVE` after a write. SQLite takes a POSIX record lock (LockFileEx
 * on Windows) that the kernel drops when the process dies, however it dies, so a SIGKILLed holder
 * leaves nothing to clean up; and SQLite arbitrates between connections of one process itself (its
 * per-inode table), so a second open inside the same process is refused too. A pid file would need
 * liveness guesses, and pids are reused.
 *
 * Who holds it is written after the lock is won to `<db>.lock-holder` (JSON, 0600) for the refused
 * process's message. Neither file is ever deleted by a holder: unlinking a lock file lets a process
 * that opened the old inode and one that creates a new one both "win". Nothing but SQLite may open
 * `<db>.lock` in a holder's process: closing any descriptor of a file drops the process's POSIX locks
 * on it.
 *
 * Readers (`cache:export`) and the page-writer worker's own connection take no lock: they are not a
 * second core, and the worker belongs to the process that holds it.
 */

export const databaseHolderKinds = ['desktop', 'headless-host', 'sync-command', 'core-process', 'restore-command'] as const;
export type DatabaseHolderKind = (typeof databaseHolderKinds)[number];

/** How a refused process names the holder, in the console's two languages. */
const HOLDER_LABELS: Record<DatabaseHolderKind, { en: string; zh: string }> = {
  desktop: { en: 'the desktop console', zh: '桌面控制台' },
  'headless-host': { en: 'the headless host', zh: '无界面主机（浏览器访问）' },
  'sync-command': { en: 'the sync command', zh: '同步命令（sync）' },
  'core-process': { en: 'a console core process', zh: '控制台核心进程' },
  'restore-command': { en: 'the backup restore command', zh: '备份恢复命令（backup restore）' },
};

const holderInfoSchema = z.object({
  pid: z.number().int().positive(),
  kind: z.enum(databaseHolderKinds),
  startedAt: z.string().max(64),
  hostname: z.string().max(255),
  /** Tells this holder's file from a later holder's, so release never deletes someone else's. */
  lockId: z.string().max(64),
});
export type DatabaseHolder = z.infer<typeof holderInfoSchema>;

export function lockFileOf(databaseFile: string): string {
  return `${databaseFile}.lock`;
}

export function holderFileOf(databaseFile: string): string {
  return `${databaseFile}.lock-holder`;
}

export class DatabaseInUseError extends DatabaseOpenError {
  constructor(
    file: string,
    /** Null when the holder did not say who it is (it is starting, or its file was unreadable). */
    readonly holder: DatabaseHolder | null,
    /** The same sentence in zh-CN, for the desktop console's dialog. */
    readonly messageZh: string,
    message: string,
  ) {
    super('in_use', message, file);
    this.name = 'DatabaseInUseError';
  }
}

export interface DatabaseLock {
  readonly holder: DatabaseHolder;
  /** Idempotent. Removes the holder file (if still ours), then lets the OS lock go. */
  release(): void;
}

export interface LockOptions {
  /**
   * How long to wait for a holder that has the lock but has not said who it is yet (or whose file
   * names a process that has died: its lock is about to go). A live, named holder is refused at once.
   */
  settleMs?: number;
}

const SETTLE_MS = 500;
const SETTLE_STEP_MS = 50;
const HOLDER_FILE_MAX_BYTES = 4096;

/** Takes the lock on `databaseFile` for `kind`, or throws DatabaseInUseError naming the holder. */
export function lockDatabase(databaseFile: string, kind: DatabaseHolderKind, options: LockOptions = {}): DatabaseLock {
  const deadline = Date.now() + (options.settleMs ?? SETTLE_MS);
  for (;;) {
    const connection = tryLock(databaseFile);
    if (connection) return holdLock(databaseFile, kind, connection);
    const holder = readHolder(databaseFile);
    if ((holder !== null && isAlive(holder)) || Date.now() >= deadline) throw inUse(databaseFile, holder);
    sleepSync(SETTLE_STEP_MS);
  }
}

/** The connection holding the lock, or null when another connection (any process) holds it. */
function tryLock(databaseFile: string): Sqlite | null {
  const file = lockFileOf(databaseFile);
  let connection: Sqlite;
  try {
    connection = new BetterSqlite3(file);
  } catch (error) {
    throw new DatabaseOpenError('cannot_open', `cannot open the lock file ${file}: ${String(error)}`, databaseFile);
  }
  try {
    connection.pragma('busy_timeout = 0'); // a probe: never wait for the holder
    connection.pragma('locking_mode = EXCLUSIVE'); // keep the lock after the write, until close
    connection.pragma('journal_mode = OFF'); // nothing in this file needs a journal; no -journal file
    connection.exec('BEGIN EXCLUSIVE; PRAGMA user_version = 1; COMMIT;');
    return connection;
  } catch (error) {
    connection.close(); // safe in-process: SQLite keeps the descriptor while another connection holds a lock
    if (isBusy(error)) return null;
    throw new DatabaseOpenError('cannot_open', `cannot lock ${file}: ${String(error)}`, databaseFile);
  }
}

function holdLock(databaseFile: string, kind: DatabaseHolderKind, connection: Sqlite): DatabaseLock {
  const holder: DatabaseHolder = {
    pid: process.pid,
    kind,
    startedAt: new Date().toISOString(),
    hostname: os.hostname(),
    lockId: crypto.randomBytes(12).toString('hex'),
  };
  try {
    // chmod, never open+close: a close here would drop this process's lock on the file.
    if (process.platform !== 'win32') fs.chmodSync(lockFileOf(databaseFile), 0o600);
    writeHolder(databaseFile, holder);
  } catch (error) {
    connection.close();
    throw new DatabaseOpenError('cannot_open', `cannot record the holder of ${lockFileOf(databaseFile)}: ${String(error)}`, databaseFile);
  }
  let held = true;
  return {
    holder,
    release() {
      if (!held) return;
      held = false;
      // First the file, then the lock: a process refused in between waits for a name and then wins.
      if (readHolder(databaseFile)?.lockId === holder.lockId) fs.rmSync(holderFileOf(databaseFile), { force: true });
      connection.close();
    },
  };
}

/** Written to a fresh temp file (never through a planted link) and renamed over the old one. */
function writeHolder(databaseFile: string, holder: DatabaseHolder): void {
  const target = holderFileOf(databaseFile);
  const temp = `${target}.${holder.lockId}.tmp`;
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, target);
}

function readHolder(databaseFile: string): DatabaseHolder | null {
  let text: string;
  try {
    const fd = fs.openSync(holderFileOf(databaseFile), 'r');
    try {
      const buffer = Buffer.alloc(HOLDER_FILE_MAX_BYTES);
      text = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
  try {
    const parsed = holderInfoSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A holder on another machine (a shared folder) cannot be checked: take its word. */
function isAlive(holder: DatabaseHolder): boolean {
  if (holder.hostname !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

function inUse(databaseFile: string, holder: DatabaseHolder | null): DatabaseInUseError {
  if (holder === null) {
    return new DatabaseInUseError(
      databaseFile,
      null,
      `数据库 ${databaseFile} 正被另一个控制台进程使用（未能读到它的信息）；请先关闭它。`,
      `the database ${databaseFile} is in use by another console process (it did not say which); close it first`,
    );
  }
  const label = HOLDER_LABELS[holder.kind];
  return new DatabaseInUseError(
    databaseFile,
    holder,
    `数据库 ${databaseFile} 正被${label.zh}使用（进程 ${holder.pid}，主机 ${holder.hostname}，自 ${holder.startedAt} 起）；请先关闭它，或等它结束。`,
    `the database ${databaseFile} is in use by ${label.en} (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt}); close it first, or wait for it to finish`,
  );
}

function isBusy(error: unknown): boolean {
  const code: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** Only while a starting holder names itself (a few steps of 50 ms at startup, before any I/O is served). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
