import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE, startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { en } from '../../renderer/i18n/en.js';
import { zhCN } from '../../renderer/i18n/zh-CN.js';
import { responseFrameSchema, TRAINING_OPERATOR, type MethodInput, type MethodName, type MethodOutput } from '../../shared/contract/index.js';
import { methods } from '../../shared/contract/methods.js';
import { FIXTURE_NOW, fillFixtureDatabase } from '../fixtures/fixture-db.js';
import { buildTask } from '../fixtures/task-builder.js';
import { openBrowser, signInToConsole } from './browser.js';
import { ensureRendererBuild, ROOT } from './renderer-build.js';

/**
 * The whole console as a supervisor's browser sees it: Debian's Chromium, driven by playwright-core,
 * against the headless host in this process, on a database of generated tasks.
 */
const TASKS = 2000;
const SEED = 7;
const SCREENSHOT = path.join(ROOT, 'test-results', 'e2e-console.png');
const SCREENSHOT_ZH = path.join(ROOT, 'test-results', 'e2e-console-zh.png');
/** For the README: the task detail in zh-CN. */
const DETAIL_SCREENSHOT = path.join(ROOT, 'resources', 'screenshots', 'task-detail.png');
/** A task the single window changed once after the console received it (reassigned, made urgent, overdue), so its detail has a history; overdue the longest, so first in the list. */
const RECEIVED = buildTask(
  { taskId: 'JI-8000-2026-880001', version: 3, status: 'pending' },
  { priority: 'normal', dueAt: '2026-11-26T08:00:00Z', riskReasons: ['检疫风险：动物疫病疫区来源', '食品安全：进口肉类检验', '情报布控：走私线索核查'] },
);
const REVISED = {
  ...RECEIVED,
  version: 4,
  status: 'assigned' as const,
  assignedTo: ['CQ-OP-0007', 'CQ-OP-0012'],
  inspection: { ...RECEIVED.inspection, priority: 'urgent' as const, dueAt: '2026-11-21T06:00:00Z' },
};

let tmp: string;
let core: Core;
let host: Host;
let context: BrowserContext;
let page: Page;
/** Uncaught exceptions and CSP violations in the page: either means the console is broken. */
let pageProblems: string[] = [];
/** Undone in reverse order, whatever step of the setup failed. */
const cleanups: (() => Promise<void> | void)[] = [];

/** Asks the core directly (same router as the bridge), to know what the UI should show. */
async function ask<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const frame = responseFrameSchema.parse(await core.router.handle(JSON.stringify({ type: 'request', id: 1, method, input }), { roles: ['inspector'] }));
  if (!frame.result.ok) throw new Error(`${method} failed: ${frame.result.error.message}`);
  return methods[method].output.parse(frame.result.value) as MethodOutput<M>;
}

const rows = (): ReturnType<Page['locator']> => page.getByTestId('task-row');
const digitsOf = (text: string | null): number => Number((text ?? '').replace(/\D/g, ''));

