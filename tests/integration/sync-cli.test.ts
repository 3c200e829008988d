import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection.js';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * The headless commands as admins and scripts run them: `npm run sync` and `npm run cache:export`,
 * spawned as their own processes from the command lines in package.json, against the simulator on
 * 127.0.0.1.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(script: 'sync' | 'cache:export', args: string[]): Promise<Run> {
  const [command, ...scriptArgs] = (scripts[script] ?? '').split(' ');
  expect(command).toBe('node');
  const started = Date.now();
  const child = spawn(process.execPath, [...scriptArgs, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => {
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

let temp: ReturnType<typeof makeTempDir>;
let sim: Simulator;
// A password no log line or journal row may ever contain.
const OPERATOR = { operatorId: 'op-8000-001', password: 'pw-Zq81-never-logged' };

beforeAll(async () => {
  temp = makeTempDir('sync-cli-');
  sim = await startSimulator({
    port: 0,
    seed: 7,
    tasks: 600,
    evolve: false,
    operators: [
      { ...OPERATOR, name: '张伟', roles: ['inspector'], agency: 'customs' },
      { operatorId: 'op-8000-002', password: 'pw-2', name: '李娜', roles: ['inspector'], agency: 'quarantine' },
    ],
  });
});

afterAll(async () => {
  await sim.close();
  temp.remove();
});

const syncArgs = (db: string, password: string = OPERATOR.password, gateway = sim.url) => [
  '--gateway',
  gateway,
  '--operator',
  OPERATOR.operatorId,
  '--password',
  password,
  '--db',
  db,
  '--until-idle',
];

function fileState(file: string): { bytes: Buffer; mtimeMs: number; siblings: string[] } {
  return { bytes: fs.readFileSync(file), mtimeMs: fs.statSync(file).mtimeMs, siblings: fs.readdirSync(path.dirname(file)).sort() };
}

function writeNewerDatabase(file: string): void {
  const newer = new BetterSqlite3(file);
  newer.exec('CREATE TABLE future (x)');
  newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
  newer.close();
}

describe('npm run sync', () => {
  const db = () => path.join(temp.dir, 'ws1', 'console.sqlite');

  it('pulls until caught up, drains the outbox and prints one JSON line', async () => {
    const result = await run('sync', syncArgs(db()));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!) as Record<string, unknown>;
    const live = sim.tasks().filter((task) => task.status !== 'cancelled').length;
    expect(summary).toMatchObject({
      ok: true,
      pulled: { upserts: live, cancels: 0, reloads: 0 },
      pushed: { delivered: 0, conflicts: 0, rejected: 0, waiting: 0 },
      tasks: live,
      cursor: 'set',
      caughtUp: true,
    });
    expect(summary.durationMs).toEqual(expect.any(Number));
    const logText = fs.readFileSync(path.join(temp.dir, 'ws1', 'logs', 'sync.log'), 'utf8');
    expect(logText).toContain('sync finished');
    expect(logText).not.toContain(OPERATOR.password);
    const check = new BetterSqlite3(db(), { readonly: true });
    const journal = check.prepare('SELECT call, outcome, detail FROM sync_journal ORDER BY id').all() as { call: string; outcome: string; detail: string }[];
    check.close();
    expect(journal[0]).toMatchObject({ call: 'POST /v1/auth/token', outcome: 'ok' });
    expect(journal.filter((row) => row.call === 'GET /v1/tasks/changes')).toHaveLength((summary.pulled as { pages: number }).pages);
    expect(JSON.stringify(journal)).not.toContain(OPERATOR.password);
  });

  it('sends a queued result with the console pusher', async () => {
    const task = sim.tasks().find((item) => item.status === 'assigned' && item.assignedTo.includes(OPERATOR.operatorId)) ?? sim.tasks()[0]!;
    const local = openDatabase(db(), { log: createLogger(nullSink) });
    const container = task.containers[0];
    local.results.submit({
      resultId: '5a4d2c1b-0f9e-4d8c-b7a6-958473625140',
      taskId: task.taskId,
      createdBy: OPERATOR.operatorId,
      baseVersion: task.version,
      outcome: 'conform',
      findings: [{ agency: 'customs', code: 'X-INFO', severity: 'info', text: `查验记录 ${task.taskId}`, goodsLine: task.goods[0]?.line ?? 1 }],
      seals: container ? [{ containerNo: container.containerNo, removed: container.sealNos.slice(0, 1), applied: ['CQ000001'] }] : [],
      samples: [],
      attachments: [],
      disposition: 'release',
      inspectors: [OPERATOR.operatorId, 'op-8000-002'],
      startedAt: '2026-11-25T08:00:00.000Z',
      completedAt: '2026-11-25T08:40:00.000Z',
      checklist: [],
    });
    local.close();
    const result = await run('sync', syncArgs(db()));
    expect(result.code).toBe(0);
    const { pushed } = JSON.parse(result.stdout) as { pushed: Record<string, number> };
    // Whatever the single window thinks of this fixture result, it answered, and the result left the queue.
    expect((pushed.delivered ?? 0) + (pushed.conflicts ?? 0) + (pushed.rejected ?? 0) + (pushed.waiting ?? 0)).toBe(1);
    expect(pushed.queued).toBe(0);
  });

  it('pulls only the changes on the next run', async () => {
    const open = sim.tasks().find((task) => task.status === 'assigned');
    sim.cancelTask(open!.taskId, '报关单已撤销');
    const result = await run('sync', syncArgs(db()));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, pulled: { cancels: 1, upserts: 0 }, cursor: 'set' });
  });

  it('exits 3 with a clear message when the password is wrong', async () => {
    const result = await run('sync', syncArgs(path.join(temp.dir, 'ws2', 'console.sqlite'), 'wrong-password'));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/sign-in refused/);
    expect(result.stderr).not.toContain('wrong-password');
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, exitCode: 3, error: { kind: 'credentials' } });
  });

  it('exits 4 when the gateway cannot be reached within the retry budget', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await run('sync', [...syncArgs(path.join(temp.dir, 'ws3', 'console.sqlite'), 'x', `http://127.0.0.1:${port}`), '--retry-budget', '2']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/could not be reached within the retry budget of 2 s/);
    expect(result.ms).toBeGreaterThanOrEqual(2000);
    expect(result.ms).toBeLessThan(15_000);
  });

  it('exits 2 and leaves a database from a newer console untouched', async () => {
    const dir = path.join(temp.dir, 'ws4');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'console.sqlite');
    writeNewerDatabase(file);
    const before = fileState(file);
    const result = await run('sync', syncArgs(file));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/newer version of the console/);
    expect(fileState(file)).toEqual(before);
  });

  it('exits 2 and leaves a file that is not a database untouched', async () => {
    const dir = path.join(temp.dir, 'ws5');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'console.sqlite');
    fs.writeFileSync(file, 'inspection notes, not a database\n'.repeat(50));
    const before = fileState(file);
    const result = await run('sync', syncArgs(file));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a console database/);
    expect(fileState(file)).toEqual(before);
  });

  it('exits 64 on a missing argument', async () => {
    const result = await run('sync', ['--db', path.join(temp.dir, 'ws6', 'console.sqlite'), '--until-idle']);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/missing --gateway, --operator, --password/);
  });
});

