import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { TRAINING_SEED } from '../../electron/core/sync/training-gateway.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { caseReplayZh } from '../../renderer/i18n/case-replay.zh-CN.js';
import { shiftAt, type GatewayTask } from '../../shared/contract/index.js';
import { createTestAccounts, TEST_PASSWORD, testOperatorId } from '../fixtures/sign-in-account.js';
import { openBrowser, signInToConsole, type OpenBrowser } from './browser.js';
import { canvasColours } from './canvas-colours.js';
import { CUSTOMS_OFFICER, inspectConformAndSubmit, jointOpenContainer, openTask, QUARANTINE_OFFICER } from './inspection-steps.js';
import { callFromPage } from './page-bridge.js';
import { ensureRendererBuild, ROOT } from './renderer-build.js';

/**
 * Issue 10, point 8: the supervisor's day in Chromium, through the UI. One headless host (in this
 * process) on a core in training mode whose single window is a simulator this test runs, so it can
 * read what the single window received. The supervisor puts both training officers on today's
 * shift at the tasks' site, assigns one joint customs and quarantine task at random (both officers
 * drawn) and another by hand with a reason; each assignment reaches the single window once. The
 * officers, in a browser of their own, inspect the drawn task and submit it: the supervisor's KPI
 * tile of inspections moves by one. The supervisor returns the inspection with a comment, which
 * the officer then reads on the task, and replays the case: the timeline holds the dispatch, the
 * submission and the review, and the slider moves through them. Last, a wall display in another
 * browser context shows the map and is refused a write.
 *
 * First the admin (a real account of the workstation, the fixture's) makes the supervisor's
 * account in Settings. The officers are the two training inspectors (one per agency), put on the
 * roster the random draw picks from, kept on the Dispatch screen for this shift and the next (a
 * run across a shift change at 00:00 or 12:00 UTC still finds them on duty).
 */
const SHIFT_MS = 12 * 60 * 60 * 1000;
const TASKS = 300;
/** A real admin (the fixture's test account): a training admin manages no accounts. */
const ADMIN = testOperatorId(['admin']);
/** Made by the admin on this workstation: a real account, not a training one, with the tests' password. */
const SUPERVISOR = { operatorId: 'sup-8000-101', name: '赵敏' };
const OFFICERS = [CUSTOMS_OFFICER, QUARANTINE_OFFICER];
const HAND_REASON = '该票货物需由熟悉冷链查验的关员承担';
const RETURN_COMMENT = '封志照片不清晰，请补拍后重新提交';

let tmp: string;
let simulator: Simulator;
let core: Core;
let host: Host;
let supervisor: OpenBrowser;
let officer: OpenBrowser;
/** Assigned at random, then inspected, reviewed and replayed. */
let drawnTask: GatewayTask;
/** Assigned by hand. */
let handTask: GatewayTask;
let inspectionsBefore = 0;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  const rendererDir = await ensureRendererBuild();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-supervisor-day-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  // Evolution off: no task changes under the supervisor but the ones this test makes, so versions count them.
  simulator = await startSimulator({ seed: TRAINING_SEED, tasks: TASKS, cargo: 100, evolve: false });
  cleanups.push(() => simulator.close());
  const pending = simulator.tasks().filter((task) => task.status === 'pending' && jointOpenContainer(task));
  const [drawn, byHand] = pending;
  if (!drawn || !byHand || drawn.portCode !== byHand.portCode) throw new Error(`the training world of ${TASKS} tasks has no two pending joint open-container tasks at one site`);
  drawnTask = drawn;
  handTask = byHand;
  core = startCore({
    dataDir: path.join(tmp, 'data'),
    logSink: nullSink,
    // The test's simulator outlives the core: stopping training leaves it running.
    sync: { startTraining: () => Promise.resolve({ url: simulator.url, stop: () => Promise.resolve() }) },
  });
  cleanups.push(() => core.close());
  await createTestAccounts(core.accounts, [['admin']]);
  host = await startHost({ core, rendererDir, basemapDir: path.join(ROOT, 'resources', 'basemap') });
  cleanups.push(() => host.close());
  supervisor = await openBrowser(path.join(tmp, 'supervisor'));
  cleanups.push(() => supervisor.context.close());
  officer = await openBrowser(path.join(tmp, 'officer'));
  cleanups.push(() => officer.context.close());
}, 180_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The task's assignment of that kind on its detail, once the single window has it. */
async function waitDelivered(page: Page, kind: 'random' | 'manual'): Promise<void> {
  await page.locator(`[data-testid="task-assignments"] [data-testid="assignment"][data-kind="${kind}"][data-state="delivered"]`).waitFor({ timeout: 60_000 });
}