beforeAll(async () => {
  const rendererDir = await ensureRendererBuild();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-console-'));
  cleanups.push(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const dataDir = path.join(tmp, 'data');
  fs.mkdirSync(dataDir);
  fillFixtureDatabase(path.join(dataDir, DATABASE_FILE), { tasks: TASKS, seed: SEED });
  core = startCore({ dataDir, logSink: nullSink, clock: () => FIXTURE_NOW, singleDatabase: true });
  cleanups.push(() => core.close());
  core.db.tasks.upsertMany([RECEIVED]);
  core.db.tasks.upsertMany([REVISED]);
  host = await startHost({ core, rendererDir });
  cleanups.push(() => host.close());

  const browser = await openBrowser(tmp);
  context = browser.context;
  cleanups.push(() => context.close());
  page = browser.page;
  pageProblems = browser.problems;
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('console in Chromium over the headless host', () => {
  it('opens from the printed URL, in Chinese, and lists the open tasks', async () => {
    await page.goto(host.url);
    // The token became a cookie and left the address bar; the page lives under the host's secret path.
    expect(page.url()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/c/[A-Za-z0-9_-]{22,}/$`));
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    await signInToConsole(page, TRAINING_OPERATOR.operatorId);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect.poll(() => page.title()).toBe(zhCN.app.title);

    await rows().first().waitFor();
    expect(await rows().count()).toBeGreaterThan(5);
    // Virtualized: a real layout keeps only the visible rows (plus overscan) in the DOM.
    expect(await page.locator('[data-testid="task-row"], [data-testid="task-row-placeholder"]').count()).toBeLessThanOrEqual(60);
    const open = await ask('tasks:count', { filter: { status: 'open' } });
    expect(open.total).toBeGreaterThan(100);
    await expect.poll(async () => digitsOf(await page.getByTestId('task-total').textContent())).toBe(open.total);
    fs.mkdirSync(path.dirname(SCREENSHOT_ZH), { recursive: true });
    await page.screenshot({ path: SCREENSHOT_ZH });
    expect(fs.statSync(SCREENSHOT_ZH).size).toBeGreaterThan(10_000);
  });

  it('opens a task with Enter on its row: detail, history and site; Esc closes it back onto the row', async () => {
    const row = page.locator(`[data-testid="task-row"][data-task-id="${REVISED.taskId}"]`);
    await row.press('Enter');
    const detail = page.getByTestId('task-detail');
    await page.getByTestId('detail-goods').waitFor();
    expect(await page.getByTestId('version-change').count()).toBe(1);
    expect(await page.getByTestId('site-map-marker').count()).toBe(1);
    expect(await page.getByTestId('check-reasons').textContent()).toContain('检疫风险：动物疫病疫区来源');
    // Tall enough for the whole detail (the site map and the history are at its end), then back.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: viewport?.width ?? 1440, height: 1600 });
    fs.mkdirSync(path.dirname(DETAIL_SCREENSHOT), { recursive: true });
    await page.screenshot({ path: DETAIL_SCREENSHOT });
    expect(fs.statSync(DETAIL_SCREENSHOT).size).toBeGreaterThan(10_000);
    if (viewport) await page.setViewportSize(viewport);

    await detail.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-task-id'))).toBe(REVISED.taskId);
  });

  it('finds a task by its container number', async () => {
    // A task far down the list, so only the search can bring it on screen.
    const page200 = await ask('tasks:list', { filter: { status: 'open' }, offset: 150, limit: 50 });
    const target = page200.rows.find((row) => row.containerNos.length > 0);
    if (!target) throw new Error('the fixture has no open task with a container');
    const containerNo = target.containerNos[0] ?? '';
    const matches = await ask('tasks:count', { filter: { status: 'open', text: containerNo } });
    expect(matches.total).toBeGreaterThanOrEqual(1);
    expect(matches.total).toBeLessThanOrEqual(5);
    await expect(page.locator(`[data-testid="task-row"][data-task-id="${target.taskId}"]`).count()).resolves.toBe(0);

    await page.getByTestId('search-input').fill(containerNo);
    await page.locator(`[data-testid="task-row"][data-task-id="${target.taskId}"]`).waitFor();
    await expect.poll(() => rows().count()).toBe(matches.total);
    await expect.poll(async () => digitsOf(await page.getByTestId('task-total').textContent())).toBe(matches.total);
    expect(await page.locator(`[data-testid="task-row"][data-task-id="${target.taskId}"]`).textContent()).toContain(containerNo);
  });

  it('switches to English', async () => {
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect.poll(() => page.title()).toBe(en.app.title);
    expect(await page.getByTestId('search-input').getAttribute('placeholder')).toBe(en.search.placeholder);
    expect(await page.getByTestId('task-total').textContent()).toMatch(/tasks?$/);
  });

  it('shows the full list again and saves a screenshot', async () => {
    await page.getByTestId('search-input').fill('');
    await page.getByTestId('search-input').blur();
    await expect.poll(() => rows().count()).toBeGreaterThan(5);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it('refuses a request without the session (401 on the console path, 404 anywhere else)', async () => {
    expect((await fetch(page.url())).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${host.port}/`)).status).toBe(404);
    const withoutToken = new URL(host.url);
    withoutToken.search = '';
    expect((await fetch(withoutToken)).status).toBe(404);
  });

  it('ran without uncaught errors or CSP violations', () => {
    expect(pageProblems).toEqual([]);
  });
});
