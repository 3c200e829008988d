import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { responseFrameSchema, taskPageSchema, type ResponseFrame } from '../../shared/contract/index.js';
import { startCore, type Core } from '../../electron/core/core.js';
import { newConsolePath } from '../../electron/host/console-path.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { signInInput } from '../fixtures/sign-in-account.js';
import { signIn, type SignedIn } from './host-sign-in.js';

const EXPECTED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
  "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
const SECRET = 'SECRET-OUTSIDE-THE-RENDERER';
const MiB = 1024 * 1024;

let tmp: string;
let rendererDir: string;
let basemapDir: string;
let core: Core;
let host: Host;
const logLines: string[] = [];
let token: string;
let cookie: string;
let signedIn: SignedIn;
/** A path under the console's secret prefix: at('/assets/app.js') is /c/<secret>/assets/app.js. */
const at = (target: string): string => `${signedIn.prefix}${target.slice(1)}`;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'host-server-'));
  rendererDir = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title><script type="module" src="./assets/app.js"></script>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'export {};');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'body{}');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  // Files a traversal would reach: next to the renderer folder, with and without an extension.
  fs.writeFileSync(path.join(tmp, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(tmp, 'secret'), SECRET);
  // Symlinks a build could contain (or an attacker with write access to it could plant): out of the
  // folder to a file, to /etc/passwd, to a folder; and one inside, which is harmless.
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(rendererDir, 'assets', 'leak.js'));
  fs.symlinkSync('/etc/passwd', path.join(rendererDir, 'assets', 'passwd.txt'));
  fs.symlinkSync(tmp, path.join(rendererDir, 'linked'));
  fs.symlinkSync(path.join(rendererDir, 'assets', 'app.js'), path.join(rendererDir, 'assets', 'alias.js'));
  // The basemap, mounted beside the build under basemap/, with a link out of it that must not be followed.
  basemapDir = path.join(tmp, 'basemap');
  fs.mkdirSync(basemapDir);
  fs.writeFileSync(path.join(basemapDir, 'style.json'), '{"version":8}');
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(basemapDir, 'leak.json'));

  core = startCore({ dataDir: path.join(tmp, 'data'), logSink: { write: (line) => logLines.push(line) } });
  host = await startHost({ core, rendererDir, basemapDir });
  token = new URL(host.url).searchParams.get('token') ?? '';
  signedIn = await signIn(host.url);
  cookie = signedIn.cookie;
});