/** The figure of a KPI tile, written per locale (1,234): its digits read as one number. */
async function tileFigure(page: Page, tile: string): Promise<number> {
  const text = await page.locator(`[data-testid="kpi-tile"][data-tile="${tile}"] [data-testid="kpi-tile-value"]`).textContent();
  return Number(text?.replace(/\D/g, ''));
}

const sortedIds = (task: GatewayTask | undefined): string[] => [...(task?.assignedTo ?? [])].sort();
const officerIds = OFFICERS.map((account) => account.operatorId).sort();

describe("the supervisor's day in Chromium (headless host, training simulator)", () => {
  it('the admin makes a supervisor account in Settings and signs out', async () => {
    const page = supervisor.page;
    await page.goto(host.url);
    await signInToConsole(page, ADMIN);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('account-create-operator').fill(SUPERVISOR.operatorId);
    await page.getByTestId('account-create-name').fill(SUPERVISOR.name);
    await page.getByTestId('account-create-role-inspector').uncheck();
    await page.getByTestId('account-create-role-supervisor').check();
    await page.getByTestId('account-create-agency').selectOption('customs');
    await page.getByTestId('account-create-password').fill(TEST_PASSWORD);
    await page.getByTestId('account-create-submit').click();
    await page.locator(`[data-testid="account-row"][data-operator-id="${SUPERVISOR.operatorId}"]`).waitFor({ timeout: 30_000 });
    await page.getByTestId('session-sign-out').click();
    await page.getByTestId('sign-in-operator').waitFor();
  }, 120_000);

  it("the new supervisor signs in and puts both officers on this shift and the next at the tasks' site from the Dispatch screen", async () => {
    const page = supervisor.page;
    await signInToConsole(page, SUPERVISOR.operatorId);
    await page.locator('[data-testid="sync-status"][data-online="true"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('nav-dispatch').click();
    await page.getByTestId('roster-port').fill(drawnTask.portCode);
    // This shift and the next, both on the screen: a run that crosses a shift change (00:00 and
    // 12:00 UTC) draws from the same officers rather than from an empty roster.
    for (const { date, shift } of [shiftAt(Date.now()), shiftAt(Date.now() + SHIFT_MS)]) {
      await page.getByTestId('roster-date').fill(date);
      await page.getByTestId('roster-shift').selectOption(shift);
      await page.locator(`[data-testid="roster"][data-port-code="${drawnTask.portCode}"][data-date="${date}"][data-shift="${shift}"]`).waitFor({ timeout: 30_000 });
      for (const { operatorId } of OFFICERS) {
        await page.getByTestId('roster-add-officer').selectOption(operatorId);
        await page.getByTestId('roster-add').click();
        await page.locator(`[data-testid="roster-officer"][data-operator-id="${operatorId}"]`).waitFor();
      }
      await page.getByTestId('roster-save').click();
      await page.getByTestId('roster-saved').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('roster-updated').textContent()).toContain(SUPERVISOR.operatorId);
    }
  }, 120_000);

  it('assigns one task at random and another by hand with a reason; each reaches the single window once', async () => {
    const page = supervisor.page;
    await openTask(page, drawnTask);
    await page.getByTestId('dispatch-on-duty').waitFor({ timeout: 30_000 });
    await page.getByTestId('dispatch-random').click();
    // The draw covers both agencies with a team of two, so it names both officers on duty.
    const drawn = page.locator('[data-testid="dispatch-outcome"][data-kind="random"]');
    await drawn.waitFor({ timeout: 30_000 });
    for (const { name } of OFFICERS) expect(await drawn.textContent()).toContain(name);
    await waitDelivered(page, 'random');

    await openTask(page, handTask);
    await page.getByTestId('dispatch-on-duty').waitFor({ timeout: 30_000 });
    await page.getByTestId('dispatch-manual-open').click();
    for (const { operatorId } of OFFICERS) {
      await page.locator(`[data-testid="dispatch-candidate"][data-operator-id="${operatorId}"] [data-testid="dispatch-candidate-check"]`).check();
    }
    await page.getByTestId('dispatch-manual-reason').fill(HAND_REASON);
    await page.getByTestId('dispatch-manual-submit').click();
    await waitDelivered(page, 'manual');
    expect(await page.getByTestId('assignment-reason').textContent()).toContain(HAND_REASON);

    for (const task of [drawnTask, handTask]) {
      const there = simulator.task(task.taskId);
      expect(sortedIds(there)).toEqual(officerIds);
      expect(there?.status).toBe('assigned');
      expect(there?.version).toBe(task.version + 1);
    }
  }, 180_000);

  it('the officers inspect and submit the drawn task; the supervisor’s KPI tile of inspections moves by one', async () => {
    await supervisor.page.getByTestId('nav-kpi').click();
    await supervisor.page.locator('[data-testid="kpi-tile"][data-tile="inspections"]').waitFor({ timeout: 30_000 });
    inspectionsBefore = await tileFigure(supervisor.page, 'inspections');

    const page = officer.page;
    // The printed link was spent by the supervisor's browser: the host hands out the next one.
    await page.goto(host.signInUrl());
    await signInToConsole(page, CUSTOMS_OFFICER.operatorId);
    await page.getByTestId('task-row').first().waitFor({ timeout: 30_000 });
    await inspectConformAndSubmit(page, drawnTask, '陈明');
    await expect.poll(() => simulator.results().filter((stored) => stored.taskId === drawnTask.taskId).length, { timeout: 60_000 }).toBe(1);
    expect(simulator.task(drawnTask.taskId)?.status).toBe('released');

    // The screen asks again after each sync: the one that brings the task released moves the tile.
    await expect.poll(() => tileFigure(supervisor.page, 'inspections'), { timeout: 90_000 }).toBe(inspectionsBefore + 1);
  }, 180_000);

  it('the supervisor returns the inspection with a comment; the officer reads the return on the task', async () => {
    const page = supervisor.page;
    await page.getByTestId('nav-review').click();
    const item = page.getByTestId('review-item').filter({ hasText: drawnTask.taskId });
    await item.waitFor({ timeout: 30_000 });
    await item.getByTestId('review-comment').fill(RETURN_COMMENT);
    await item.getByTestId('review-return').click();
    await item.waitFor({ state: 'detached', timeout: 30_000 });

    await officer.page.getByTestId('inspection-close').click();
    await openTask(officer.page, drawnTask);
    const review = officer.page.locator('[data-testid="task-result-review"][data-decision="returned"]');
    await review.waitFor({ timeout: 30_000 });
    expect(await review.textContent()).toContain(RETURN_COMMENT);
    // Still the one assignment the single window received for the task assigned by hand.
    expect(simulator.task(handTask.taskId)?.version).toBe(handTask.version + 1);
  }, 120_000);

  it("replays the case: the timeline lists the dispatch, the submission and the review, and the slider moves through them", async () => {
    const page = supervisor.page;
    await openTask(page, drawnTask);
    await page.getByTestId('case-replay-open').click();
    const timeline = page.getByTestId('case-timeline');
    await timeline.waitFor({ timeout: 30_000 });
    const text = await timeline.textContent();
    for (const action of [caseReplayZh.action.dispatchRandom, caseReplayZh.action.resultSubmit, caseReplayZh.action.resultReviewed]) expect(text).toContain(action);
    expect(text).toContain(RETURN_COMMENT);

    const slider = page.getByTestId('replay-slider');
    const at = async (): Promise<number> => Number(await page.getByTestId('replay-time').getAttribute('data-at-ms'));
    const startMs = await at();
    await slider.focus();
    await slider.press('End');
    await expect.poll(at).toBeGreaterThan(startMs);
    // At the end every entry has happened, the last one current.
    await expect.poll(() => page.locator('[data-testid="case-entry"][data-state="future"]').count()).toBe(0);
    await expect(page.locator('[data-testid="case-entry"]').last().getAttribute('data-state')).resolves.toBe('current');
    await slider.press('Home');
    await expect.poll(at).toBe(startMs);
  }, 120_000);

  it('a wall display in another browser context shows the map and is refused a write', async () => {
    const wall = await openBrowser(path.join(tmp, 'wall'));
    cleanups.push(() => wall.context.close());
    const page = wall.page;
    await page.goto(host.wallUrl);
    await page.getByTestId('wall-screen').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="map-screen"][data-map-state="ready"]').waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await canvasColours(page, '[data-testid="map-canvas-host"] canvas')).length, { timeout: 30_000 }).toBeGreaterThan(20);
    const [dispatch, roster, status] = await callFromPage(page, [
      { method: 'dispatch:random', input: { taskId: handTask.taskId } },
      // Valid input, so the refusal is the role's: it would empty the shift's roster.
      { method: 'roster:set', input: { portCode: handTask.portCode, ...shiftAt(Date.now()), officers: [] } },
      { method: 'session:status', input: {} },
    ]);
    expect(dispatch).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(roster).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(status).toMatchObject({ ok: true, value: { signedIn: 'wall' } });
    expect(simulator.task(handTask.taskId)?.version).toBe(handTask.version + 1);
    expect(wall.problems).toEqual([]);
  }, 120_000);

  it('ran without uncaught errors or CSP violations', () => {
    expect(supervisor.problems).toEqual([]);
    expect(officer.problems).toEqual([]);
  });
});
