import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Cookie, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { en } from '../../renderer/i18n/en.js';
import { zhCN } from '../../renderer/i18n/zh-CN.js';
import { TRAINING_OPERATOR } from '../../shared/contract/index.js';
import { openBrowser, signInToConsole } from './browser.js';
import { ensureRendererBuild } from './renderer-build.js';

/**
 * Issue 7's attack in a real browser: the officer signed in to the console, then opens another
 * local web page (a different port of 127.0.0.1). Browsers send 127.0.0.1 cookies to every port,
 * but only under the cookie's Path, which is the host's secret console path: the other server must
 * receive no console cookie at any path it can name, and no Referer from the console's page. Had it
 * learnt the path anyway, its page's WebSocket to the console would still be refused on Origin. Then
 * the officer signs out.
 */
let tmp: string;
let core: Core;
let host: Host;
let context: BrowserContext;
let page: Page;
let problems: string[] = [];
let attacker: http.Server;
let attackerPort = 0;
/** The console page's address once signed in: http://127.0.0.1:<port>/c/<secret>/. */
let consoleUrl = '';
interface Seen {
  path: string;
  cookie: string;
  referer: string | undefined;
}
const seenByAttacker: Seen[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

/**
 * The other local server: records what each request carried, and serves a page whose script tries
 * the WebSocket named in its `?ws=` query (the console's bridge, as an attacker would guess or had
 * learnt it) and reports in its title whether it opened.
 */
function attackerPage(): string {
  return `<!doctype html><title>waiting</title><script>
    const target = new URLSearchParams(location.search).get('ws');
    if (target) {
      const ws = new WebSocket(target);
      ws.onopen = () => { document.title = 'opened'; ws.send(JSON.stringify({ type: 'request', id: 1, method: 'app:info', input: {} })); };
      ws.onmessage = () => { document.title = 'answered'; };
      ws.onclose = () => { if (document.title === 'waiting') document.title = 'refused'; };
    } else {
      document.title = 'visited';
    }
  </script>`;
}

beforeAll(async () => {
  const rendererDir = await ensureRendererBuild();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-host-session-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  core = startCore({ dataDir: path.join(tmp, 'data'), logSink: nullSink });
  cleanups.push(() => core.close());
  host = await startHost({ core, rendererDir });
  cleanups.push(() => host.close());
  attacker = http.createServer((req, res) => {
    seenByAttacker.push({ path: req.url ?? '', cookie: req.headers.cookie ?? '', referer: req.headers.referer });
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(attackerPage());
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerPort = (attacker.address() as AddressInfo).port;
  cleanups.push(() => new Promise<void>((resolve) => attacker.close(() => resolve())));
  const browser = await openBrowser(tmp);
  context = browser.context;
  cleanups.push(() => context.close());
  page = browser.page;
  problems = browser.problems;
}, 180_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Every cookie the browser holds for the console host, whatever its path (cookies(url) filters by path). */
async function consoleCookies(): Promise<Cookie[]> {
  return (await context.cookies()).filter((cookie) => cookie.name === `console_session_${host.port}`);
}

const prefixOf = (url: string): string => new URL(url).pathname;

/** Opens the attacker's server at `target` in a new tab and waits for its page to settle on a title. */
async function visitAttacker(target: string, settled: string): Promise<void> {
  const other = await context.newPage();
  try {
    await other.goto(`http://127.0.0.1:${attackerPort}${target}`);
    await expect.poll(() => other.title(), { timeout: 15_000 }).toBe(settled);
  } finally {
    await other.close();
  }
}

describe('headless host sessions in Chromium', () => {
  it('signs in once from the printed link into the secret console path; the cookie lives only there; the link is spent', async () => {
    await page.goto(host.url);
    consoleUrl = page.url();
    expect(consoleUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/c/[A-Za-z0-9_-]{22,}/$`));
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    const cookies = await consoleCookies();
    expect(cookies).toHaveLength(1);
    const session = cookies[0];
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(session?.path).toBe(prefixOf(consoleUrl));
    expect(session?.value).not.toBe(new URL(host.url).searchParams.get('token'));
    // Script on the page cannot read it.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const second = await context.newPage();
    const replay = await second.goto(host.url);
    expect(replay?.status()).toBe(401);
    await second.close();
  });

  it('another local server visited after signing in receives no console cookie at any path it can name, and its page cannot reach the console', async () => {
    const from = seenByAttacker.length;
    const rootBridge = encodeURIComponent(`ws://127.0.0.1:${host.port}/bridge`);
    await visitAttacker(`/?ws=${rootBridge}`, 'refused');
    for (const target of ['/index.html', '/bridge', '/session/sign-out', '/c/', '/c/guessed-prefix-0123456789ab/', '/assets/app.js']) {
      await visitAttacker(target, 'visited');
    }
    const seen = seenByAttacker.slice(from).filter((request) => request.path !== '/favicon.ico');
    expect(seen.length).toBeGreaterThanOrEqual(7);
    expect(seen.filter((request) => request.cookie.includes('console_session_'))).toEqual([]);
    // The console itself is still connected.
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
  });

  it('had it learnt the console path, the cookie would reach it (the premise), and its page still cannot open the WebSocket (Origin)', async () => {
    const prefix = prefixOf(consoleUrl);
    const from = seenByAttacker.length;
    const leakedBridge = encodeURIComponent(`ws://127.0.0.1:${host.port}${prefix}bridge`);
    await visitAttacker(`${prefix}?ws=${leakedBridge}`, 'refused');
    // What the test above watches for does happen once the path is known: its absence there is the defence.
    expect(seenByAttacker.slice(from).some((request) => request.cookie.includes(`console_session_${host.port}=`))).toBe(true);
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
  });

  it('the console page sends no Referer when it leaves for another site (the path never leaks that way)', async () => {
    const from = seenByAttacker.length;
    const away = `http://127.0.0.1:${attackerPort}/from-console`;
    await Promise.all([
      page.waitForURL(away),
      page.evaluate((target) => {
        window.location.assign(target);
      }, away),
    ]);
    const arrival = seenByAttacker.slice(from).find((request) => request.path === '/from-console');
    expect(arrival?.referer).toBeUndefined();
    expect(arrival?.cookie).not.toContain('console_session_');
    // Back to the console: the session is still there.
    await page.goto(consoleUrl);
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
  });

  it('signs out with the button (zh-CN): the page says so, stops reconnecting, and a reload is refused', async () => {
    // The host's sign-out sits in the console's header, shown once an account signed in.
    await signInToConsole(page, TRAINING_OPERATOR.operatorId);
    const button = page.getByTestId('sign-out');
    expect(await button.textContent()).toBe(zhCN.connection.signOut);
    expect(en.connection.signOut).toBe('Sign out');
    expect(await consoleCookies()).toHaveLength(1);
    await button.click();
    await page.locator('[data-testid="connection"][data-state="signedOut"]').waitFor();
    expect(await page.getByTestId('connection').textContent()).toContain(zhCN.connection.signedOut);
    expect(await page.getByTestId('sign-out').count()).toBe(0);
    expect(await consoleCookies()).toEqual([]);
    const reload = await page.reload();
    expect(reload?.status()).toBe(401);
    // The next printed address signs in again, into the same console path.
    await page.goto(host.signInUrl());
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    expect(page.url()).toBe(consoleUrl);
    expect(problems).toEqual([]);
  });
});