describe('npm run cache:export', () => {
  it('prints every cached task sorted by taskId, cancelled ones included, and never writes the file', async () => {
    const dir = path.join(temp.dir, 'export');
    const file = path.join(dir, 'console.sqlite');
    expect((await run('sync', syncArgs(file))).code).toBe(0);
    const known = sim.tasks().find((task) => task.status === 'pending');
    sim.cancelTask(known!.taskId, '重复布控，已合并查验');
    expect((await run('sync', syncArgs(file))).code).toBe(0);
    fs.rmSync(path.join(dir, 'logs'), { recursive: true });
    fs.chmodSync(file, 0o444);
    fs.chmodSync(dir, 0o555);
    try {
      const before = fileState(file);
      const result = await run('cache:export', ['--db', file]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const rows = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { taskId: string; version: number; status: string; assignedTo: string[] });
      const ids = rows.map((row) => row.taskId);
      expect(ids).toEqual([...ids].sort());
      expect(rows.every((row) => Object.keys(row).join() === 'taskId,version,status,assignedTo')).toBe(true);
      const remote = new Map(sim.tasks().map((task) => [task.taskId, task]));
      // Every task of the single window: the ones cancelled before this workstation saw them too.
      expect(rows).toHaveLength(sim.tasks().length);
      for (const row of rows) expect({ version: row.version, status: row.status }).toEqual({ version: remote.get(row.taskId)?.version, status: remote.get(row.taskId)?.status });
      const unseen = rows.find((row) => row.status === 'cancelled' && row.taskId !== known!.taskId);
      expect(unseen).toMatchObject({ status: 'cancelled', assignedTo: [] });
      expect(rows.find((row) => row.taskId === known!.taskId)).toEqual({
        taskId: known!.taskId,
        version: remote.get(known!.taskId)!.version,
        status: 'cancelled',
        assignedTo: [...known!.assignedTo].sort(),
      });
      const other = rows.find((row) => row.status === 'assigned')!;
      expect(other).toEqual({ taskId: other.taskId, version: remote.get(other.taskId)!.version, status: 'assigned', assignedTo: [...remote.get(other.taskId)!.assignedTo].sort() });
      expect(fileState(file)).toEqual(before);
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  });

  it('refuses a newer schema and a file that is not a database with exit 2, untouched', async () => {
    const dir = path.join(temp.dir, 'export-refused');
    fs.mkdirSync(dir);
    const newer = path.join(dir, 'newer.sqlite');
    writeNewerDatabase(newer);
    const garbage = path.join(dir, 'garbage.sqlite');
    fs.writeFileSync(garbage, 'not a database');
    const before = [fileState(newer), fileState(garbage)];
    const first = await run('cache:export', ['--db', newer]);
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(/newer version of the console/);
    const second = await run('cache:export', ['--db', garbage]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/not a console database/);
    expect([fileState(newer), fileState(garbage)]).toEqual(before);
    expect(first.stdout + second.stdout).toBe('');
  });
});
