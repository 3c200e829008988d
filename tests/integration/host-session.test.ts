import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startHost, type Host, type HostOptions } from '../../electron/host/server.js';
import { HOST_CLOSE_SESSION_ENDED as CLOSE_SESSION_ENDED, HOST_SIGN_OUT_PATH as SIGN_OUT_PATH } from '../../shared/contract/index.js';
import { fillFixtureDatabase } from '../fixtures/fixture-db.js';
import { signInFrame } from '../fixtures/sign-in-account.js';
import { signIn as signInAt, type SignedIn } from './host-sign-in.js';

/**
 * The attacks of issue 7 on the host's sessions: a replayed sign-in link, a cookie sent to (or
 * replayed from) another port of 127.0.0.1, a DNS-rebinding page, a session left behind, too many
 * sockets, a client that does not read.
 */

let tmp: string;
let rendererDir: string;
let core: Core;
const hosts: Host[] = [];
let now = 1_000_000;
const clock = (): number => now;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'host-session-'));
  rendererDir = path.join(tmp, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  core = startCore({ dataDir: path.join(tmp, 'data'), logSink: nullSink });
  // Tasks to list, in whichever database the core has open (training mode has its own): a page of
  // 200 makes an answer of tens of KiB, which a client can refuse to read.
  fillFixtureDatabase(core.db.file, { tasks: 400, seed: 3 });
});

