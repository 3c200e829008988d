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
import type { GatewayTask } from '../../shared/contract/index.js';
import { startFaultProxy } from '../fixtures/fault-proxy.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { configureGateway } from '../fixtures/configure-gateway.js';

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

function run(script: 'sync' | 'cache:export', args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const [command, ...scriptArgs] = (scripts[script] ?? '').split(' ');
  expect(command).toBe('node');
  const started = Date.now();
  // The test's own environment must not lend the command a password.
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
  if (!('SW_GATEWAY_PASSWORD' in extraEnv)) delete env.SW_GATEWAY_PASSWORD;
  const child = spawn(process.execPath, [...scriptArgs, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
      referenceVersion: expect.stringMatching(/^ref-/) as unknown,
      referenceRefreshed: true,
      cursor: 'set',
      caughtUp: true,
    });
    expect(summary.durationMs).toEqual(expect.any(Number));
    const logText = fs.readFileSync(path.join(temp.dir, 'ws1', 'logs', 'sync.log'), 'utf8');
    expect(logText).toContain('sync finished');
    expect(logText).not.toContain(OPERATOR.password);
    const check = new BetterSqlite3(db(), { readonly: true });
    const journal = check.prepare('SELECT call, outcome, message FROM sync_journal ORDER BY id').all() as { call: string; outcome: string; message: string }[];
    check.close();
    expect(journal[0]).toMatchObject({ call: 'POST /v1/auth/token', outcome: 'ok' });
    expect(journal.filter((row) => row.call === 'GET /v1/tasks/changes')).toHaveLength((summary.pulled as { pages: number }).pages);
    expect(JSON.stringify(journal)).not.toContain(OPERATOR.password);
    expect(journal.filter((row) => row.call === 'GET /v1/reference')).toMatchObject([{ outcome: 'ok', message: expect.stringContaining('"key":"reference.stored"') as unknown }]);
  });

  it('sends a queued result with the console pusher', async () => {
    const task = sim.tasks().find((item) => item.status === 'assigned' && item.assignedTo.includes(OPERATOR.operatorId)) ?? sim.tasks()[0]!;
    configureGateway(db(), sim.url, OPERATOR.operatorId);
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
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, pulled: { cancels: 1, upserts: 0 }, cursor: 'set', referenceRefreshed: true });
    const check = new BetterSqlite3(db(), { readonly: true });
    const reference = check.prepare("SELECT status FROM sync_journal WHERE call = 'GET /v1/reference' ORDER BY id DESC LIMIT 1").get();
    check.close();
    expect(reference).toEqual({ status: 304 });
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
    expect(result.stderr).toMatch(/missing --gateway, --operator/);
  });
});

/** A result for `task` written into the database as the console would queue it. */
function queueResult(file: string, task: GatewayTask, resultId: string): void {
  const local = openDatabase(file, { log: createLogger(nullSink) });
  local.results.submit({
    resultId,
    taskId: task.taskId,
    createdBy: OPERATOR.operatorId,
    baseVersion: task.version,
    outcome: 'conform',
    findings: [],
    seals: [],
    samples: [],
    attachments: [],
    disposition: 'release',
    inspectors: [OPERATOR.operatorId, 'op-8000-002'],
    startedAt: '2026-11-25T08:00:00.000Z',
    completedAt: '2026-11-25T08:40:00.000Z',
    checklist: [],
  });
  local.close();
}

const assignedToOperator = (): GatewayTask[] => sim.tasks().filter((task) => task.status === 'assigned' && task.assignedTo.includes(OPERATOR.operatorId));

