import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAINING_SEED } from '../../electron/core/sync/training-gateway.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import type { GatewayTask } from '../../shared/contract/index.js';
import { startHostProcess, type HostProcess } from '../fixtures/host-process.js';
import { openBrowser, signInToConsole } from './browser.js';
import { answerChecklist, containerOf, countersign, CUSTOMS_OFFICER, inspectConformAndSubmit, jointOpenContainer, openInspection, QUARANTINE_OFFICER, signByBothOfficers, startWithSecondOfficer } from './inspection-steps.js';
import { ensureRendererBuild, ROOT } from './renderer-build.js';

/**
 * Issue 8, point 11: the inspector's day in Chromium, through the UI only. The headless host runs in
 * its own process in training mode, its single window a simulator this test runs (so it can stop it
 * and read what it received). Two officers (the customs and the quarantine training accounts) do a
 * joint open-container inspection of an urgent task with a photo, a seal mismatch, a sample and a
 * refused countersignature; the simulator accepts it. Then the simulator stops, a second inspection
 * is submitted, the host process is stopped and started again on the same data folder: the result is
 * still waiting; the simulator comes back and receives it exactly once.
 */
const TASKS = 300;
const SCREENSHOT_ZH = path.join(ROOT, 'resources', 'screenshots', 'inspection-zh.png');
const SCREENSHOT_EN = path.join(ROOT, 'resources', 'screenshots', 'inspection-en.png');
const VIEWPORT = { width: 1280, height: 800 };

let tmp: string;
let dataDir: string;
let rendererDir: string;
let host: HostProcess;
let simulator: Simulator;
let page: Page;
let problems: string[] = [];
let urgentTask: GatewayTask;
let laterTask: GatewayTask;
/** sha256 of the photo attached to the first inspection. */
let photoSha256 = '';
const cleanups: (() => Promise<void> | void)[] = [];

/** The training world; evolution off, so no task changes under the officers (conflicts are another test's). */
const runSimulator = (port = 0): Promise<Simulator> => startSimulator({ seed: TRAINING_SEED, tasks: TASKS, cargo: 0, evolve: false, port });

/** A seal number one digit off the declared one, as a misread or a replaced seal would be. */
function mismatchedSeal(declared: string): string {
  const last = Number(declared.at(-1));
  return `${declared.slice(0, -1)}${Number.isNaN(last) ? '0' : (last + 1) % 10}`;
}

