import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { startCore } from '../../electron/core/core.js';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { CHILD_INSERTS, childRows, INSERT_TASK, taskRow } from '../../electron/core/db/task-writes.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import { TRAINING_OPERATOR, type GatewayTask } from '../../shared/contract/index.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { figure, type Figure } from './figures.js';
import { startBurners } from './burners.js';
import { checkCompleteness } from './sync-completeness.js';
import { summarize } from './timing.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const log = createLogger(nullSink);
const credentials = { operatorId: TRAINING_OPERATOR.operatorId, password: TRAINING_OPERATOR.password, workstationId: 'ws-bench' };

/** The simulator's own command line, in its own process, so its work never shows in the console's event loop. */
async function startSimulatorProcess(tasks: number): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/simulator/cli.ts', '--port', '0', '--seed', '1', '--tasks', String(tasks), '--cargo', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, child, stop };
}

/** Every task of the feed, read straight from the gateway (for the baseline's rows). */
async function fetchAll(url: string): Promise<GatewayTask[]> {
  const client = new GatewayClient({ baseUrl: url, credentials, log });
  const tasks = new Map<string, GatewayTask>();
  let cursor: string | null = null;
  for (;;) {
    const page = await client.changes(cursor, 1000);
    for (const change of page.changes) if (change.op === 'upsert') tasks.set(change.task.taskId, change.task);
    cursor = page.nextCursor;
    if (!page.hasMore) return [...tasks.values()];
  }
}

/** The baseline: the same rows through the same INSERT statements on a bare handle, 10,000 a transaction. */
function rawBulkInsert(file: string, tasks: readonly GatewayTask[]): number {
  openDatabase(file, { log }).close(); // the schema
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  const insertTask = raw.prepare(INSERT_TASK);
  const children = Object.fromEntries(Object.entries(CHILD_INSERTS).map(([name, sql]) => [name, raw.prepare(sql)])) as Record<keyof typeof CHILD_INSERTS, BetterSqlite3.Statement>;
  const started = performance.now();
  for (let from = 0; from < tasks.length; from += 10_000) {
    raw.transaction(() => {
      for (const task of tasks.slice(from, from + 10_000)) {
        const rid = Number(insertTask.run(taskRow(task)).lastInsertRowid);
        for (const [name, rows] of childRows(rid, task)) for (const row of rows) children[name].run(row);
      }
    })();
  }
  const elapsed = performance.now() - started;
  raw.close();
  return elapsed;
}

/**
 * A loop that calls the core every ~20 ms while the sync runs, each call timed from when it was
 * meant to go (20 ms after the last answer), so waiting behind a busy event loop counts as the
 * user would feel it.
 */
function everyTwentyMs(call: (id: number) => Promise<unknown>): { samples: number[]; stop: () => Promise<void> } {
  const samples: number[] = [];
  const state = { running: true };
  const loop = (async () => {
    let id = 0;
    while (state.running) {
      const intended = performance.now() + 20;
      await new Promise((resolve) => setTimeout(resolve, 20));
      await call(++id);
      samples.push(performance.now() - intended);
    }
  })();
  return {
    samples,
    stop: async () => {
      state.running = false;
      await loop;
    },
  };
}

/** 100k by default; a smaller BENCH_SYNC_TASKS is for trying the benchmark out, not for the figures. */
const SYNC_TASKS = Number(process.env.BENCH_SYNC_TASKS ?? 100_000);

