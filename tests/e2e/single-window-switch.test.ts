import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import type { TrainingGateway } from '../../electron/core/sync/training-gateway.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { TRAINING_OPERATOR } from '../../shared/contract/index.js';
import { acceptableResultFor } from '../fixtures/result-input-builder.js';
import { createTestAccounts, testOperatorId } from '../fixtures/sign-in-account.js';
import { openBrowser, signInToConsole } from './browser.js';
import { ensureRendererBuild } from './renderer-build.js';

/**
 * One single window per result, in Chromium: sync in training, save a result there, switch (as the
 * admin, on the Settings screen) to a second simulator playing the real single window. No training
 * task is listed there and the training result never reaches it (checked on that simulator);
 * switching back to training shows the training work again and the result goes to training.
 */
const TRAINING_TASKS = 120;
const REAL_TASKS = 12;
let tmp: string;
let core: Core;
let host: Host;
let real: Simulator;
const trainingRuns: Simulator[] = [];
let page: Page;
let problems: string[] = [];
let resultId: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  const rendererDir = await ensureRendererBuild();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-switch-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  real = await startSimulator({
    seed: 9100,
    tasks: REAL_TASKS,
    cargo: 0,
    evolve: false,
    operators: [{ operatorId: 'op-real-1', password: 'real-password', name: '陈静', roles: ['inspector'], agency: 'customs' }],
  });
  cleanups.push(() => real.close());
  // Training runs in process (small, fast); each start is a fresh training single window.
  const startTraining = async (): Promise<TrainingGateway> => {
    const run = await startSimulator({ seed: 8000, tasks: TRAINING_TASKS, cargo: 0, evolve: false });
    trainingRuns.push(run);
    return { url: run.url, stop: () => run.close() };
  };
  core = startCore({ dataDir: tmp, logSink: nullSink, sync: { startTraining, intervalMs: 60_000 } });
  cleanups.push(() => core.close());
  await createTestAccounts(core.accounts);
  host = await startHost({ core, rendererDir });
  cleanups.push(() => host.close());
  const browser = await openBrowser(tmp);
  cleanups.push(() => browser.context.close());
  page = browser.page;
  problems = browser.problems;
}, 120_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const rows = () => page.getByTestId('task-row').count();

describe('training and the real single window in Chromium', () => {
  it('syncs in training and saves a result there', async () => {
    await page.goto(host.url);
    // A real admin (a training account would be signed out on leaving training mode).
    await signInToConsole(page, testOperatorId());
    await page.locator('[data-testid="sync-status"][data-online="true"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('task-row').first().waitFor({ timeout: 30_000 });
    expect(await rows()).toBeGreaterThan(REAL_TASKS);

    const training = trainingRuns[0]!;
    const client = new GatewayClient({ baseUrl: training.url, credentials: { ...TRAINING_OPERATOR, workstationId: 'ws-e2e' }, log: core.log });
    const reference = await client.reference(null);
    if (reference === 'not_modified') throw new Error('no reference data');
    const task = training.tasks().find((candidate) => ['pending', 'assigned', 'in_progress'].includes(candidate.status));
    if (!task) throw new Error('no open training task');
    // No screen makes results yet: the core's repository on the database the sync service uses.
    const input = acceptableResultFor(task, reference.data);
    resultId = input.resultId;
    core.db.results.submit(input);
    expect(core.db.results.get(resultId)).toMatchObject({ state: 'queued', gateway: 'training' });
  }, 90_000);

  it('switches to the real single window as the admin: no training task listed, the training result never sent there', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-url').fill(real.url);
    await page.getByTestId('settings-operator').fill('op-real-1');
    await page.getByTestId('settings-password').fill('real-password');
    await page.getByTestId('settings-save').click();
    await page.locator('[data-testid="settings-mode"][data-mode="gateway"]').waitFor({ timeout: 30_000 });

    await page.getByTestId('sync-now').click();
    await page.locator('[data-testid="sync-status"][data-online="true"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('task-row').first().waitFor({ timeout: 30_000 });
    expect(await rows()).toBeLessThanOrEqual(REAL_TASKS);
    expect(core.db.tasks.totalCount()).toBeLessThanOrEqual(REAL_TASKS);

    expect(real.results().filter((stored) => stored.resultId === resultId)).toEqual([]);
    expect(real.results()).toEqual([]);
    // The real single window's files hold nothing made in training.
    expect(core.db.results.get(resultId)).toBeNull();
    expect(fs.existsSync(path.join(tmp, 'training', 'console.sqlite'))).toBe(true);
  }, 120_000);

  it('switches back to training: the training work shows again and the result goes to training', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-training').click();
    await page.locator('[data-testid="settings-mode"][data-mode="training"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="sync-status"][data-online="true"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('sync-now').click();
    // The training files again: the result made there, still queued, goes to the new training run.
    await expect.poll(() => core.db.results.get(resultId)?.state, { timeout: 60_000 }).toBe('delivered');
    expect(trainingRuns.at(-1)!.results().filter((stored) => stored.resultId === resultId)).toHaveLength(1);
    expect(real.results()).toEqual([]);

    await page.getByTestId('nav-tasks').click();
    await expect.poll(rows, { timeout: 30_000 }).toBeGreaterThan(REAL_TASKS);
    expect(await page.getByTestId('sync-parked').count()).toBe(0);
  }, 120_000);

  it('ran without uncaught errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