/** A plain forwarding proxy on 127.0.0.1 that keeps every access token the simulator hands out. */
async function tokenRecordingProxy(target: string): Promise<{ url: string; tokens: string[]; close: () => Promise<void> }> {
  const tokens: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const upstream = http.request(new URL(request.url ?? '/', target), { method: request.method, headers: { ...request.headers, host: new URL(target).host } }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => {
          const text = Buffer.concat(body).toString('utf8');
          if (request.url?.startsWith('/v1/auth/token') && answer.statusCode === 200) tokens.push((JSON.parse(text) as { accessToken: string }).accessToken);
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          response.end(text);
        });
      });
      upstream.on('error', () => response.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every text value of every table of a database (the secret must be in none of them in clear). */
function everyText(file: string): string {
  const check = new BetterSqlite3(file, { readonly: true });
  try {
    const tables = check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const out: string[] = [];
    for (const table of tables) {
      for (const row of check.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).all() as Record<string, unknown>[]) {
        for (const value of Object.values(row)) if (typeof value === 'string') out.push(value);
      }
    }
    return out.join('\n');
  } finally {
    check.close();
  }
}

describe('npm run sync: where the password comes from', () => {
  const baseArgs = (db: string, gateway = sim.url) => ['--gateway', gateway, '--operator', OPERATOR.operatorId, '--db', db, '--until-idle'];
  const passwordFile = (name: string, mode: number, content = `${OPERATOR.password}\n`): string => {
    const file = path.join(temp.dir, name);
    fs.writeFileSync(file, content, { mode });
    fs.chmodSync(file, mode);
    return file;
  };

  it('reads it from a file readable by its owner only, and refuses a file others may read (64)', async () => {
    const db = path.join(temp.dir, 'pwfile', 'console.sqlite');
    const good = await run('sync', [...baseArgs(db), '--password-file', passwordFile('pw-owner-only', 0o600)]);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    for (const mode of [0o644, 0o640, 0o604, 0o620]) {
      const shared = passwordFile(`pw-${mode.toString(8)}`, mode);
      const refused = await run('sync', [...baseArgs(db), '--password-file', shared]);
      expect(refused.code, mode.toString(8)).toBe(64);
      expect(refused.stderr).toMatch(/may be read by other users .*chmod 600/);
      expect(refused.stdout + refused.stderr).not.toContain(OPERATOR.password);
    }
    const missing = await run('sync', [...baseArgs(db), '--password-file', path.join(temp.dir, 'no-such-file')]);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toMatch(/cannot be read \(ENOENT\)/);
  }, 120_000);

  it('reads it from SW_GATEWAY_PASSWORD, and refuses two sources at once (64)', async () => {
    const db = path.join(temp.dir, 'pwenv', 'console.sqlite');
    const good = await run('sync', baseArgs(db), { SW_GATEWAY_PASSWORD: OPERATOR.password });
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    const twice = await run('sync', [...baseArgs(db), '--password', OPERATOR.password], { SW_GATEWAY_PASSWORD: OPERATOR.password });
    expect(twice.code).toBe(64);
    expect(twice.stderr).toMatch(/given more than once \(SW_GATEWAY_PASSWORD and --password\)/);
    const thrice = await run('sync', [...baseArgs(db), '--password-file', passwordFile('pw-both', 0o600)], { SW_GATEWAY_PASSWORD: OPERATOR.password });
    expect(thrice.code).toBe(64);
    const none = await run('sync', baseArgs(db));
    expect(none.code).toBe(64);
    expect(none.stderr).toMatch(/missing the password: --password-file/);
    expect([twice, thrice, none].map((result) => result.stdout + result.stderr).join('')).not.toContain(OPERATOR.password);
  }, 120_000);

  it('refuses an address with user info or plain http off this machine (64), never echoing the secret or touching the folder', async () => {
    const dir = path.join(temp.dir, 'userinfo');
    fs.mkdirSync(dir);
    const secret = 'Url-Secret-77q';
    for (const gateway of [`http://${OPERATOR.operatorId}:${secret}@127.0.0.1:${sim.port}`, `https://op:${secret}@gw.example.cn`, 'http://169.254.169.254', 'http://10.0.0.7:8080', 'http://167772161']) {
      const result = await run('sync', baseArgs(path.join(dir, 'console.sqlite'), gateway), { SW_GATEWAY_PASSWORD: OPERATOR.password });
      expect(result.code, gateway).toBe(64);
      expect(result.stderr).toMatch(/--gateway: the gateway address must (not contain a user name or password|use https:\/\/)/);
      expect(result.stdout + result.stderr).not.toContain(secret);
      expect(result.stdout + result.stderr).not.toContain(OPERATOR.password);
    }
    // Refused before the database or the log was opened.
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 120_000);

  it('leaves neither the password nor the access token in stdout, stderr, logs/sync.log or any text in the database', async () => {
    const proxy = await tokenRecordingProxy(sim.url);
    try {
      const dir = path.join(temp.dir, 'no-secrets');
      const db = path.join(dir, 'console.sqlite');
      configureGateway(db, proxy.url, OPERATOR.operatorId);
      queueResult(db, assignedToOperator()[0]!, '7c1e0a7b-2f44-4c61-9e0a-3b8e5d2f1a90');
      const result = await run('sync', [...baseArgs(db, proxy.url), '--password-file', passwordFile('pw-no-secrets', 0o400)]);
      expect(result.code).toBe(0);
      expect(proxy.tokens.length).toBeGreaterThanOrEqual(1);
      const log = fs.readFileSync(path.join(dir, 'logs', 'sync.log'), 'utf8');
      const texts = everyText(db);
      // The check can fail: the database holds the journal and the tasks it pulled, the log its lines.
      expect(texts).toContain('POST /v1/auth/token');
      expect(log).toContain('sync finished');
      for (const secret of [OPERATOR.password, ...proxy.tokens]) {
        expect(result.stdout).not.toContain(secret);
        expect(result.stderr).not.toContain(secret);
        expect(log).not.toContain(secret);
        expect(texts).not.toContain(secret);
      }
    } finally {
      await proxy.close();
    }
  }, 120_000);
});

describe('npm run sync: exit codes for results', () => {
  it('exits 5 when caught up but results still wait in the outbox after the retry budget', async () => {
    // Every POST of a result gets a 502/503; the feed and the sign-in pass.
    const proxy = await startFaultProxy({ target: sim.url, seed: 5, rate: 1, kinds: ['server_error'], spare: (requestPath) => !requestPath.includes('/results') });
    try {
      const dir = path.join(temp.dir, 'waiting');
      const db = path.join(dir, 'console.sqlite');
      configureGateway(db, proxy.url, OPERATOR.operatorId);
      queueResult(db, assignedToOperator()[1]!, '0b3f6d2e-8a15-4c7e-a2d9-6e4f1c8b5a37');
      const runStarted = Date.now();
      const result = await run('sync', [...syncArgs(db, OPERATOR.password, proxy.url), '--retry-budget', '3']);
      expect(result.code).toBe(5);
      expect(result.stderr).toMatch(/caught up, but 1 result\(s\) still wait in the outbox after the retry budget of 3 s/);
      const summary = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(summary).toMatchObject({ ok: false, exitCode: 5, caughtUp: true, pushed: { delivered: 0, queued: 1 } });
      expect((summary.pushed as { retried: number }).retried).toBeGreaterThanOrEqual(1);
      // It stopped because the next attempt (after the backoff) fell outside the budget, not earlier.
      const check = new BetterSqlite3(db, { readonly: true });
      const nextAttemptAt = check.prepare('SELECT next_attempt_at FROM outbox').pluck().get() as number;
      check.close();
      expect(nextAttemptAt).toBeGreaterThan(runStarted + 3000);

      // The link heals: the same command delivers it and exits 0.
      proxy.setRate(0);
      const healed = await run('sync', [...syncArgs(db, OPERATOR.password, proxy.url), '--retry-budget', '3']);
      expect(healed.code).toBe(0);
      expect(JSON.parse(healed.stdout)).toMatchObject({ ok: true, exitCode: 0, pushed: { delivered: 1, queued: 0 } });
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('retries a result whose sending failed while the retry budget lasts, and exits 0 once it is delivered', async () => {
    // The first POST of the result gets a 502/503; the link heals right after it.
    const proxy = await startFaultProxy({ target: sim.url, seed: 9, rate: 1, kinds: ['server_error'], spare: (requestPath) => !requestPath.includes('/results') });
    const heal = setInterval(() => {
      if (proxy.stats.faults.server_error > 0) proxy.setRate(0);
    }, 5);
    try {
      const dir = path.join(temp.dir, 'retried');
      const db = path.join(dir, 'console.sqlite');
      configureGateway(db, proxy.url, OPERATOR.operatorId);
      queueResult(db, assignedToOperator()[4]!, '6f8e2a1c-4b3d-4e5f-9a7b-1c2d3e4f5a6b');
      // The first retry of a result is due within 5 s (push backoff), well inside this budget.
      const result = await run('sync', [...syncArgs(db, OPERATOR.password, proxy.url), '--retry-budget', '20']);
      expect(proxy.stats.faults.server_error).toBe(1);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, exitCode: 0, pushed: { delivered: 1, retried: 1, queued: 0 } });
    } finally {
      clearInterval(heal);
      await proxy.close();
    }
  }, 120_000);

  it('delivers queued results when the change feed keeps failing, then exits 4 with them in the JSON line', async () => {
    // Every page of the feed gets a 502/503; sign-in and results pass.
    const proxy = await startFaultProxy({ target: sim.url, seed: 11, rate: 1, kinds: ['server_error'], spare: (requestPath) => !requestPath.startsWith('/v1/tasks/changes') });
    try {
      const dir = path.join(temp.dir, 'feed-down');
      const db = path.join(dir, 'console.sqlite');
      configureGateway(db, proxy.url, OPERATOR.operatorId);
      const resultId = '2c7e9a4f-5d1b-4e3a-8f60-b9d2c4a7e153';
      // The last one: results delivered by the tests before took theirs off the list.
      queueResult(db, assignedToOperator().at(-1)!, resultId);
      const result = await run('sync', [...syncArgs(db, OPERATOR.password, proxy.url), '--retry-budget', '2']);
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/kept failing for the retry budget of 2 s/);
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, exitCode: 4, error: { kind: 'http' }, pushed: { delivered: 1, queued: 0 } });
      expect(sim.results().filter((stored) => stored.resultId === resultId)).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('exits 0 with a conflict reported in the JSON line: it is the inspector\'s to resolve', async () => {
    const dir = path.join(temp.dir, 'conflict');
    const db = path.join(dir, 'console.sqlite');
    configureGateway(db, sim.url, OPERATOR.operatorId);
    expect((await run('sync', syncArgs(db))).code).toBe(0);
    const task = assignedToOperator()[2]!;
    queueResult(db, task, '3d9a7c51-6b2e-4f08-91c4-a5e7b3d2c6f1');
    // The single window changes the inspection: results made on the earlier version no longer apply.
    sim.changeInspection(task.taskId);
    const result = await run('sync', syncArgs(db));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, exitCode: 0, pushed: { conflicts: 1, queued: 0 }, unresolved: { conflict: 1 } });
  }, 120_000);

  it('does not send, nor wait for, a result made for another gateway (training)', async () => {
    const dir = path.join(temp.dir, 'training-result');
    const db = path.join(dir, 'console.sqlite');
    expect((await run('sync', syncArgs(db))).code).toBe(0);
    const before = sim.results().length;
    // No gateway configured: the result is made for training mode.
    queueResult(db, assignedToOperator()[3]!, '9e2b4d7a-1c3f-4a85-b6e0-7d5c2a9f8b14');
    const result = await run('sync', syncArgs(db));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, pushed: { delivered: 0, queued: 0 }, queuedForOtherGateways: 1 });
    expect(sim.results()).toHaveLength(before);
  }, 120_000);
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
