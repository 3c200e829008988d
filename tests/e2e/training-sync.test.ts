import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { openBrowser, signInToConsole } from './browser.js';
import { ensureRendererBuild, ROOT } from './renderer-build.js';

/**
 * Training mode as a newcomer meets it, in Chromium: the core starts the built-in simulator, syncs
 * with it over HTTP, and the Sync screen shows the journal; then, as the admin, the settings screen
 * tests a connection to another single window (a second simulator) with a wrong and a right password.
 */
const SCREENSHOT = path.join(ROOT, 'test-results', 'e2e-sync.png');
let tmp: string;
let core: Core;
let host: Host;
let other: Simulator;
let page: Page;
let problems: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  const rendererDir = await ensureRendererBuild();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-training-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  core = startCore({ dataDir: tmp, logSink: nullSink, sync: {} });
  cleanups.push(() => core.close());
  host = await startHost({ core, rendererDir });
  cleanups.push(() => host.close());
  other = await startSimulator({ tasks: 20, cargo: 0, evolve: false, operators: [{ operatorId: 'admin-2', password: 'right-pw', name: '赵磊', roles: ['admin'], agency: 'customs' }] });
  cleanups.push(() => other.close());
  const browser = await openBrowser(tmp);
  cleanups.push(() => browser.context.close());
  page = browser.page;
  problems = browser.problems;
}, 120_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('training mode in Chromium', () => {
  it('syncs the built-in single window and shows its tasks, online', async () => {
    await page.goto(host.url);
    // The training admin: the settings screen's connection test below is an admin's.
    await signInToConsole(page, 'admin-8000');
    await page.locator('[data-testid="sync-status"][data-online="true"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('task-row').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('task-row').count()).toBeGreaterThan(5);
  }, 90_000);

  it('shows the sync journal on the Sync screen', async () => {
    await page.getByTestId('nav-sync').click();
    await page.getByTestId('journal-table').waitFor();
    const calls = await page.getByTestId('journal-row').allTextContents();
    expect(calls.some((text) => text.includes('/v1/tasks/changes'))).toBe(true);
    expect(calls.some((text) => text.includes('/v1/auth/token'))).toBe(true);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('tests a connection to another single window from the settings screen', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-url').fill(other.url);
    await page.getByTestId('settings-operator').fill('admin-2');
    await page.getByTestId('settings-password').fill('wrong-pw');
    await page.getByTestId('settings-test').click();
    await page.locator('[data-testid="settings-result"] [data-outcome="failed"][data-code="credentials"]').waitFor();

    await page.getByTestId('settings-password').fill('right-pw');
    await page.getByTestId('settings-test').click();
    await page.locator('[data-testid="settings-result"] [data-outcome="ok"]').waitFor();
    expect(await page.getByTestId('settings-result').textContent()).toContain('赵磊');
  });

  it('ran without uncaught errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