afterAll(async () => {
  for (const host of hosts) await host.close();
  await core.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The secret console path of each host (by port), learnt from its first sign-in as a browser learns it. */
const prefixes = new Map<number, string>();

async function signIn(url: string): Promise<SignedIn> {
  const signedIn = await signInAt(url);
  prefixes.set(Number(new URL(url).port), signedIn.prefix);
  return signedIn;
}

/** A target under a host's console path: home(port) is the page, home(port, 'bridge') its WebSocket. */
function home(port: number, rest = ''): string {
  const prefix = prefixes.get(port);
  if (!prefix) throw new Error(`no sign-in on port ${port} yet`);
  return `${prefix}${rest}`;
}

async function newHost(options: Partial<HostOptions> = {}): Promise<Host> {
  const host = await startHost({ core, rendererDir, clock, ...options });
  hosts.push(host);
  return host;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, method, headers, setHost: !('Host' in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the bridge; resolves with the open socket or the refusing status. */
function upgrade(port: number, headers: Record<string, string>, origin: string | null = `http://127.0.0.1:${port}`): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${home(port, 'bridge')}`, { headers, ...(origin === null ? {} : { origin }) });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.on('open', () => resolve(ws));
    ws.on('error', (error) => {
      if (ws.readyState === WebSocket.CONNECTING) reject(error);
    });
  });
}

async function open(port: number, cookie: string): Promise<WebSocket> {
  const ws = await upgrade(port, { Cookie: cookie });
  if (typeof ws === 'number') throw new Error(`bridge refused with ${ws}`);
  return ws;
}

/** A socket signed in to the console (the training admin), once the sign-in's answer is back. */
async function openSignedIn(port: number, cookie: string): Promise<WebSocket> {
  const ws = await open(port, cookie);
  const answered = new Promise((resolve) => ws.once('message', resolve));
  ws.send(signInFrame('admin-8000'));
  await answered;
  return ws;
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('host sessions: expiry and sign-out', () => {
  it('ends a session left idle past the limit; an open page keeps it alive', async () => {
    const host = await newHost({ sessionIdleMs: 60_000 });
    const { cookie } = await signIn(host.url);
    now += 59_000;
    expect((await request(host.port, home(host.port), { Cookie: cookie })).status).toBe(200);
    // Each request counts as use: another 59 s later it is still alive.
    now += 59_000;
    expect((await request(host.port, home(host.port), { Cookie: cookie })).status).toBe(200);

    // A page with its WebSocket open is in use however long it shows (a wall display).
    const ws = await open(host.port, cookie);
    now += 10 * 60_000;
    expect((await request(host.port, home(host.port), { Cookie: cookie })).status).toBe(200);
    const closed = closeCode(ws);
    ws.close();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 50)); // the server sees the close

    now += 61_000;
    const expired = await request(host.port, home(host.port), { Cookie: cookie });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatch(/sign-in address/);
    expect(await upgrade(host.port, { Cookie: cookie })).toBe(401);
  });

  it('signs out on POST from its own page: the cookie is cleared, open sockets closed, the id refused after', async () => {
    const host = await newHost();
    const { cookie, origin } = await signIn(host.url);
    const other = await signIn(host.signInUrl());
    const ws = await open(host.port, cookie);
    const bystander = await open(host.port, other.cookie);
    const closed = closeCode(ws);

    // Outside the console path there is no sign-out, nor any cookie logic: 404, and the session stays.
    expect((await request(host.port, `/${SIGN_OUT_PATH}`, { Cookie: cookie, Origin: origin }, 'POST')).status).toBe(404);
    // Not from another port's page (same site for the browser, so the cookie goes along), nor without an Origin.
    expect((await request(host.port, home(host.port, SIGN_OUT_PATH), { Cookie: cookie, Origin: `http://127.0.0.1:${host.port + 1}` }, 'POST')).status).toBe(403);
    expect((await request(host.port, home(host.port, SIGN_OUT_PATH), { Cookie: cookie }, 'POST')).status).toBe(403);
    expect((await request(host.port, home(host.port, SIGN_OUT_PATH), { Cookie: cookie, Origin: origin }, 'GET')).status).toBe(405);
    expect((await request(host.port, home(host.port), { Cookie: cookie })).status).toBe(200);

    const out = await request(host.port, home(host.port, SIGN_OUT_PATH), { Cookie: cookie, Origin: origin }, 'POST');
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']).toEqual([`console_session_${host.port}=; HttpOnly; SameSite=Strict; Path=${home(host.port)}; Max-Age=0`]);
    expect(await closed).toBe(CLOSE_SESSION_ENDED);
    expect((await request(host.port, home(host.port), { Cookie: cookie })).status).toBe(401);
    expect(await upgrade(host.port, { Cookie: cookie })).toBe(401);
    expect((await request(host.port, home(host.port, SIGN_OUT_PATH), { Cookie: cookie, Origin: origin }, 'POST')).status).toBe(401);
    // Another browser's session is untouched.
    expect(bystander.readyState).toBe(WebSocket.OPEN);
    expect((await request(host.port, home(host.port), { Cookie: other.cookie })).status).toBe(200);
    bystander.close();
  });

  it('accepts a fixed token once per start, like a random one', async () => {
    const host = await newHost({ token: 'wall-display-token-0123456789' });
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=wall-display-token-0123456789`);
    await signIn(host.url);
    await expect(signIn(host.url)).rejects.toThrow(/401/);
    expect(host.signInUrl()).not.toContain('wall-display-token');
  });

  it('announces the next sign-in address once the current one is spent', async () => {
    const announced: string[] = [];
    const host = await newHost({ onSignInUrl: (url) => announced.push(url) });
    expect(announced).toEqual([]);
    await signIn(host.url);
    expect(announced).toEqual([host.signInUrl()]);
    await signIn(announced[0] ?? '');
    expect(announced).toHaveLength(2);
  });
});

describe('host sessions: one origin, one port', () => {
  it('a cookie of one host is worth nothing on another port, under its name or renamed', async () => {
    const a = await newHost();
    const b = await newHost();
    const signedA = await signIn(a.url);
    await signIn(b.url);
    expect(signedA.cookie.startsWith(`console_session_${a.port}=`)).toBe(true);
    const idA = signedA.cookie.split('=')[1] ?? '';
    // A browser sends every 127.0.0.1 cookie to every port: B receives A's and must ignore it.
    expect((await request(b.port, home(b.port), { Cookie: signedA.cookie })).status).toBe(401);
    expect((await request(b.port, home(b.port), { Cookie: `console_session_${b.port}=${idA}` })).status).toBe(401);
    expect(await upgrade(b.port, { Cookie: `console_session_${b.port}=${idA}` })).toBe(401);
    // Each host has its own secret console path; B does not serve A's.
    expect(home(a.port)).not.toBe(home(b.port));
    expect((await request(b.port, home(a.port), { Cookie: signedA.cookie })).status).toBe(404);
    // A page served by B (or any other port) cannot use A's cookie on A's bridge: its Origin is not A's.
    expect(await upgrade(a.port, { Cookie: signedA.cookie }, `http://127.0.0.1:${b.port}`)).toBe(403);
    const own = await open(a.port, signedA.cookie);
    own.close();
  });

  it.each(['evil.example', 'rebind.attacker.test:PORT', 'localhost:PORT', '127.0.0.1', '127.0.0.1:1', '127.0.0.2:PORT', ''])(
    'refuses a Host header that does not name the address it listens on: "%s" (421), before the token is spent',
    async (hostHeader) => {
      const host = await newHost();
      const { cookie } = await signIn(host.url);
      const token = new URL(host.signInUrl()).searchParams.get('token') ?? '';
      const name = hostHeader.replace('PORT', String(host.port));
      const page = await request(host.port, home(host.port), { Host: name, Cookie: cookie });
      expect(page.status).toBe(421);
      expect(page.body).toContain(`answers only to http://127.0.0.1:${host.port}/`);
      expect((await request(host.port, `/?token=${token}`, { Host: name })).status).toBe(421);
      // (ws cannot send an empty Host on an upgrade; it puts in the address it connects to.)
      if (name !== '') expect(await upgrade(host.port, { Host: name, Cookie: cookie }, `http://${name}`)).toBe(421);
      // The rebinding page got nothing and spent nothing: the address still signs in.
      expect((await request(host.port, `/?token=${token}`)).status).toBe(303);
    },
  );
});

