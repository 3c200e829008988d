import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { openBrowser, signInToConsole, type OpenBrowser } from './browser.js';
import { canvasColours } from './canvas-colours.js';
import { callFromPage } from './page-bridge.js';
import { ensureRendererBuild, ROOT } from './renderer-build.js';

/**
 * The wall display in Chromium (issue 10, points 5 and 8): an officer's console in one browser, and
 * in a second browser context the wall address the host printed. The wall shows the live map (its
 * canvas drawn, not blank) and the arrivals, no tabs to tasks, sync or settings, and a write sent
 * from its page over its own session is answered `forbidden` by the core. Its screenshot is the
 * README's picture of the wall.
 */
const SCREENSHOT = path.join(ROOT, 'resources', 'screenshots', 'wall.png');
let tmp: string;
let core: Core;
let host: Host;
let officer: OpenBrowser;
let wall: OpenBrowser;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  const rendererDir = await ensureRendererBuild();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-wall-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  core = startCore({ dataDir: path.join(tmp, 'data'), logSink: nullSink, sync: {} });
  cleanups.push(() => core.close());
  host = await startHost({ core, rendererDir, basemapDir: path.join(ROOT, 'resources', 'basemap') });
  cleanups.push(() => host.close());
  officer = await openBrowser(path.join(tmp, 'officer'));
  cleanups.push(() => officer.context.close());
  wall = await openBrowser(path.join(tmp, 'wall'));
  cleanups.push(() => wall.context.close());
}, 120_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the wall display beside an officer console', () => {
  it('keeps an officer signed in to the whole console in the first browser', async () => {
    await officer.page.goto(host.url);
    await signInToConsole(officer.page, 'op-8000-001');
    await officer.page.getByTestId('nav-tasks').waitFor();
  }, 60_000);

  it('shows the live map and the arrivals, read-only, in a second browser context', async () => {
    const page = wall.page;
    await page.goto(host.wallUrl);
    await page.getByTestId('wall-screen').waitFor();
    await page.locator('[data-testid="map-screen"][data-map-state="ready"]').waitFor({ timeout: 60_000 });
    // The training simulator's cargo reach the wall through cargo:snapshot and cargo:moved.
    await expect.poll(async () => Number(await page.getByTestId('map-screen').getAttribute('data-cargo-count')), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await canvasColours(page, '[data-testid="map-canvas-host"] canvas')).length, { timeout: 30_000 }).toBeGreaterThan(20);
    await page.getByTestId('arrivals-panel').waitFor();
    for (const absent of ['nav-tasks', 'nav-sync', 'nav-settings', 'sign-in-screen', 'sync-now']) expect(await page.getByTestId(absent).count()).toBe(0);
    expect(wall.problems).toEqual([]);
    await page.screenshot({ path: SCREENSHOT });
  }, 120_000);

  it('answers a write sent from the wall page over its own session with forbidden', async () => {
    const [submit, tasks, status] = await callFromPage(wall.page, [
      { method: 'inspection:submit', input: { taskId: 'JI-8000-2026-000001' } },
      { method: 'tasks:list', input: { filter: { status: 'all' }, offset: 0, limit: 5 } },
      { method: 'session:status', input: {} },
    ]);
    expect(submit).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(tasks).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(status).toMatchObject({ ok: true, value: { signedIn: 'wall' } });
  });
});
