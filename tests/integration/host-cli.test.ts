import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PRODUCT_NAME, userDataDir } from '../../electron/host/user-data.js';
import { appInfoSchema, responseFrameSchema, type ResponseFrame } from '../../shared/contract/index.js';
import { ensureRendererBuild, ROOT } from '../e2e/renderer-build.js';

let tmp: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'host-cli-'));
  await ensureRendererBuild();
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The CLI from source, as `npm run serve` runs its compiled twin: its own process, real signals. */
function runCli(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/host/cli.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function readyUrl(run: Run): Promise<string> {
  const deadline = Date.now() + 30_000;
  // Two lines: the console's sign-in address, then the wall display's.
  while (!run.stdout().includes('\nwall display at ')) {
    if (run.child.exitCode !== null) throw new Error(`the CLI exited early: ${run.stderr()}`);
    if (Date.now() > deadline) throw new Error(`no ready line; stderr: ${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const match = /^console ready at (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)\nwall display at http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+\n$/.exec(run.stdout());
  if (!match?.[1]) throw new Error(`unexpected ready line: ${JSON.stringify(run.stdout())}`);
  return match[1];
}

/** One call over the bridge, as the host's own page makes it (its session cookie, its Origin). */
function bridgeCall(address: string, cookie: string, method: string): Promise<ResponseFrame['result']> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(address, { headers: { Cookie: cookie }, origin: new URL(address.replace(/^ws/, 'http')).origin });
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'request', id: 1, method, input: {} }));
    });
    ws.on('message', (data: Buffer) => {
      // Events (sync:changed while the first sync runs) may come before the answer.
      const frame = responseFrameSchema.safeParse(JSON.parse(data.toString('utf8')));
      if (!frame.success || frame.data.id !== 1) return;
      resolve(frame.data.result);
      ws.close();
    });
    ws.on('error', reject);
  });
}

describe('host CLI', () => {
  it('prints one ready line, then the next sign-in address once a link is spent; serves behind the session; stops cleanly on SIGTERM', async () => {
    const run = runCli(['--port', '0', '--data-dir', path.join(tmp, 'data-term')]);
    const url = await readyUrl(run);
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/`)).status).toBe(404);
    // The CLI hands the host resources/icons: the favicon answers before any sign-in.
    expect((await fetch(`${origin}/favicon.ico`)).status).toBe(200);
    const login = await fetch(url, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    // The console lives under the secret path the sign-in redirected to; stdout never shows it.
    const prefix = login.headers.get('location') ?? '';
    expect(prefix).toMatch(/^\/c\/[A-Za-z0-9_-]{22,}\/$/);
    expect((await fetch(`${origin}${prefix}`)).status).toBe(401);
    const page = await fetch(`${origin}${prefix}`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    // The printed link is spent; the host printed the next one.
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(401);
    const nextLine = /\nnext sign-in at (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43})\n/;
    for (let waited = 0; !nextLine.test(run.stdout()) && waited < 5000; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
    const next = nextLine.exec(run.stdout())?.[1] ?? '';
    expect(next).not.toBe('');
    expect(next).not.toBe(url);
    expect((await fetch(next, { redirect: 'manual' })).status).toBe(303);
    // Training mode: the core starts the built-in simulator and syncs its tasks over HTTP.
    const bridge = `${origin.replace('http', 'ws')}${prefix}bridge`;
    let app = { mode: '', taskCount: 0 };
    for (let attempt = 0; attempt < 60 && app.taskCount === 0; attempt++) {
      const info = await bridgeCall(bridge, cookie, 'app:info');
      if (!info.ok) throw new Error(`app:info failed: ${info.error.message}`);
      app = appInfoSchema.parse(info.value);
      if (app.taskCount === 0) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(app.mode).toBe('training');
    expect(app.taskCount).toBeGreaterThan(0);

    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stdout()).not.toContain(prefix);
    expect(run.stdout().split('\n')).toEqual([
      expect.stringMatching(/^console ready at /),
      expect.stringMatching(/^wall display at /),
      expect.stringMatching(/^next sign-in at /),
      expect.stringMatching(/^next sign-in at /),
      '',
    ]);
    expect(fs.existsSync(path.join(tmp, 'data-term', 'console.sqlite'))).toBe(true);
    // The log file saw the sign-ins, never the token or the console path.
    const log = fs.readFileSync(path.join(tmp, 'data-term', 'logs', 'console.log'), 'utf8');
    expect(log).toContain('signed in');
    expect(log).not.toContain(prefix.slice('/c/'.length, -1));
    expect(log).not.toContain(new URL(url).searchParams.get('token') ?? 'no token');
  }, 90_000); // the first training sync of 5,000 tasks takes longer on a busy machine

  it('stops cleanly on SIGINT and keeps a fixed --token', async () => {
    const token = 'wall-display-token-0123456789';
    const run = runCli(['--data-dir', path.join(tmp, 'data-int'), '--token', token]);
    const url = await readyUrl(run);
    expect(new URL(url).searchParams.get('token')).toBe(token);
    run.child.kill('SIGINT');
    expect(await run.exit).toEqual({ code: 0, signal: null });
  });

  it('exits 2 with one clear line when the database is refused, leaving the file untouched', async () => {
    const dataDir = path.join(tmp, 'data-bad');
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'console.sqlite');
    fs.writeFileSync(file, 'this is not a database, it is a shopping list');
    const run = runCli(['--data-dir', dataDir]);
    expect((await run.exit).code).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toMatch(/^console not started: .*not a console database.*\n$/);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(fs.readFileSync(file, 'utf8')).toBe('this is not a database, it is a shopping list');
  });

  // Tests bind loopback only: the warning for a LAN address is tested on its own (host-exposure.test.ts).
  it('refuses half a TLS pair (64) and a pair it cannot read, before starting anything', async () => {
    const half = runCli(['--tls-cert', path.join(tmp, 'cert.pem'), '--data-dir', path.join(tmp, 'data-tls')]);
    expect((await half.exit).code).toBe(64);
    expect(half.stderr()).toMatch(/--tls-cert and --tls-key go together/);
    const missing = runCli(['--tls-cert', path.join(tmp, 'cert.pem'), '--tls-key', path.join(tmp, 'key.pem'), '--data-dir', path.join(tmp, 'data-tls')]);
    expect((await missing.exit).code).toBe(1);
    expect(missing.stderr()).toMatch(/^console not started: cannot read the TLS certificate .*cert\.pem/);
    expect(fs.existsSync(path.join(tmp, 'data-tls'))).toBe(false);
  });

  it('prints usage for --help and refuses unknown flags (64)', async () => {
    const help = runCli(['--help']);
    expect((await help.exit).code).toBe(0);
    expect(help.stdout()).toMatch(/--data-dir <dir>/);
    const bad = runCli(['--prot', '80']);
    expect((await bad.exit).code).toBe(64);
    expect(bad.stderr()).toMatch(/--prot/);
    const badPort = runCli(['--port', 'eighty']);
    expect((await badPort.exit).code).toBe(64);
    const badIdle = runCli(['--session-idle', '0']);
    expect((await badIdle.exit).code).toBe(64);
    expect(badIdle.stderr()).toMatch(/--session-idle/);
  });

  it('does nothing when imported (only when run as the entry module)', async () => {
    const before = process.listenerCount('SIGTERM');
    const cli = await import('../../electron/host/cli.js');
    expect(typeof cli.runHostCli).toBe('function');
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});

describe('host data folder', () => {
  it('uses the product name from package.json, as Electron does', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { productName: string };
    expect(PRODUCT_NAME).toBe(manifest.productName);
  });

  it("matches Electron's userData folder on each platform", () => {
    expect(userDataDir({ platform: 'linux', env: {}, home: '/home/ana' })).toBe('/home/ana/.config/Smart Port Inspection Console');
    expect(userDataDir({ platform: 'linux', env: { XDG_CONFIG_HOME: '/cfg' }, home: '/home/ana' })).toBe('/cfg/Smart Port Inspection Console');
    expect(userDataDir({ platform: 'darwin', env: {}, home: '/Users/ana' })).toBe(
      '/Users/ana/Library/Application Support/Smart Port Inspection Console',
    );
    expect(userDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, home: 'C:\\Users\\ana' })).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Smart Port Inspection Console',
    );
  });
});
