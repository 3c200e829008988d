import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import type { GatewayTask } from '../../shared/contract/index.js';
import { completeContent, createOfficers, must, signBoth, startInspection } from '../fixtures/inspection-calls.js';
import { buildTask } from '../fixtures/task-builder.js';
import { openBrowser, signInToConsole, type OpenBrowser } from './browser.js';
import { canvasColours } from './canvas-colours.js';
import { ensureRendererBuild, ROOT } from './renderer-build.js';

/**
 * The KPIs in Chromium (issue 10, points 3 and 5): a supervisor opens the KPI screen and its
 * ECharts charts are drawn on canvas (pixels sampled: the bars carry the console's accent colour),
 * and a wall display in a second browser context shows the KPI tiles, without the per-officer
 * chart; and the supervisor's figures move once an officer's release has gone to the single window
 * and come back with the next sync (issue 10, point 8), the training simulator standing still
 * otherwise. The figures themselves are checked against the core in tests/unit/renderer-kpi.test.tsx.
 * Its screenshot is the README's picture of the KPI screen.
 */
const SCREENSHOT = path.join(ROOT, 'resources', 'screenshots', 'kpi.png');
const HOUR = 3_600_000;
const ACCENT = 0x0b4f8a;
let tmp: string;
let sim: Simulator;
let core: Core;
let host: Host;
let supervisor: OpenBrowser;
let wall: OpenBrowser;
const cleanups: (() => Promise<void> | void)[] = [];

/** Tasks released and held over the last days, beside the training simulator's: each version after the one before. */
function recentTasks(now: number): GatewayTask[][] {
  const at = (hoursAgo: number): string => new Date(now - hoursAgo * HOUR).toISOString();
  return [1, 2, 3, 4, 5, 6].map((n) => {
    const taskId = `JI-8000-2026-9900${String(n).padStart(2, '0')}`;
    const decided = n % 3 === 0 ? 'held' : 'released';
    return [
      buildTask({ taskId, version: 1, status: 'pending', updatedAt: at(24 * n + 12) }),
      buildTask({ taskId, version: 2, status: decided, updatedAt: at(24 * n), assignedTo: ['op-8000-001'] }),
    ];
  });
}

beforeAll(async () => {
  const rendererDir = await ensureRendererBuild();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-kpi-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  // The training gateway without its own evolution: only the officer's result below changes a task. Cycles when asked.
  sim = await startSimulator({ port: 0, seed: 8810, tasks: 40, evolve: false });
  cleanups.push(() => sim.close());
  core = startCore({
    dataDir: path.join(tmp, 'data'),
    logSink: nullSink,
    sync: { intervalMs: 3_600_000, startTraining: () => Promise.resolve({ url: sim.url, stop: () => Promise.resolve() }) },
  });
  cleanups.push(() => core.close());
  await createOfficers(core);
  await must(core, 'sync:now', {});
  const history = recentTasks(Date.now());
  for (const step of [0, 1]) core.db.tasks.upsertMany(history.map((versions) => versions[step]!));
  host = await startHost({ core, rendererDir, basemapDir: path.join(ROOT, 'resources', 'basemap') });
  cleanups.push(() => host.close());
  supervisor = await openBrowser(path.join(tmp, 'supervisor'));
  cleanups.push(() => supervisor.context.close());
  wall = await openBrowser(path.join(tmp, 'wall'));
  cleanups.push(() => wall.context.close());
}, 120_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A tile's figure on the page, its digits read as one number (written per locale: 1,234). */
async function tileNumber(page: Page, tile: string): Promise<number> {
  const text = await page.locator(`[data-testid="kpi-tile"][data-tile="${tile}"] [data-testid="kpi-tile-value"]`).first().textContent();
  return Number(text?.replace(/\D/g, ''));
}

const chartCanvas = (chart: string): string => `[data-testid="kpi-chart"][data-chart="${chart}"] canvas`;

describe('the KPIs in Chromium', () => {
  it('draws the supervisor’s charts on canvas with ECharts', async () => {
    const page = supervisor.page;
    await page.goto(host.url);
    await signInToConsole(page, 'sup-8000-001');
    await page.getByTestId('nav-kpi').click();
    await page.locator('[data-testid="kpi-tile"][data-tile="clearance-median"]').waitFor();
    for (const chart of ['by-day', 'by-agency', 'by-type', 'by-site', 'by-officer']) {
      await page.locator(`[data-testid="kpi-chart"][data-chart="${chart}"][data-draw-state="drawn"]`).waitFor();
    }
    // Not blank: axes, labels and series in several colours; the bars of the first series in the accent colour.
    await expect.poll(async () => (await canvasColours(page, chartCanvas('by-day'), 7)).length, { timeout: 15_000 }).toBeGreaterThan(10);
    await expect.poll(async () => (await canvasColours(page, chartCanvas('by-agency'), 1)).includes(ACCENT), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId('kpi-tile-value').first().textContent()).toMatch(/\d/);
    expect(supervisor.problems).toEqual([]);
    // Sampling scrolled each chart into view: the picture shows the screen from its top.
    await page.locator('#kpi-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOT });
  }, 120_000);

  it('shows the KPI tiles on a wall display, without the per-officer chart', async () => {
    const page = wall.page;
    await page.goto(host.wallUrl);
    await page.getByTestId('kpi-wall').waitFor();
    await page.locator('[data-testid="kpi-wall"] [data-testid="kpi-tile"][data-tile="inspections"]').waitFor();
    expect(await tileNumber(page, 'inspections')).toBeGreaterThanOrEqual(6);
    expect(await page.getByTestId('kpi-load-error').count()).toBe(0);
    expect(await page.locator('[data-chart="by-officer"]').count()).toBe(0);
    expect(wall.problems).toEqual([]);
  }, 60_000);

  it('moves on the supervisor’s screen once an officer’s release has gone to the single window and come back', async () => {
    const page = supervisor.page;
    const before = await tileNumber(page, 'inspections');
    // An officer inspects an open task and releases it, as the inspection's integration tests do.
    const { rows } = await must(core, 'tasks:list', { filter: { status: 'open' }, offset: 0, limit: 50 });
    const row = rows.find((candidate) => candidate.containerNos.length > 0);
    if (!row) throw new Error('the simulator made no open task with containers');
    const task = await must(core, 'tasks:get', { taskId: row.taskId });
    const checklist = (await must(core, 'reference:get', {})).checklists.find((list) => list.checklistId === task.checklistId);
    if (!checklist) throw new Error(`no checklist ${task.checklistId}`);
    const draft = await startInspection(core, task.taskId);
    await must(core, 'inspection:save', { taskId: task.taskId, draft: completeContent(draft, task, checklist.items.map((item) => item.itemId)) });
    await signBoth(core, task.taskId);
    await must(core, 'inspection:submit', { taskId: task.taskId, language: 'zh-CN' });
    await expect.poll(() => core.db.results.summary(draft.resultId)?.state, { timeout: 15_000 }).toBe('delivered');
    // The release comes back with the next pull; the screen asks again after that sync, untouched.
    await must(core, 'sync:now', {});
    await expect.poll(() => tileNumber(page, 'inspections'), { timeout: 15_000 }).toBe(before + 1);
    expect(supervisor.problems).toEqual([]);
  }, 60_000);
});
