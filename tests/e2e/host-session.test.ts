import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { en } from '../../renderer/i18n/en.js';
import { zhCN } from '../../renderer/i18n/zh-CN.js';
import { openBrowser } from './browser.js';
import { ensureRendererBuild } from './renderer-build.js';

/**
 * Issue 7's attack in a real browser: the officer signed in to the console, then opens another
 * local web page (a different port of 127.0.0.1). Chromium sends that page's server the console's
 * cookie (cookies ignore ports), and the page's script tries the console's WebSocket, which Chromium
 * sends with the cookie too; the host must refuse it on Origin. Then the officer signs out.
 */
let tmp: string;
let core: Core;
let host: Host;
let context: BrowserContext;
let page: Page;
let problems: string[] = [];
let attacker: http.Server;
let attackerPort = 0;
const cookiesSeenByAttacker: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  const rendererDir = await ensureRendererBuild();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-host-session-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  core = startCore({ dataDir: path.join(tmp, 'data'), logSink: nullSink });
  cleanups.push(() => core.close());
  host = await startHost({ core, rendererDir });
  cleanups.push(() => host.close());
  attacker = http.createServer((req, res) => {
    cookiesSeenByAttacker.push(req.headers.cookie ?? '');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>waiting</title><script>
      const ws = new WebSocket('ws://127.0.0.1:${host.port}/bridge');
      ws.onopen = () => { document.title = 'opened'; ws.send(JSON.stringify({ type: 'request', id: 1, method: 'app:info', input: {} })); };
      ws.onmessage = () => { document.title = 'answered'; };
      ws.onclose = () => { if (document.title === 'waiting') document.title = 'refused'; };
    </script>`);
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

describe('headless host sessions in Chromium', () => {
  it('signs in once from the printed link; the link is spent', async () => {
    await page.goto(host.url);
    expect(page.url()).toBe(`http://127.0.0.1:${host.port}/`);
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    const cookies = await context.cookies(`http://127.0.0.1:${host.port}/`);
    const session = cookies.find((cookie) => cookie.name === `console_session_${host.port}`);
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(session?.value).not.toBe(new URL(host.url).searchParams.get('token'));
    // Script on the page cannot read it.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const second = await context.newPage();
    const replay = await second.goto(host.url);
    expect(replay?.status()).toBe(401);
    await second.close();
  });

  it("another local page receives the cookie but cannot open the console's WebSocket with it", async () => {
    const other = await context.newPage();
    await other.goto(`http://127.0.0.1:${attackerPort}/`);
    await expect.poll(() => other.title(), { timeout: 15_000 }).toBe('refused');
    // The premise of the attack holds: Chromium did send the console's cookie to the other port.
    expect(cookiesSeenByAttacker.some((header) => header.includes(`console_session_${host.port}=`))).toBe(true);
    await other.close();
    // The console itself is still connected.
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
  });

  it('signs out with the button (zh-CN): the page says so, stops reconnecting, and a reload is refused', async () => {
    const button = page.getByTestId('sign-out');
    expect(await button.textContent()).toBe(zhCN.connection.signOut);
    expect(en.connection.signOut).toBe('Sign out');
    await button.click();
    await page.locator('[data-testid="connection"][data-state="signedOut"]').waitFor();
    expect(await page.getByTestId('connection').textContent()).toContain(zhCN.connection.signedOut);
    expect(await page.getByTestId('sign-out').count()).toBe(0);
    expect(await context.cookies(`http://127.0.0.1:${host.port}/`)).toEqual([]);
    const reload = await page.reload();
    expect(reload?.status()).toBe(401);
    // The next printed address signs in again.
    await page.goto(host.signInUrl());
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    expect(problems).toEqual([]);
  });
});
