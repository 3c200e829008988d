import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { TRAINING_OPERATOR, type ResultSubmission } from '../../shared/contract/index.js';
import { seededRandom } from '../fixtures/fault-proxy.js';
import { configureGateway } from '../fixtures/configure-gateway.js';
import { buildResult } from '../fixtures/result-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * The syncing process killed with SIGKILL at random points, 25 times while it pulls and 25 times
 * while it pushes. Each kill is aimed by watching the process's progress in the database (journal
 * rows, delivered results), so it lands mid-work rather than before start-up. After every kill the
 * file must be whole and consistent; at the end the sync must finish with nothing lost or doubled.
 */
const KILLS_PER_PHASE = 25;
const RESULTS = 300;
const ROOT = path.resolve(import.meta.dirname, '../..');
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const [, ...syncCommand] = (scripts.sync ?? '').split(' ');
const log = createLogger(nullSink);
const random = seededRandom(2026);

let temp: ReturnType<typeof makeTempDir>;
let simulator: Simulator;
let file: string;

beforeAll(async () => {
  temp = makeTempDir('sync-crash-');
  file = path.join(temp.dir, 'console.sqlite');
  simulator = await startSimulator({ seed: 21, tasks: 12_000, cargo: 0, evolve: false });
}, 60_000);
afterAll(async () => {
  await simulator.close();
  temp.remove();
});

function startSync(): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const args = ['--gateway', simulator.url, '--operator', TRAINING_OPERATOR.operatorId, '--password', TRAINING_OPERATOR.password, '--db', file, '--until-idle'];
  const child = spawn(process.execPath, [...syncCommand, ...args], { cwd: ROOT, stdio: 'ignore' });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exit };
}

/** A read-only look at the file while the syncing process writes it (WAL lets both run). */
function peek<T>(query: (db: BetterSqlite3.Database) => T): T | null {
  if (!fs.existsSync(file)) return null;
  try {
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: 1000 });
    try {
      return query(db);
    } finally {
      db.close();
    }
  } catch {
    return null; // not created or not migrated yet
  }
}

/** Starts the sync and kills it once `progress` passes a random mark; false if it finished first. */
async function killMidway(progress: () => number | null, mark: number): Promise<boolean> {
  const run = startSync();
  const state = { exited: false };
  void run.exit.then(() => (state.exited = true));
  for (;;) {
    if (state.exited) return false;
    const now = progress();
    if (now !== null && now >= mark) break;
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(random() * 20)));
  }
  run.child.kill('SIGKILL');
  const { signal } = await run.exit;
  return signal === 'SIGKILL';
}

/** What every kill must leave: a whole file, foreign keys intact, the app able to open it. */
function checkFile(): { tasks: number; cursor: string | null; results: ReturnType<Database['results']['counts']>; outbox: number } {
  const db = openDatabase(file, { log });
  try {
    expect(sqliteHandle(db).pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sqliteHandle(db).pragma('foreign_key_check')).toEqual([]);
    const cursor = sqliteHandle(db).prepare('SELECT cursor FROM sync_state').pluck().get() as string | null;
    const counts = db.results.counts();
    const outbox = sqliteHandle(db).prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    // The outbox holds exactly the queued results: a crash never strands one or sends a draft.
    expect(outbox).toBe(counts.queued);
    return { tasks: db.tasks.totalCount(), cursor, results: counts, outbox };
  } finally {
    db.close();
  }
}

describe('sync killed with SIGKILL at random points', () => {
  it(`survives ${KILLS_PER_PHASE} kills while pulling: the file stays whole and the pull resumes`, async () => {
    let kills = 0;
    const pages = () => peek((db) => db.prepare("SELECT count(*) FROM sync_journal WHERE call = 'GET /v1/tasks/changes'").pluck().get() as number);
    for (let attempt = 0; kills < KILLS_PER_PHASE && attempt < KILLS_PER_PHASE * 4; attempt++) {
      const before = peek((db) => db.prepare('SELECT count(*) FROM tasks').pluck().get() as number) ?? 0;
      if (await killMidway(pages, (pages() ?? 0) + 1 + Math.floor(random() * 6))) kills++;
      const state = checkFile();
      // Work committed before the kill is kept: the cache only grows during an initial load.
      expect(state.tasks).toBeGreaterThanOrEqual(before);
      if (state.cursor === null) expect(state.tasks).toBe(0);
      // A pull that finished before the kill point: start the load again from an empty file.
      if (peek((db) => db.prepare('SELECT caught_up FROM sync_state').pluck().get() as number) === 1) {
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
      }
    }
    expect(kills).toBe(KILLS_PER_PHASE);
    const finish = startSync();
    expect(await finish.exit).toEqual({ code: 0, signal: null });
    const done = checkFile();
    const cancelledUnseen = peek((db) => db.prepare('SELECT count(*) FROM task_cancellations').pluck().get() as number) ?? 0;
    expect(done.tasks + cancelledUnseen).toBe(simulator.tasks().length);
  }, 300_000);

  it(`survives ${KILLS_PER_PHASE} kills while pushing: every result delivered exactly once, none lost`, async () => {
    const submitted = new Map<string, ResultSubmission>();
    // Results are made for the single window the console is pointed at; the command sends only those.
    configureGateway(file, simulator.url, TRAINING_OPERATOR.operatorId);
    const db = openDatabase(file, { log });
    const open = simulator.tasks().filter((task) => task.status === 'pending' || task.status === 'assigned' || task.status === 'in_progress');
    // The pull phase's runs cached the reference data: results record its version.
    const { referenceVersion } = db.sync.state();
    expect(referenceVersion).toMatch(/^ref-/);
    for (const task of open.slice(0, RESULTS)) {
      const result = buildResult(task);
      db.results.submit({ ...result, taskId: task.taskId, createdBy: TRAINING_OPERATOR.operatorId });
      // Sent as submitted, stamped with the versions it was made under (the app's: openDatabase's default).
      submitted.set(result.resultId, { ...result, referenceVersion: referenceVersion ?? '', appVersion: '0.0.0' });
    }
    db.close();

    let kills = 0;
    const posts = () => peek((handle) => handle.prepare("SELECT count(*) FROM sync_journal WHERE call LIKE 'POST /v1/tasks/%'").pluck().get() as number);
    for (let attempt = 0; kills < KILLS_PER_PHASE && attempt < KILLS_PER_PHASE * 4; attempt++) {
      if (await killMidway(posts, (posts() ?? 0) + 1 + Math.floor(random() * 8))) kills++;
      const state = checkFile();
      // Nothing lost: every saved result is still there, queued or delivered.
      expect(state.results.queued + state.results.delivered).toBe(RESULTS);
      // Every result the single window has is one this workstation saved, once.
      const stored = simulator.results();
      expect(new Set(stored.map((result) => result.resultId)).size).toBe(stored.length);
      for (const result of stored) expect(submitted.has(result.resultId)).toBe(true);
      if (state.results.queued === 0) break; // everything went before the next kill point
    }
    expect(kills).toBe(KILLS_PER_PHASE);
    const finish = startSync();
    expect(await finish.exit).toEqual({ code: 0, signal: null });
    expect(checkFile().results.delivered).toBe(RESULTS);
    const stored = simulator.results();
    expect(stored).toHaveLength(RESULTS);
    for (const result of stored) expect(result.body).toEqual(submitted.get(result.resultId));
  }, 300_000);
});