afterAll(async () => {
  await host.close();
  await core.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with the target sent byte for byte (fetch would normalise `..` before sending). */
function request(target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: target, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

type Upgrade = { ws: WebSocket; frames: ResponseFrame[] } | { status: number };

/**
 * Opens the bridge as the host's own page would (its cookie, its Origin) unless told otherwise
 * (`origin: null` sends none); resolves with the open socket or the HTTP status that refused it.
 */
function openBridge(
  options: { headers?: Record<string, string>; origin?: string | null; path?: string; autoPong?: boolean; port?: number } = {},
): Promise<Upgrade> {
  return new Promise((resolve, reject) => {
    const port = options.port ?? host.port;
    const origin = options.origin === undefined ? `http://127.0.0.1:${port}` : options.origin;
    const ws = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? at('/bridge')}`, {
      headers: options.headers ?? { Cookie: cookie },
      autoPong: options.autoPong ?? true,
      ...(origin === null ? {} : { origin }),
    });
    const frames: ResponseFrame[] = [];
    ws.on('message', (data: Buffer) => {
      frames.push(responseFrameSchema.parse(JSON.parse(data.toString('utf8'))));
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    ws.on('open', () => {
      resolve({ ws, frames });
    });
    ws.on('error', (error) => {
      if (ws.readyState === WebSocket.CONNECTING) reject(error);
    });
  });
}

async function openOrFail(options: Parameters<typeof openBridge>[0] = {}): Promise<{ ws: WebSocket; frames: ResponseFrame[] }> {
  const upgrade = await openBridge(options);
  if ('status' in upgrade) throw new Error(`bridge refused with ${upgrade.status}`);
  return upgrade;
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function nextFrame(frames: ResponseFrame[], from: number, id: number | null): Promise<ResponseFrame> {
  return waitFor(() => frames.slice(from).find((frame) => frame.id === id));
}

async function call(bridge: { ws: WebSocket; frames: ResponseFrame[] }, id: number, method: string, input: unknown): Promise<ResponseFrame> {
  const from = bridge.frames.length;
  bridge.ws.send(JSON.stringify({ type: 'request', id, method, input }));
  return nextFrame(bridge.frames, from, id);
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.once('close', (code) => {
      resolve(code);
    });
  });
}

describe('headless host: HTTP', () => {
  it('binds 127.0.0.1 by default and prints a loopback URL with the token, without the console path', () => {
    expect(host.address).toBe('127.0.0.1');
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{43}$`));
    expect(host.url).not.toContain(signedIn.prefix);
  });

  it('serves the console only under a secret path of 22+ random base64url characters, new at each start', async () => {
    expect(signedIn.prefix).toMatch(/^\/c\/[A-Za-z0-9_-]{22,}\/$/);
    const other = await startHost({ core, rendererDir });
    try {
      const otherSession = await signIn(other.url);
      expect(otherSession.prefix).toMatch(/^\/c\/[A-Za-z0-9_-]{22,}\/$/);
      expect(otherSession.prefix).not.toBe(signedIn.prefix);
    } finally {
      await other.close();
    }
  });

  it('refuses the console path without a session (401)', async () => {
    const res = await request(at('/'));
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).not.toContain('<title>');
  });

  it.each([
    '/',
    '/index.html',
    '/assets/app.js',
    '/bridge',
    '/session/sign-out',
    '/tasks/T-1',
    '/c/',
    '/c/not-the-secret-prefix-at-all/',
    '/c/not-the-secret-prefix-at-all/assets/app.js',
  ])('answers %s outside the console path with 404 and no cookie logic, even with a good cookie', async (target) => {
    const variants: Record<string, string>[] = [{}, { Cookie: cookie }];
    for (const headers of variants) {
      for (const method of ['GET', 'POST']) {
        const res = await request(target, headers, method);
        expect(res.status).toBe(404);
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(res.body).not.toContain('<title>');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
      }
    }
  });

  it('answers the console path itself only byte for byte: shortened, re-cased, encoded or without its slash it is not found (404)', async () => {
    const secret = signedIn.prefix.slice('/c/'.length, -1);
    const swapped = secret.replace(/[a-z]/, (letter) => letter.toUpperCase()) === secret ? secret.replace(/[A-Z]/, (letter) => letter.toLowerCase()) : secret.replace(/[a-z]/, (letter) => letter.toUpperCase());
    for (const target of [
      signedIn.prefix.slice(0, -1),
      `/c/${secret.slice(0, -1)}/`,
      `/c/${swapped}/`,
      `/c/${secret}x/`,
      `/%63/${secret}/`,
      `/c/${secret.slice(0, 5)}%${secret.charCodeAt(5).toString(16)}${secret.slice(6)}/`,
      `/x/..${signedIn.prefix}`,
      `//${signedIn.prefix}`,
    ]) {
      expect({ target, status: (await request(target, { Cookie: cookie })).status }).toEqual({ target, status: 404 });
    }
  });

  it('refuses a wrong token in the URL (401) and a wrong session in the cookie (401)', async () => {
    expect((await request(`/?token=${token.slice(1)}x`)).status).toBe(401);
    expect((await request(at('/'), { Cookie: `console_session_${host.port}=wrong-token-of-some-length` })).status).toBe(401);
    // The token itself is not a session id, in either cookie name.
    expect((await request(at('/'), { Cookie: `console_session_${host.port}=${token}` })).status).toBe(401);
    expect((await request(at('/'), { Cookie: `console_session=${token}` })).status).toBe(401);
    expect((await request(at('/assets/app.js'), { Cookie: 'other=1' })).status).toBe(401);
    // A wrong token in the URL is refused even with a good cookie.
    expect((await request('/?token=nope', { Cookie: cookie })).status).toBe(401);
  });

  it('trades the URL token once for a separate random session id in an HttpOnly SameSite=Strict cookie whose Path is the console path (303 into it)', async () => {
    const next = new URL(host.signInUrl());
    const fresh = next.searchParams.get('token') ?? '';
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(token);
    const res = await request(`/?token=${fresh}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(signedIn.prefix);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const setCookie = res.headers['set-cookie'] ?? [];
    expect(setCookie).toHaveLength(1);
    const escaped = signedIn.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`^console_session_${host.port}=([A-Za-z0-9_-]{43}); HttpOnly; SameSite=Strict; Path=${escaped}$`).exec(setCookie[0] ?? '');
    expect(match).not.toBeNull();
    const sessionId = match?.[1] ?? '';
    expect(sessionId).not.toBe(fresh);
    expect(Buffer.from(sessionId, 'base64url').length).toBeGreaterThanOrEqual(16);
    // The attack: the link replayed (history, screenshot, shoulder) gets nothing, with or without a cookie.
    expect((await request(`/?token=${fresh}`)).status).toBe(401);
    expect((await request(`/?token=${token}`)).status).toBe(401);
    expect((await request(`/?token=${fresh}`, { Cookie: cookie })).status).toBe(401);
    expect((await request(at('/'), { Cookie: `console_session_${host.port}=${sessionId}` })).status).toBe(200);
    // A new sign-in address is ready for the next browser.
    expect(host.signInUrl()).not.toBe(next.href);
  });

  it('spends a token only on GET or HEAD (405 otherwise, the token kept)', async () => {
    const unspent = new URL(host.signInUrl()).searchParams.get('token') ?? '';
    expect((await request(`/?token=${unspent}`, {}, 'POST')).status).toBe(405);
    expect((await request(`/?token=${unspent}`)).status).toBe(303);
  });

  it('serves index.html with the cookie, under the strict CSP and security headers', async () => {
    const res = await request(at('/'), { Cookie: `theme=dark; ${cookie}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>console</title>');
    expect(res.headers['content-security-policy']).toBe(EXPECTED_CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('sends Referrer-Policy: no-referrer on every answer: files, refusals, errors', async () => {
    const answers = [
      await request(at('/'), { Cookie: cookie }),
      await request(at('/assets/app.js'), { Cookie: cookie }),
      await request(at('/assets/missing.js'), { Cookie: cookie }),
      await request(at('/'), { Cookie: cookie }, 'POST'),
      await request(at('/')),
      await request('/?token=nope'),
      await request('/'),
      await request(at('/'), { Cookie: cookie, Host: 'evil.example' }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 404, 405, 401, 401, 404, 421]);
    for (const answer of answers) expect(answer.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their content types, client routes as index.html, unknown files as 404', async () => {
    const js = await request(at('/assets/app.js'), { Cookie: cookie });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-security-policy']).toBe(EXPECTED_CSP);
    expect((await request(at('/assets/app.css'), { Cookie: cookie })).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await request(at('/assets/icon.svg'), { Cookie: cookie })).headers['content-type']).toBe('image/svg+xml');
    const route = await request(at('/tasks/T-1'), { Cookie: cookie });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>console</title>');
    expect((await request(at('/assets/missing.js'), { Cookie: cookie })).status).toBe(404);
    expect((await request(at('/'), { Cookie: cookie }, 'POST')).status).toBe(405);
  });

  it.each([
    '/../secret.txt',
    '/../secret',
    '/../../secret.txt',
    '/..%2fsecret.txt',
    '/..%2fsecret',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret',
    '/%2e%2e%2fsecret',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret',
    '/..%5csecret.txt',
    '/.%2e/secret',
    `/${encodeURIComponent(path.join(os.tmpdir(), 'secret'))}`,
    '/secret%00.txt',
  ])('refuses the traversal %s under the console path (404)', async (target) => {
    const res = await request(at(target), { Cookie: cookie });
    expect(res.status).toBe(404);
    expect(res.body).not.toContain(SECRET);
  });

  it.each(['/assets/leak.js', '/assets/passwd.txt', '/linked/secret.txt'])(
    'never follows a symlink out of the renderer folder: %s (404)',
    async (target) => {
      const res = await request(at(target), { Cookie: cookie });
      expect(res.status).toBe(404);
      expect(res.body).not.toContain(SECRET);
      expect(res.body).not.toContain('root:');
    },
  );

  it('serves the basemap under basemap/, and refuses traversal and links out of it (404)', async () => {
    const res = await request(at('/basemap/style.json'), { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toBe('{"version":8}');
    for (const target of ['/basemap/leak.json', '/basemap/%2e%2e/secret.txt', '/basemap/..%2fsecret', '/basemap/', '/basemap']) {
      const refused = await request(at(target), { Cookie: cookie });
      expect(refused.status).toBe(404);
      expect(refused.body).not.toContain(SECRET);
    }
  });

  it('serves a symlink that stays inside the renderer folder', async () => {
    const res = await request(at('/assets/alias.js'), { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(res.body).toBe('export {};');
  });
});

describe('headless host: WebSocket bridge', () => {
  it('refuses the upgrade without a session, or with a wrong one (401)', async () => {
    expect(await openBridge({ headers: {} })).toEqual({ status: 401 });
    expect(await openBridge({ headers: { Cookie: `console_session_${host.port}=not-the-right-session` } })).toEqual({ status: 401 });
    expect(await openBridge({ headers: { Cookie: `console_session_${host.port}=${token}` } })).toEqual({ status: 401 });
  });

  it('refuses the upgrade from a foreign Origin, another port of 127.0.0.1, or none at all (403), and accepts its own', async () => {
    expect(await openBridge({ origin: 'http://evil.example' })).toEqual({ status: 403 });
    expect(await openBridge({ origin: `http://localhost:${host.port + 1}` })).toEqual({ status: 403 });
    // The attack: a page on another local port gets the 127.0.0.1 cookie sent along, but not our Origin.
    expect(await openBridge({ origin: `http://127.0.0.1:${host.port + 1}` })).toEqual({ status: 403 });
    expect(await openBridge({ origin: `https://127.0.0.1:${host.port}` })).toEqual({ status: 403 });
    expect(await openBridge({ origin: null })).toEqual({ status: 403 });
    const own = await openOrFail({ origin: `http://127.0.0.1:${host.port}` });
    own.ws.close();
  });

  it('refuses upgrades on other paths, and on the bridge outside the console path even with the session (404)', async () => {
    expect(await openBridge({ path: at('/socket') })).toEqual({ status: 404 });
    expect(await openBridge({ path: '/bridge' })).toEqual({ status: 404 });
    expect(await openBridge({ path: '/c/not-the-secret-prefix-at-all/bridge' })).toEqual({ status: 404 });
    expect(await openBridge({ path: `${signedIn.prefix.slice(0, -1)}x/bridge` })).toEqual({ status: 404 });
  });

  it('refuses a sign-in token on the bridge, spent or not: only a session opens it (401, 404 outside the console path)', async () => {
    expect(await openBridge({ path: at(`/bridge?token=${token}`), headers: {} })).toEqual({ status: 401 });
    const unspent = new URL(host.signInUrl()).searchParams.get('token') ?? '';
    expect(await openBridge({ path: at(`/bridge?token=${unspent}`), headers: {} })).toEqual({ status: 401 });
    expect(await openBridge({ path: `/bridge?token=${unspent}`, headers: {} })).toEqual({ status: 404 });
    expect(await openBridge({ path: `/?token=${unspent}`, headers: {} })).toEqual({ status: 404 });
    // Trying it there did not spend it.
    expect((await request(`/?token=${unspent}`)).status).toBe(303);
  });

  it('refuses tasks:list on a socket not signed in to the console, and answers it with a page the contract accepts once signed in', async () => {
    const bridge = await openOrFail();
    const refused = await call(bridge, 3, 'tasks:list', { filter: { status: 'all' }, limit: 10 });
    expect(refused.result).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect((await call(bridge, 2, 'session:signIn', signInInput('admin-8000'))).result).toMatchObject({ ok: true, value: { ok: true } });
    const frame = await call(bridge, 1, 'tasks:list', { filter: { status: 'all' }, limit: 10 });
    expect(frame.result.ok).toBe(true);
    if (frame.result.ok) expect(taskPageSchema.safeParse(frame.result.value).success).toBe(true);
    bridge.ws.close();
  });

  it('answers bad_frame for malformed JSON and for binary frames', async () => {
    const bridge = await openOrFail();
    bridge.ws.send('{"type":"request",');
    const malformed = await nextFrame(bridge.frames, 0, null);
    expect(malformed.result).toMatchObject({ ok: false, error: { code: 'bad_frame' } });
    // Valid JSON in a binary frame is still not a contract frame.
    bridge.ws.send(Buffer.from(JSON.stringify({ type: 'request', id: 7, method: 'app:info', input: {} })));
    const binary = await waitFor(() => bridge.frames.slice(1).find((frame) => !frame.result.ok));
    expect(binary.result).toMatchObject({ ok: false, error: { code: 'bad_frame' } });
    expect(bridge.frames.some((frame) => frame.result.ok)).toBe(false);
    bridge.ws.close();
  });

  it('answers frame_too_large for a frame over 1 MiB and keeps that connection usable', async () => {
    const bridge = await openOrFail();
    const from = bridge.frames.length;
    bridge.ws.send(JSON.stringify({ type: 'request', id: 1, method: 'tasks:list', input: { pad: 'x'.repeat(1.5 * MiB) } }));
    const answer = await nextFrame(bridge.frames, from, null);
    expect(answer.result).toMatchObject({ ok: false, error: { code: 'frame_too_large' } });
    const after = await call(bridge, 2, 'app:info', {});
    expect(after.result.ok).toBe(true);
    bridge.ws.close();
  });

  it('closes only the connection that sends a frame above the 2 MiB payload cap (1009), and the host stays up', async () => {
    const bystander = await openOrFail();
    const sender = await openOrFail();
    sender.ws.on('error', () => undefined); // the server may reset while the frame is still going out
    const code = closed(sender.ws);
    sender.ws.send(Buffer.alloc(2 * MiB + 1, 0x20), { binary: false });
    expect(await code).toBe(1009);
    expect((await call(bystander, 1, 'app:info', {})).result.ok).toBe(true);
    const fresh = await openOrFail();
    expect((await call(fresh, 1, 'app:info', {})).result.ok).toBe(true);
    bystander.ws.close();
    fresh.ws.close();
  });
});

describe('headless host: binding and liveness', () => {
  it('refuses a non-loopback address unless asked explicitly, then warns in the log', async () => {
    await expect(startHost({ core, rendererDir, host: '0.0.0.0' })).rejects.toThrow(/not a loopback address/);
    const exposed = await startHost({ core, rendererDir, host: '0.0.0.0', allowNonLoopback: true });
    try {
      expect(exposed.address).toBe('0.0.0.0');
      expect(exposed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      expect(logLines.some((line) => line.includes('"level":"warn"') && line.includes('non-loopback'))).toBe(true);
    } finally {
      await exposed.close();
    }
  });

  it('never logs the token or the console path, at any level', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.some((line) => line.includes('signed in'))).toBe(true);
    expect(logLines.join('')).not.toContain(token);
    expect(logLines.join('')).not.toContain(signedIn.prefix.slice('/c/'.length, -1));
  });

  it('drops a client that stops answering heartbeat pings', async () => {
    const quick = await startHost({ core, rendererDir, heartbeatMs: 100 });
    try {
      const quickSession = await signIn(quick.url);
      const quickBridge = new URL(quickSession.bridge).pathname;
      const silent = await openOrFail({ port: quick.port, path: quickBridge, headers: { Cookie: quickSession.cookie }, autoPong: false });
      const lively = await openOrFail({ port: quick.port, path: quickBridge, headers: { Cookie: quickSession.cookie } });
      expect(await closed(silent.ws)).toBe(1006);
      expect(lively.ws.readyState).toBe(WebSocket.OPEN);
      lively.ws.close();
    } finally {
      await quick.close();
    }
  });
});

describe('console path', () => {
  it('strips only its own prefix, byte for byte, and redacts its secret from log text', () => {
    const paths = newConsolePath();
    const secret = paths.prefix.slice('/c/'.length, -1);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(16);
    expect(paths.strip(paths.prefix)).toBe('/');
    expect(paths.strip(`${paths.prefix}assets/app.js?v=1`)).toBe('/assets/app.js?v=1');
    expect(paths.strip(`${paths.prefix}bridge`)).toBe('/bridge');
    expect(paths.strip(paths.prefix.slice(0, -1))).toBeNull();
    expect(paths.strip(`/x${paths.prefix}`)).toBeNull();
    expect(paths.strip('/')).toBeNull();
    expect(paths.redact(`${paths.prefix}assets/x.js`)).toBe('/c/<secret>/assets/x.js');
    expect(newConsolePath().prefix).not.toBe(paths.prefix);
  });
});