async function initialSync100k(busy: boolean): Promise<Figure[]> {
  const TASKS = SYNC_TASKS;
  const simulator = await startSimulatorProcess(TASKS);
  const temp = makeTempDir('bench-sync-');
  try {
    // The console itself: the gateway set through the admin's settings call, the sync run by its service.
    const core = startCore({ dataDir: temp.dir, logSink: nullSink, sync: { intervalMs: 3_600_000 } });
    const admin = { roles: ['admin'] as const };
    const call = async (method: string, input: unknown) => {
      const answer = await core.router.handle(JSON.stringify({ type: 'request', id: 1, method, input }), admin);
      if (!answer.result.ok) throw new Error(`${method}: ${answer.result.error.message}`);
      return answer.result.value;
    };
    await call('settings:setGateway', { gatewayUrl: simulator.url, operatorId: credentials.operatorId, password: credentials.password });
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    const inspector = { roles: ['inspector'] as const };
    const route = async (frame: string) => {
      const answer = await core.router.handle(frame, inspector);
      if (!answer.result.ok) throw new Error(`${frame}: ${answer.result.error.message}`);
      JSON.stringify(answer);
    };
    // The UI keeps asking for list pages while the initial sync runs, as an inspector scrolling would,
    // and writes beside it: acknowledging a flag is a main-thread write through the contract that
    // takes the database's write lock (an UPDATE locks even when it changes no row).
    const reader = everyTwentyMs((id) =>
      route(JSON.stringify({ type: 'request', id, method: 'tasks:list', input: { filter: { status: 'open' }, offset: 0, limit: 50 } })),
    );
    const writer = everyTwentyMs((id) =>
      route(JSON.stringify({ type: 'request', id, method: 'flags:acknowledge', input: { taskId: `T-BENCH-${id % 50}`, kind: 'cancelled' } })),
    );
    const burners = busy ? startBurners(2) : null;
    stalls.enable();
    const started = performance.now();
    let status: { lastError: { message: string } | null; caughtUp: boolean };
    try {
      status = (await call('sync:now', {})) as typeof status;
    } finally {
      stalls.disable();
      await burners?.stop();
      await reader.stop();
      await writer.stop();
    }
    const elapsed = performance.now() - started;
    if (status.lastError || !status.caughtUp) throw new Error(`sync did not finish: ${status.lastError?.message ?? 'not caught up'}`);
    const synced = core.db.tasks.totalCount();
    const pages = sqliteHandle(core.db).prepare("SELECT count(*) FROM sync_journal WHERE call = 'GET /v1/tasks/changes'").pluck().get() as number;
    await core.close();

    const list = summarize(reader.samples);
    const writes = summarize(writer.samples);
    const when = busy ? ', machine busy (2 CPU-burning processes)' : '';
    const figures = [
      figure({ name: `initial sync of ${synced} tasks over loopback (${pages} pages)${when}`, value: synced / (elapsed / 1000), unit: 'tasks/s' }),
      figure({ name: `longest event-loop stall of the core during the sync${when}`, value: stalls.max / 1e6, unit: 'ms', max: 50 }),
      figure({ name: `list page p95 during the sync (${list.samples} pages)${when}`, value: list.p95, unit: 'ms' }),
      figure({ name: `list page p50 during the sync${when}`, value: list.p50, unit: 'ms' }),
      // Reported without a target: a write may wait (on timers) for a page's transaction to end; what
      // must stay short is the event loop's longest stall above.
      figure({ name: `main-thread write (flags:acknowledge) p95 during the sync (${writes.samples} writes)${when}`, value: writes.p95, unit: 'ms' }),
      figure({ name: `main-thread write (flags:acknowledge) max during the sync${when}`, value: Math.max(...writer.samples), unit: 'ms' }),
    ];
    if (busy) return figures;
    const tasks = await fetchAll(simulator.url);
    const rawMs = rawBulkInsert(path.join(temp.dir, 'raw.sqlite'), tasks);
    const rawRate = tasks.length / (rawMs / 1000);
    return [
      ...figures,
      figure({ name: 'raw better-sqlite3 bulk insert of the same rows', value: rawRate, unit: 'tasks/s' }),
      figure({ name: 'initial sync time vs raw bulk insert', value: elapsed / 1000, unit: 's', baseline: rawMs / 1000, maxRatio: 3 }),
    ];
  } finally {
    await simulator.stop();
    temp.remove();
  }
}

/** The headless sync command on a million tasks, its peak resident memory read from /proc while it runs. */
async function sync1M(): Promise<Figure[]> {
  const TASKS = 1_000_000;
  const simulator = await startSimulatorProcess(TASKS);
  const temp = makeTempDir('bench-sync-1m-');
  try {
    const file = path.join(temp.dir, 'console.sqlite');
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/core/cli/sync.ts', '--gateway', simulator.url, '--operator', credentials.operatorId, '--password', credentials.password, '--db', file, '--until-idle', '--retry-budget', '120'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let peakKb = 0;
    const sampler = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      } catch {
        // the process has just exited
      }
    }, 250);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`sync of 1M tasks failed (${code}): ${out}`);
    const summary = JSON.parse(out.trim()) as { tasks: number };
    // "Caught up" is the command's word; this checks it against the simulator itself.
    const arrived = await checkCompleteness(simulator.url, credentials, file);
    return [
      figure({ name: `1M sync: tasks in the cache after --until-idle`, value: summary.tasks, unit: 'tasks' }),
      figure({
        name: `1M sync: simulator tasks missing from the cache (simulator ${arrived.simulator}, cache ${arrived.local}, unknown to the simulator ${arrived.extra})`,
        value: arrived.missing + arrived.extra,
        unit: 'tasks',
        max: 0,
      }),
      figure({ name: '1M sync: time', value: seconds, unit: 's' }),
      figure({ name: '1M sync: peak RSS of the sync process (VmHWM)', value: peakKb / 1024, unit: 'MiB', max: 2048 }),
    ];
  } finally {
    await simulator.stop();
    temp.remove();
  }
}

export async function syncBenchmark(): Promise<Figure[]> {
  // The busy run first: the quiet run's baseline holds every task in this process's heap, and the
  // collection of that garbage (a major GC on the thread the core shares) would land in the next run.
  const figures = process.env.BENCH_SYNC_BUSY === '0' ? [] : await initialSync100k(true);
  figures.push(...(await initialSync100k(false)));
  if (process.env.BENCH_SYNC_1M !== '0') figures.push(...(await sync1M()));
  return figures;
}