beforeAll(async () => {
  rendererDir = await ensureRendererBuild();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-inspection-day-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  dataDir = path.join(tmp, 'data');
  simulator = await runSimulator();
  cleanups.push(() => simulator.close());
  const candidates = simulator.tasks().filter(jointOpenContainer);
  const urgent = candidates.find((task) => task.inspection.priority === 'urgent');
  const later = candidates.find((task) => task !== urgent);
  if (!urgent || !later) throw new Error(`the training world of ${TASKS} tasks has no two joint open-container tasks (one urgent)`);
  urgentTask = urgent;
  laterTask = later;
  host = await startHostProcess({ dataDir, rendererDir, trainingUrl: simulator.url });
  cleanups.push(() => host.stop());
  const browser = await openBrowser(tmp);
  cleanups.push(() => browser.context.close());
  page = browser.page;
  problems = browser.problems;
  await page.setViewportSize(VIEWPORT);
}, 180_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The form from its findings down (Alt+3: the confirmed seal proposal, then seals and samples), as a README picture. */
async function screenshotForm(file: string): Promise<void> {
  await page.getByTestId('inspection').press('Alt+3');
  // Focus only brings the heading into view somewhere; the picture starts at its section.
  await page.getByTestId('section-findings').evaluate((section) => section.scrollIntoView({ block: 'start' }));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
}

const waiting = () => page.getByTestId('sync-waiting').getAttribute('data-count');
const receivedFor = (on: Simulator, task: GatewayTask) => on.results().filter((stored) => stored.taskId === task.taskId);

describe("the inspector's day in Chromium (headless host process, training simulator)", () => {
  it('signs in and opens the urgent joint task; the second officer authenticates to start the inspection', async () => {
    await page.goto(host.url);
    await signInToConsole(page, CUSTOMS_OFFICER.operatorId);
    await page.locator('[data-testid="sync-status"][data-online="true"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('task-row').first().waitFor({ timeout: 30_000 });
    await openInspection(page, urgentTask);
    await startWithSecondOfficer(page);
  }, 120_000);

  it('completes the inspection: checklist, a seal mismatch confirmed, a sample, a photo, the refused countersignature, both signatures', async () => {
    await answerChecklist(page);

    const { containerNo, sealNos } = containerOf(urgentTask);
    await page.getByTestId('seal-add').click();
    await page.getByTestId('seal-0-container').fill(containerNo);
    await page.getByTestId('seal-0-removed-add').click();
    await page.getByTestId('seal-0-removed-0').fill(mismatchedSeal(sealNos[0] ?? ''));
    await page.getByTestId('seal-0-applied-add').click();
    await page.getByTestId('seal-0-applied-0').fill('CQ90000001');
    await page.getByTestId('seal-0-complete').check();
    const proposal = page.getByTestId(`proposal-C-SEAL-MISMATCH-${containerNo}`);
    await page.getByTestId(`proposal-C-SEAL-MISMATCH-${containerNo}-confirm`).click();
    await expect.poll(() => proposal.getAttribute('data-decision')).toBe('confirmed');

    const line = urgentTask.goods[0]?.line ?? 1;
    await page.getByTestId('sample-add').click();
    await page.getByTestId('sample-0-id').fill('SMP-8000-0001');
    await page.getByTestId('sample-0-line').selectOption(String(line));
    await page.getByTestId('sample-0-quantity').fill('2');
    await page.getByTestId('sample-0-unit').fill('kg');
    await page.getByTestId('sample-0-lab').fill('重庆海关技术中心');

    // A small PNG made here: a corner of the page as the browser renders it.
    const photo = await page.screenshot({ clip: { x: 0, y: 0, width: 64, height: 48 } });
    await page.getByTestId('attachment-input').setInputFiles({ name: 'seal-photo.png', mimeType: 'image/png', buffer: photo });
    await page.getByTestId('attachment-0').waitFor({ timeout: 30_000 });
    photoSha256 = createHash('sha256').update(photo).digest('hex');

    await page.getByTestId('inspection-outcome').selectOption('nonconform');
    await page.getByTestId('inspection-disposition').selectOption('hold');
    await countersign(page, '刘洋', 'agent', '代理人不认可封志不符的结论，拒绝签字');
    await signByBothOfficers(page);
    await screenshotForm(SCREENSHOT_ZH);
  }, 120_000);

  it('shows the same draft in English after closing and opening it again, and submits it with Ctrl+Enter; the simulator accepts it', async () => {
    await page.getByTestId('inspection').press('Escape');
    await page.getByTestId('inspection').waitFor({ state: 'detached' });
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('inspection-open').click();
    // Stored verbatim, signatures included: nothing to redo.
    await page.getByTestId('signature-1-done').waitFor();
    await page.getByTestId('inspection-missing-none').waitFor();
    await screenshotForm(SCREENSHOT_EN);

    await page.getByTestId('inspection').press('Control+Enter');
    await page.getByTestId('inspection-submitted').waitFor({ timeout: 30_000 });
    await expect.poll(() => receivedFor(simulator, urgentTask).length, { timeout: 60_000 }).toBe(1);
    const [accepted] = receivedFor(simulator, urgentTask);
    const body = accepted?.body;
    expect([...(body?.inspectors ?? [])].sort()).toEqual([CUSTOMS_OFFICER.operatorId, QUARANTINE_OFFICER.operatorId].sort());
    expect(body?.findings.map((finding) => [finding.code, finding.containerNo])).toEqual([['C-SEAL-MISMATCH', containerOf(urgentTask).containerNo]]);
    expect(body?.samples).toMatchObject([{ sampleId: 'SMP-8000-0001', quantity: 2, unit: 'kg' }]);
    expect(body?.attachments.map((attachment) => attachment.sha256)).toEqual([photoSha256]);
    expect(simulator.attachments()).toContain(photoSha256);
    expect(body?.countersign).toMatchObject({ name: '刘洋', capacity: 'agent', signed: false });
    expect(body).toMatchObject({ outcome: 'nonconform', disposition: 'hold' });
    await expect.poll(waiting, { timeout: 30_000 }).toBe('0');
  }, 120_000);

  it('offline: with the simulator stopped, another inspection is submitted and waits', async () => {
    await simulator.close();
    await page.getByTestId('inspection-close').click();
    await inspectConformAndSubmit(page, laterTask, '陈明');
    await expect.poll(waiting, { timeout: 30_000 }).toBe('1');
    await page.locator('[data-testid="sync-status"][data-online="false"]').waitFor({ timeout: 60_000 });
    expect(receivedFor(simulator, laterTask)).toEqual([]);
  }, 120_000);

  it('the host process stopped (by its PID) and started again on the same data folder: the result still waits, shown on the Sync screen', async () => {
    const before = host.pid;
    await host.stop();
    expect(() => process.kill(before, 0)).toThrow();
    host = await startHostProcess({ dataDir, rendererDir, trainingUrl: simulator.url });
    expect(host.pid).not.toBe(before);
    await page.goto(host.url);
    await signInToConsole(page, CUSTOMS_OFFICER.operatorId);
    await page.getByTestId('nav-sync').click();
    await expect.poll(waiting, { timeout: 30_000 }).toBe('1');
    await page.locator('[data-testid="sync-status"][data-online="false"]').waitFor({ timeout: 60_000 });
  }, 120_000);

  it('the simulator comes back on its address and receives the waiting result exactly once', async () => {
    const back = await runSimulator(simulator.port);
    cleanups.push(() => back.close());
    await expect
      .poll(
        async () => {
          if (await page.getByTestId('sync-now').isEnabled()) await page.getByTestId('sync-now').click();
          return receivedFor(back, laterTask).length;
        },
        { timeout: 90_000, interval: 2_000 },
      )
      .toBe(1);
    await expect.poll(waiting, { timeout: 30_000 }).toBe('0');
    await page.locator('[data-testid="sync-status"][data-online="true"]').waitFor({ timeout: 30_000 });
    // Another sync sends nothing again.
    await page.getByTestId('sync-now').click();
    await page.locator('[data-testid="sync-status"][data-online="true"]').waitFor({ timeout: 30_000 });
    expect(receivedFor(back, laterTask)).toHaveLength(1);
    expect(back.results()).toHaveLength(1);
    expect(receivedFor(simulator, laterTask)).toEqual([]);
    expect(receivedFor(back, laterTask)[0]?.body).toMatchObject({ outcome: 'conform', disposition: 'release', countersign: { signed: true } });
  }, 150_000);

  it('ran without uncaught errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
