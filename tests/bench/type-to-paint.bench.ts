import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startHost } from '../../electron/host/server.js';
import { TRAINING_OPERATOR } from '../../shared/contract/index.js';
import { openBrowser, signInToConsole } from '../e2e/browser.js';
import { signInFrame } from '../fixtures/sign-in-account.js';
import { ensureRendererBuild } from '../e2e/renderer-build.js';
import { cachedFixtureDatabase, FIXTURE_NOW } from '../fixtures/fixture-db.js';
import { figure, type Figure } from './figures.js';
import { summarize } from './timing.js';
import { sqliteHandle } from '../../electron/core/db/connection.js';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const TERMS = 30;

/**
 * What the officer feels when searching: Debian's Chromium over the headless host, a term typed
 * into the search box, timed in the page from the key that sends it to the frame after the first
 * row of its answer is in the DOM (a MutationObserver, then requestAnimationFrame: the paint).
 * Baseline in the same run: the same search as a bare tasks:list call over a WebSocket the page
 * opens to the same host (so the difference is what the UI adds: React, the virtual list, layout).
 */
export async function typeToPaintBenchmark(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const size of SIZES) figures.push(...(await measureSize(size)));
  return figures;
}

interface Term {
  text: string;
  firstTaskId: string;
}

async function measureSize(size: number): Promise<Figure[]> {
  const label = size >= 1_000_000 ? `${size / 1_000_000}M` : `${size / 1000}k`;
  const fixture = cachedFixtureDatabase({ tasks: size, seed: 1 });
  // The database is in the OS cache, as on a workstation after its sync or an hour's use: the figure
  // is what searching feels like then. (A benchmark run just before, such as the 1M sync, pushes this
  // separate fixture file out of the cache; its first searches then read the disk: 172 ms p95 at 1M.)
  readThrough(fixture);
  const rendererDir = await ensureRendererBuild();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-paint-'));
  const core = startCore({ dataDir: path.dirname(fixture), logSink: nullSink, clock: () => FIXTURE_NOW, singleDatabase: true });
  const host = await startHost({ core, rendererDir });
  const browser = await openBrowser(work);
  try {
    const { page } = browser;
    await page.goto(host.url);
    await signInToConsole(page, TRAINING_OPERATOR.operatorId);
    await page.locator('[data-testid="connection"][data-state="connected"]').waitFor();
    await page.getByTestId('task-row').first().waitFor();
    const unsearchedFirst = await firstRowId(page);
    const terms = (await pickTerms(core, sqliteHandle(core.db))).filter((term) => term.firstTaskId !== unsearchedFirst);
    const input = page.getByTestId('search-input');

    const fromEnter: number[] = [];
    const fromKeystroke: number[] = [];
    const bare: number[] = [];
    for (const term of terms) {
      // Back to the unsearched list first, so the term's first row is a visible change.
      await input.fill('');
      await input.press('Enter');
      await page.waitForFunction((id) => document.querySelector('[data-testid="task-row"][data-index="0"]')?.getAttribute('data-task-id') === id, unsearchedFirst);

      await armPaintProbe(page, term.firstTaskId, 'keydown');
      await input.fill(term.text);
      await input.press('Enter');
      fromEnter.push(await paintDelay(page));

      await input.fill('');
      await input.press('Enter');
      await page.waitForFunction((id) => document.querySelector('[data-testid="task-row"][data-index="0"]')?.getAttribute('data-task-id') === id, unsearchedFirst);
      // Typed without Enter: the search box waits out its debounce after the last keystroke.
      await armPaintProbe(page, term.firstTaskId, 'input');
      await input.pressSequentially(term.text);
      fromKeystroke.push(await paintDelay(page));

      bare.push(await bareCall(page, term.text));
    }
    if (browser.problems.length > 0) throw new Error(`the page reported problems: ${browser.problems.join('; ')}`);
    const enter = summarize(fromEnter);
    const keystroke = summarize(fromKeystroke);
    const socket = summarize(bare);
    return [
      figure({ name: `${label} search typed, Enter to first rows painted p95 (${enter.samples} terms)`, value: enter.p95, unit: 'ms', baseline: socket.p95, max: 100 }),
      figure({ name: `${label} search typed, Enter to first rows painted p50`, value: enter.p50, unit: 'ms', baseline: socket.p50 }),
      figure({ name: `${label} search typed, last keystroke to first rows painted p95 (includes the search box's debounce)`, value: keystroke.p95, unit: 'ms' }),
    ];
  } finally {
    await browser.context.close();
    await host.close();
    await core.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function firstRowId(page: Page): Promise<string> {
  const id = await page.getByTestId('task-row').first().getAttribute('data-task-id');
  if (!id) throw new Error('the list shows no row');
  return id;
}

/**
 * Starts watching the list: the clock starts at the next event of the given kind on the search box
 * (the last one wins: the last keystroke), and stops on the first animation frame after the row
 * at index 0 is the expected task.
 */
async function armPaintProbe(page: Page, taskId: string, startOn: 'keydown' | 'input'): Promise<void> {
  // Plain JavaScript text: the bundler that runs this file names functions with a helper the page lacks.
  await page.evaluate(`(() => {
    const taskId = ${JSON.stringify(taskId)};
    const startOn = ${JSON.stringify(startOn)};
    const input = document.querySelector('[data-testid="search-input"]');
    // The list element itself is replaced when the filter changes: watch the whole page.
    const list = document.body;
    if (!input) throw new Error('no search box');
    const probe = { start: 0, done: null };
    function onStart(event) {
      if (startOn === 'keydown' && event.key !== 'Enter') return;
      probe.start = performance.now();
    }
    input.addEventListener(startOn, onStart, { capture: true });
    probe.done = new Promise(function (resolve) {
      const observer = new MutationObserver(function () {
        const first = document.querySelector('[data-testid="task-row"][data-index="0"]');
        if (probe.start === 0 || !first || first.getAttribute('data-task-id') !== taskId) return;
        observer.disconnect();
        input.removeEventListener(startOn, onStart, { capture: true });
        requestAnimationFrame(function () { resolve(performance.now() - probe.start); });
      });
      observer.observe(list, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    window.__paintProbe = probe;
  })()`);
}

async function paintDelay(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    const probe = window.__paintProbe;
    if (!probe) throw new Error('no probe armed');
    const timeout = new Promise(function (_, reject) { setTimeout(function () { reject(new Error('no rows painted within 10 s')); }, 10000); });
    return Promise.race([probe.done, timeout]);
  })()`);
}

/**
 * The same search as a bare contract call over a WebSocket of the page's own (cookie and origin as
 * the UI's, signed in as the UI's account), with the UI's filter (the open tasks' view).
 */
async function bareCall(page: Page, text: string): Promise<number> {
  return page.evaluate<number>(`(async () => {
    const text = ${JSON.stringify(text)};
    const socket = new WebSocket(new URL('bridge', location.href).href.replace(/^http/, 'ws')); // beside the page, under the host's secret path
    await new Promise(function (resolve, reject) { socket.onopen = resolve; socket.onerror = reject; });
    function send(id, frame) {
      return new Promise(function (resolve, reject) {
        socket.onmessage = function (event) {
          const answer = JSON.parse(event.data);
          if (answer.id !== id) return;
          if (answer.result && answer.result.ok) resolve();
          else reject(new Error(String(event.data).slice(0, 200)));
        };
        socket.send(frame);
      });
    }
    function call(id) {
      return send(id, JSON.stringify({ type: 'request', id: id, method: 'tasks:list', input: { filter: { status: 'open', text: text }, offset: 0, limit: 50 } }));
    }
    // A channel starts signed out.
    await send(0, ${JSON.stringify(signInFrame(TRAINING_OPERATOR.operatorId))});
    await call(1); // the socket's first call pays for its setup
    const start = performance.now();
    await call(2);
    const elapsed = performance.now() - start;
    socket.close();
    return elapsed;
  })()`);
}

/**
 * About TERMS search terms an officer types, taken from the fixture so each finds something: goods
 * words (Chinese and English), container-number fragments, consignee USCCs. Each with the task the
 * core lists first for it, which the probe waits for.
 */
async function pickTerms(core: Core, db: BetterSqlite3.Database): Promise<Term[]> {
  const texts = new Set<string>(['去骨牛肉', '燕窝', 'frozen', '榴莲', 'durian', '木材', 'laptop', '冷冻', 'timber', 'coffee']);
  const step = Math.max(1, Math.floor((db.prepare('SELECT max(rid) FROM tasks').pluck().get() as number) / 12));
  for (let i = 1; i <= 10; i++) {
    const container = db.prepare('SELECT substr(container_no, 5, 7) FROM task_containers WHERE task_rid >= ? LIMIT 1').pluck().get(i * step) as string | undefined;
    if (container) texts.add(container);
    const uscc = db.prepare('SELECT consignee_uscc FROM tasks WHERE rid >= ? LIMIT 1').pluck().get(i * step + 7) as string | undefined;
    if (uscc) texts.add(uscc);
  }
  const terms: Term[] = [];
  for (const text of texts) {
    const answer = await core.router.handle(JSON.stringify({ type: 'request', id: 1, method: 'tasks:list', input: { filter: { text }, offset: 0, limit: 1 } }), { roles: ['inspector'] });
    if (!answer.result.ok) continue;
    const rows = (answer.result.value as { rows: { taskId: string }[] }).rows;
    if (rows[0]) terms.push({ text, firstTaskId: rows[0].taskId });
    if (terms.length === TERMS) break;
  }
  if (terms.length < 20) throw new Error(`only ${terms.length} search terms find anything in the fixture: the benchmark would measure too little`);
  return terms;
}

/** Reads a file once, a megabyte at a time, so that its pages are in the OS cache. */
function readThrough(file: string): void {
  const buffer = Buffer.alloc(1 << 20);
  const fd = fs.openSync(file, 'r');
  try {
    while (fs.readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    fs.closeSync(fd);
  }
}