describe('host caps', () => {
  it('refuses connections above the cap (503) and takes new ones when one closes', async () => {
    const host = await newHost({ limits: { maxConnections: 3 } });
    const { cookie } = await signIn(host.url);
    const sockets = [await open(host.port, cookie), await open(host.port, cookie), await open(host.port, cookie)];
    expect(await upgrade(host.port, { Cookie: cookie })).toBe(503);
    const first = sockets[0];
    if (!first) throw new Error('no socket');
    const closed = closeCode(first);
    first.close();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await open(host.port, cookie);
    for (const ws of [...sockets.slice(1), again]) ws.close();
  });

  it('stops reading a client with too many requests in flight, resumes as answers go out, and loses none', async () => {
    const host = await newHost({ limits: { maxInflightRequests: 2, maxInflightBytes: 64 * 1024 } });
    const { cookie } = await signIn(host.url);
    const ws = await openSignedIn(host.port, cookie);
    const ids = new Set<number>();
    const all = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString('utf8')) as { id?: number; result?: { ok?: boolean } };
        if (frame.id !== undefined && frame.result?.ok) ids.add(frame.id);
        if (ids.size === 300) resolve();
      });
    });
    // 300 requests at once, some of them large: far beyond 2 in flight or 64 KiB.
    for (let id = 1; id <= 300; id++) {
      const input = id % 3 === 0 ? { filter: { status: 'all', text: 'x'.repeat(3) }, limit: 200 } : { filter: { status: 'all' }, limit: 50 };
      ws.send(JSON.stringify({ type: 'request', id, method: 'tasks:list', input }));
    }
    await all;
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    ws.close();
  });

  it('drops a client that asks without reading its answers, and keeps serving the others', async () => {
    const host = await newHost({ limits: { maxBufferedBytes: 1024 * 1024 } });
    const { cookie } = await signIn(host.url);
    const reader = await open(host.port, cookie);
    const hog = await openSignedIn(host.port, cookie);
    hog.on('error', () => undefined);
    const dropped = closeCode(hog);
    // The hog stops reading its socket and keeps asking: its answers pile up on the host's side.
    const raw = (hog as unknown as { _socket: import('node:net').Socket })._socket;
    raw.pause();
    const frame = JSON.stringify({ type: 'request', id: 1, method: 'tasks:list', input: { filter: { status: 'all' }, limit: 200 } });
    for (let i = 0; i < 2000 && hog.readyState === WebSocket.OPEN; i++) {
      hog.send(frame);
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await dropped).toBe(1006);
    const answer = new Promise<string>((resolve) => reader.once('message', (data: Buffer) => resolve(data.toString('utf8'))));
    reader.send(JSON.stringify({ type: 'request', id: 9, method: 'app:info', input: {} }));
    expect(JSON.parse(await answer)).toMatchObject({ id: 9, result: { ok: true } });
    reader.close();
  });
});
