import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { changesPageSchema, problemSchema, tokenResponseSchema, type GatewayTask } from '../../shared/contract/gateway.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The simulator's command line exactly as scripts run it (`npm run simulator --` is this command). */
function runCli(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/simulator/cli.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function listening(run: Run): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (!run.stdout().includes('\n')) {
    if (run.child.exitCode !== null) throw new Error(`the simulator exited early: ${run.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no listening line; stderr: ${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const match = /^listening (http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(run.stdout());
  if (!match?.[1]) throw new Error(`unexpected stdout: ${JSON.stringify(run.stdout())}`);
  expect(Number(match[2])).toBeGreaterThan(0);
  return match[1];
}

async function signIn(url: string, operatorId: string, password: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operatorId, password, workstationId: 'ws-cli' }) });
  return { status: res.status, body: await res.json() };
}

/** Every task of the initial load (pages until hasMore is false; duplicates collapse by id). */
async function initialTasks(url: string, bearer: string): Promise<Map<string, GatewayTask>> {
  const tasks = new Map<string, GatewayTask>();
  let cursor: string | undefined;
  for (;;) {
    const res = await fetch(`${url}/v1/tasks/changes?limit=1000${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, { headers: { authorization: `Bearer ${bearer}` } });
    const page = changesPageSchema.parse(await res.json());
    for (const change of page.changes) if (change.op === 'upsert') tasks.set(change.task.taskId, change.task);
    cursor = page.nextCursor;
    if (!page.hasMore) return tasks;
  }
}

describe('simulator command line', () => {
  it('prints one listening line, serves the training accounts, and stops cleanly on SIGTERM', async () => {
    const run = runCli(['--port', '0', '--tasks', '60', '--cargo', '10', '--seed', '7', '--token-ttl', '120']);
    const url = await listening(run);
    const signed = await signIn(url, 'op-8000-001', 'training');
    expect(signed.status).toBe(200);
    const token = tokenResponseSchema.parse(signed.body);
    expect(token.operator.portCode).toBe('8000');
    const ttl = Date.parse(token.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(100_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stdout().split('\n')).toHaveLength(2);
    expect(run.stderr()).toBe('');
  });

  it('replaces the training accounts with --operator, and stops on SIGINT', async () => {
    const run = runCli(['--port', '0', '--tasks', '20', '--operator', 'chen:s3cr:et:supervisor,inspector:quarantine', '--operator', 'liu:pw:admin:border']);
    const url = await listening(run);
    const chen = await signIn(url, 'chen', 's3cr:et');
    expect(chen.status).toBe(200);
    expect(tokenResponseSchema.parse(chen.body).operator).toEqual({ id: 'chen', name: 'chen', roles: ['supervisor', 'inspector'], agency: 'quarantine', portCode: '8000' });
    expect(tokenResponseSchema.parse((await signIn(url, 'liu', 'pw')).body).operator.roles).toEqual(['admin']);
    const training = await signIn(url, 'op-8000-001', 'training');
    expect(training.status).toBe(401);
    problemSchema.parse(training.body);
    run.child.kill('SIGINT');
    expect(await run.exit).toEqual({ code: 0, signal: null });
  });

  it('gives the same initial data for the same --seed and --tasks', async () => {
    const runs = [runCli(['--port', '0', '--tasks', '80', '--seed', '99', '--cargo', '0']), runCli(['--port', '0', '--tasks', '80', '--seed', '99', '--cargo', '0'])];
    const urls = await Promise.all(runs.map(listening));
    const loads = await Promise.all(
      urls.map(async (url) => {
        const bearer = tokenResponseSchema.parse((await signIn(url, 'op-8000-001', 'training')).body).accessToken;
        return initialTasks(url, bearer);
      }),
    );
    // Background activity may already have touched a few tasks; what a task is does not change.
    const identity = (t: GatewayTask) => ({ declarationNo: t.declarationNo, billOfLading: t.billOfLading, containers: t.containers, consignee: t.consignee, goods: t.goods, cargoId: t.cargoId, mode: t.mode });
    const [a, b] = loads as [Map<string, GatewayTask>, Map<string, GatewayTask>];
    const first80 = (m: Map<string, GatewayTask>) => [...m.values()].filter((t) => Number(t.taskId.slice(-6)) <= 80).sort((x, y) => x.taskId.localeCompare(y.taskId)).map(identity);
    expect(first80(a).length).toBeGreaterThan(70);
    expect(first80(b)).toEqual(first80(a));
    for (const run of runs) run.child.kill('SIGTERM');
    for (const run of runs) expect((await run.exit).code).toBe(0);
  });

  it('refuses bad flags with the usage on stderr and exit code 64', async () => {
    const cases = [
      [],
      ['--port', 'x'],
      ['--port', '70000'],
      ['--port', '0', '--faults', '1.5'],
      ['--port', '0', '--tasks', '-3'],
      ['--port', '0', '--token-ttl', '0'],
      ['--port', '0', '--operator', 'nobody'],
      ['--port', '0', '--operator', 'a:b:pilot:customs'],
      ['--port', '0', '--operator', 'a:b:inspector:navy'],
      ['--port', '0', '--verbose'],
      ['--port', '0', 'extra'],
    ];
    const runs = cases.map((args) => runCli(args));
    for (const [i, run] of runs.entries()) {
      expect(await run.exit, cases[i]!.join(' ')).toEqual({ code: 64, signal: null });
      expect(run.stdout()).toBe('');
      expect(run.stderr()).toContain('Usage: npm run simulator -- --port <n|0>');
    }
  }, 60_000);
});
