import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { startTrainingGateway } from '../../electron/core/sync/training-gateway.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { CargoPicture, type CargoRecord } from '../../renderer/features/map/cargo-picture.js';
import { agencies } from '../../shared/contract/enums.js';
import { responseFrameSchema, taskRowsSchema, type CargoFrame, type TaskRow } from '../../shared/contract/index.js';
import { freshness, placeFix } from '../../shared/domain/cargo-estimate.js';
import { startWatchProxy, type WatchProxy } from '../fixtures/watch-proxy.js';
import { openBrowser, signInToConsole } from './browser.js';
import { ensureRendererBuild, ROOT } from './renderer-build.js';

/**
 * The live map in Chromium with software WebGL, offline: the core follows the built-in training
 * simulator (through a loopback proxy the test can cut, as a port's link drops), the headless host
 * serves the console and the basemap, and the page must draw the basemap (land and sea told apart
 * by their pixels), show the simulator's cargo, filter them, open a cargo's task from a click, draw
 * stale and estimated cargo once the stream has stopped, and never ask anything of a host other
 * than 127.0.0.1. It takes the README's pictures of the map at three zooms.
 */
const SCREENSHOTS = path.join(ROOT, 'resources', 'screenshots');
const SCREENSHOT = path.join(SCREENSHOTS, 'map.png');
/** The README's pictures of the map at three zooms, at a size that keeps them small. */
const ZOOM_VIEWPORT = { width: 1280, height: 800 };
/** Guoyuan port (resources/domain/places.json): the port the closest picture shows. */
const GUOYUAN = { lon: 106.78, lat: 29.65 };
const BASEMAP_DIR = path.join(ROOT, 'resources', 'basemap');
/** The map's first view is the basemap style's own. */
const STYLE = JSON.parse(fs.readFileSync(path.join(BASEMAP_DIR, 'style.json'), 'utf8')) as { center: [number, number]; zoom: number };
const START = { lon: STYLE.center[0], lat: STYLE.center[1], zoom: STYLE.zoom };

let tmp: string;
let core: Core;
let host: Host;
let page: Page;
/** The link between the core and the training simulator; closing it stops the positions stream. */
let link: WatchProxy | undefined;
let problems: string[] = [];
/** Every address the page asked for (documents, scripts, the worker, style, data, glyphs, the bridge). */
const requested: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  const rendererDir = await ensureRendererBuild();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-map-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  core = startCore({
    dataDir: tmp,
    logSink: nullSink,
    sync: {
      startTraining: async () => {
        const gateway = await startTrainingGateway({ log: createLogger(nullSink) });
        const proxy = await startWatchProxy(gateway.url);
        link = proxy;
        return {
          url: proxy.url,
          stop: async () => {
            await proxy.close();
            await gateway.stop();
          },
        };
      },
    },
  });
  cleanups.push(() => core.close());
  host = await startHost({ core, rendererDir, basemapDir: BASEMAP_DIR });
  cleanups.push(() => host.close());
  const browser = await openBrowser(tmp);
  cleanups.push(() => browser.context.close());
  page = browser.page;
  problems = browser.problems;
  browser.context.on('request', (request) => requested.push(request.url()));
  page.on('websocket', (socket) => requested.push(socket.url()));
}, 120_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Web Mercator, as the engines place 512-pixel tiles: a point's pixel relative to the view's centre. */
function offsetFromCentre(lon: number, lat: number): { dx: number; dy: number } {
  const world = 512 * 2 ** START.zoom;
  const x = (l: number): number => ((l + 180) / 360) * world;
  const y = (φ: number): number => ((1 - Math.log(Math.tan(Math.PI / 4 + (φ * Math.PI) / 360)) / Math.PI) / 2) * world;
  return { dx: x(lon) - x(START.lon), dy: y(lat) - y(START.lat) };
}

/**
 * Pixels of the map as shown (a screenshot of its canvas, read back in the page: WebGL's own buffer
 * is cleared after each frame): the median colour of a small square around each point.
 */
async function colours(points: readonly { x: number; y: number }[]): Promise<{ at: number[][]; distinct: number }> {
  const canvas = page.locator('[data-testid="map-canvas-host"] canvas');
  const png = (await canvas.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, points }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      const scratch = document.createElement('canvas');
      scratch.width = image.width;
      scratch.height = image.height;
      const context = scratch.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.drawImage(image, 0, 0);
      const all = context.getImageData(0, 0, image.width, image.height).data;
      const distinct = new Set<number>();
      for (let k = 0; k < all.length; k += 4 * 97) distinct.add(((all[k] ?? 0) << 16) | ((all[k + 1] ?? 0) << 8) | (all[k + 2] ?? 0));
      const at = points.map(({ x, y }) => {
        const block = context.getImageData(Math.round(x) - 3, Math.round(y) - 3, 7, 7).data;
        const channel = (c: number): number => {
          const values: number[] = [];
          for (let k = c; k < block.length; k += 4) values.push(block[k] ?? 0);
          values.sort((a, b) => a - b);
          return values[Math.floor(values.length / 2)] ?? 0;
        };
        return [channel(0), channel(1), channel(2)];
      });
      return { at, distinct: distinct.size };
    },
    { png, points },
  );
}

async function ask<T>(method: string, input: unknown): Promise<T> {
  const frame = responseFrameSchema.parse(await core.router.handle(JSON.stringify({ type: 'request', id: 1, method, input }), { roles: ['supervisor'] }));
  if (!frame.result.ok) throw new Error(`${method} failed: ${frame.result.error.message}`);
  return frame.result.value as T;
}

/** What the map's search finds a cargo by: its container number, or its transport document when it has none. */
const searchText = (cargo: CargoRecord): string => cargo.containerNo ?? cargo.transportDocNo;

/** The core's picture, decoded as the renderer decodes it. */
async function corePicture(): Promise<CargoRecord[]> {
  const { frame } = await ask<{ frame: CargoFrame }>('cargo:snapshot', { after: -1, limit: 10_000 });
  const picture = new CargoPicture();
  picture.applySnapshotPage(frame);
  return [...picture.values()];
}

/** The cargo the search can fly to: those whose search text names no other cargo (one bill of lading may cover several containers). */
function findable(records: readonly CargoRecord[]): CargoRecord[] {
  const named = (text: string): number => records.filter((record) => record.containerNo === text || record.transportDocNo === text).length;
  return records.filter((record) => named(searchText(record)) === 1);
}

async function taskRow(taskId: string): Promise<TaskRow> {
  const { rows } = taskRowsSchema.parse(await ask('tasks:byIds', { taskIds: [taskId] }));
  const row = rows[0];
  if (!row) throw new Error(`task ${taskId} is not in the cache`);
  return row;
}

const canvas = (): ReturnType<Page['locator']> => page.locator('[data-testid="map-canvas-host"] canvas');

/** Where the pointer rests to find a cargo the map flew to: the centre, then a dot's width around it. */
const NEAR_CENTRE: readonly (readonly [number, number])[] = [
  [0, 0],
  [6, 0],
  [-6, 0],
  [0, 6],
  [0, -6],
];

/**
 * The cargo whose tooltip shows when the pointer rests on the canvas's centre or next to it, with its
 * fix (live, stale, estimated); `wanted` first if any of those points shows it; null: none. An
 * estimated cargo is carried on every few seconds, and a loaded machine finishes the flight a pixel
 * or two off: the points around the centre find it there.
 */
async function cargoUnderCentre(wanted: string): Promise<{ cargoId: string; fix: string } | null> {
  const box = await canvas().boundingBox();
  if (!box) throw new Error('no map canvas');
  const tooltip = page.getByTestId('map-tooltip');
  let seen: { cargoId: string; fix: string } | null = null;
  for (const [dx, dy] of NEAR_CENTRE) {
    // Away and back: the engine reports the feature under the pointer on a move.
    await page.mouse.move(box.x + 5, box.y + 5);
    await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy, { steps: 2 });
    const shown = await tooltip.waitFor({ timeout: dx === 0 && dy === 0 ? 2_000 : 1_000 }).then(
      () => true,
      () => false,
    );
    if (!shown) continue;
    seen = { cargoId: (await tooltip.getAttribute('data-cargo-id')) ?? '', fix: (await page.getByTestId('map-tooltip-age').getAttribute('data-fix')) ?? '' };
    if (seen.cargoId === wanted) return seen;
  }
  return seen;
}

/** Searches a cargo (searchText): the map flies to it and selects it; the panel the search opened is closed, then the flight is given `settleMs`. */
async function searchCargo(cargo: CargoRecord, settleMs: number): Promise<void> {
  const panel = page.getByTestId('cargo-panel');
  await page.getByTestId('map-search').fill(searchText(cargo));
  await page.getByTestId('map-search-go').click();
  await panel.locator(`[data-testid="cargo-task"][data-task-id="${cargo.taskId ?? ''}"]`).waitFor();
  await page.getByTestId('cargo-panel-close').click();
  await panel.waitFor({ state: 'detached' });
  await page.waitForTimeout(settleMs);
}

/**
 * Searches a moving cargo and waits until the map has flown to where it is drawn: the cargo under
 * the canvas's centre, its fix as the tooltip tells it. The flight's length depends on the
 * machine's load: search again and wait longer, a few tries at most.
 */
async function flyToCargo(cargo: CargoRecord): Promise<{ cargoId: string; fix: string }> {
  let under: Awaited<ReturnType<typeof cargoUnderCentre>> = null;
  for (let attempt = 1; attempt <= 4; attempt++) {
    await searchCargo(cargo, 2_000 * attempt);
    under = await cargoUnderCentre(cargo.cargoId);
    if (under?.cargoId === cargo.cargoId) return under;
  }
  throw new Error(`${cargo.cargoId} is not under the pointer after flying to it: ${JSON.stringify(under)}`);
}

/** The slowest moving cargo of the picture: its own spot on its corridor, where it stays while a check runs. */
function slowestMoving(records: readonly CargoRecord[]): CargoRecord {
  const moving = records.filter((record) => (record.speedKmh ?? 0) > 0).sort((a, b) => (a.speedKmh ?? 0) - (b.speedKmh ?? 0));
  if (!moving[0]) throw new Error('no moving cargo in the training picture');
  return moving[0];
}

/** Distinct colours in a screenshot of the map's canvas: a blank canvas has one or two. */
async function distinctColours(): Promise<number> {
  return (await colours([])).distinct;
}

describe('the live map in Chromium, offline', () => {
  it('draws the offline basemap: not blank, land and sea in different colours', async () => {
    await page.goto(host.url);
    await signInToConsole(page, 'sup-8000-001');
    await page.getByTestId('nav-map').click();
    await page.locator('[data-testid="map-screen"][data-map-state="ready"]').waitFor({ timeout: 60_000 });
    const box = await page.locator('[data-testid="map-canvas-host"] canvas').boundingBox();
    if (!box) throw new Error('no map canvas');
    const centre = { x: box.width / 2, y: box.height / 2 };
    const at = (lon: number, lat: number): { x: number; y: number } => {
      const { dx, dy } = offsetFromCentre(lon, lat);
      return { x: centre.x + dx, y: centre.y + dy };
    };
    // Land far from corridors and labels (central Siberia) against two seas in view (the Caspian, the Black Sea).
    const land = at(97, 62);
    const seas = [at(51, 41.5), at(34.5, 43.3)];
    // The style and its sources load after the map's first frame: wait until land is drawn.
    let sample = await colours([land, ...seas]);
    const deadline = Date.now() + 30_000;
    const differs = (a: number[] | undefined, b: number[] | undefined): boolean => (a ?? []).some((v, c) => Math.abs(v - (b?.[c] ?? 0)) > 24);
    while (!differs(sample.at[0], sample.at[1]) && Date.now() < deadline) {
      await page.waitForTimeout(500);
      sample = await colours([land, ...seas]);
    }
    expect(sample.distinct).toBeGreaterThan(20);
    expect(differs(sample.at[0], sample.at[1])).toBe(true);
    expect(differs(sample.at[1], sample.at[2])).toBe(false);
  }, 120_000);

  it('shows the training simulator’s cargo', async () => {
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="map-screen"]')?.getAttribute('data-cargo-count') ?? 0) > 0, undefined, { timeout: 60_000 });
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    // Give the cargo source and the labels a moment to be drawn for the README's picture.
    await page.waitForTimeout(1_500);
    await page.screenshot({ path: SCREENSHOT });
  }, 90_000);

  it('takes the README’s pictures of the map at three zooms: all of Eurasia, Chongqing city, Guoyuan port', async () => {
    await page.setViewportSize(ZOOM_VIEWPORT);
    // The first view is the style's own: every corridor, Duisburg to Shanghai.
    await expect.poll(distinctColours, { timeout: 30_000 }).toBeGreaterThan(20);
    await page.waitForTimeout(1_500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-eurasia.png') });

    // The port: a cargo standing at Guoyuan, flown to (close enough to tell one yard from the next).
    const atPort = findable(await corePicture()).find((record) => (record.speedKmh ?? 0) <= 0 && Math.hypot(record.lon - GUOYUAN.lon, record.lat - GUOYUAN.lat) < 0.02);
    if (!atPort) throw new Error('no cargo standing at Guoyuan in the training picture');
    // The search found the cargo at the port (its panel named its task) and flew there.
    await searchCargo(atPort, 4_000);
    // One step closer by the map's own keyboard zoom: the yard's cargo apart, the port's name among them.
    await canvas().focus();
    await page.keyboard.press('Equal');
    await page.waitForTimeout(2_000);
    await expect.poll(distinctColours, { timeout: 30_000 }).toBeGreaterThan(20);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-port.png') });

    // The city: four zoom steps out from the port, each after the last one's easing.
    for (let step = 0; step < 4; step++) {
      await page.keyboard.press('Minus');
      await page.waitForTimeout(700);
    }
    await page.waitForTimeout(2_000);
    await expect.poll(distinctColours, { timeout: 30_000 }).toBeGreaterThan(20);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-chongqing.png') });
  }, 120_000);

  it('filters by corridor and by agency: a cargo filtered out is not drawn while live moves arrive, and is drawn again when the filter is cleared', async () => {
    const cargo = slowestMoving(findable(await corePicture()));
    if (cargo.taskId === undefined) throw new Error(`cargo ${cargo.cargoId} names no task`);
    const task = await taskRow(cargo.taskId);
    await flyToCargo(cargo);
    const drawn = async (): Promise<boolean> => (await cargoUnderCentre(cargo.cargoId))?.cargoId === cargo.cargoId;

    const corridorFilter = page.getByTestId('map-corridor-filter');
    const otherCorridor = await corridorFilter.locator('option').evaluateAll((options, own) => options.map((option) => (option as HTMLOptionElement).value).find((value) => value !== '' && value !== own), cargo.corridor);
    await corridorFilter.selectOption(otherCorridor ?? '');
    // The simulator's moves keep coming meanwhile: each update keeps the cargo hidden.
    await page.waitForTimeout(3_000);
    expect(await drawn()).toBe(false);
    await corridorFilter.selectOption(cargo.corridor);
    await expect.poll(drawn, { timeout: 10_000 }).toBe(true);

    // The agency its task does not need hides it; one it needs shows it (the task's row, tasks:byIds).
    const agencyFilter = page.getByTestId('map-agency-filter');
    const notNeeded = agencies.find((agency) => !task.agencies.includes(agency));
    if (notNeeded !== undefined) {
      await agencyFilter.selectOption(notNeeded);
      await page.waitForTimeout(3_000);
      expect(await drawn()).toBe(false);
    }
    await agencyFilter.selectOption(task.agencies[0] ?? '');
    await expect.poll(drawn, { timeout: 10_000 }).toBe(true);
    await corridorFilter.selectOption('');
    await agencyFilter.selectOption('');
  }, 120_000);

  it('flies to a searched cargo, a click on it opens its task, and the task flies back to its cargo', async () => {
    const cargo = slowestMoving(findable(await corePicture()));
    await flyToCargo(cargo);
    const box = await canvas().boundingBox();
    if (!box) throw new Error('no map canvas');
    await canvas().click({ position: { x: box.width / 2, y: box.height / 2 } });
    await page.getByTestId('cargo-panel').waitFor();
    const open = page.getByTestId('cargo-task-open').first();
    await open.waitFor({ timeout: 20_000 });
    const taskId = await page.getByTestId('cargo-task').first().getAttribute('data-task-id');
    await open.click();
    const detail = page.locator(`[data-testid="task-detail"][data-task-id="${taskId ?? ''}"]`);
    await detail.waitFor();

    // From the task, back to its cargo: "Show on map" selects the cargo naming the task.
    await page.getByTestId('cargo-panel-close').click();
    await page.getByTestId('cargo-panel').waitFor({ state: 'detached' });
    await detail.getByTestId('show-on-map').click();
    await page.locator(`[data-testid="cargo-panel"] [data-testid="cargo-task"][data-task-id="${taskId ?? ''}"]`).waitFor();
  }, 90_000);

  it('draws stale and estimated cargo once the simulator’s stream has stopped and their positions have aged', async () => {
    if (!link) throw new Error('the core did not start the training simulator');
    // The link to the simulator drops: no more positions (nor anything else) reach the core.
    await link.close();
    // The page's clock, taken over before a fresh load, is moved on rather than waited out: past
    // a hub's 6 hours (a standing cargo turns stale), with a moving rail or river cargo's estimate
    // still above its floor (halving every 3 or 6 hours).
    await page.clock.install();
    await page.reload();
    await signInToConsole(page, 'sup-8000-001');
    await page.getByTestId('nav-map').click();
    await page.locator('[data-testid="map-screen"][data-map-state="ready"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="map-screen"]')?.getAttribute('data-cargo-count') ?? 0) > 0, undefined, { timeout: 60_000 });
    const picture = await corePicture();
    const aheadMs = 6.5 * 3_600_000;
    await page.clock.fastForward(aheadMs);
    const pageNow = await page.evaluate(() => Date.now());

    // Which cargo the shared rule makes estimated and stale at the page's time (cargo-estimate.ts).
    const fixOf = (record: CargoRecord): string => freshness(record, placeFix(record), pageNow).kind;
    const estimated = findable(picture).filter((record) => fixOf(record) === 'estimated').sort((a, b) => (a.speedKmh ?? 0) - (b.speedKmh ?? 0))[0];
    // A moving one too far gone to estimate (a truck's estimate halves every hour), on its own spot.
    const stale = findable(picture).find((record) => fixOf(record) === 'stale' && (record.speedKmh ?? 0) > 0);
    if (!estimated || !stale) throw new Error('the training picture has no moving cargo to estimate, or none gone stale');

    // The estimated cargo is drawn where its estimate puts it (the search flies there), as estimated;
    // the stale one at its last fix, as stale.
    expect((await flyToCargo(estimated)).fix).toBe('estimated');
    expect((await flyToCargo(stale)).fix).toBe('stale');
  }, 180_000);

  it('asked nothing of any host but 127.0.0.1, and ran without errors or CSP violations', () => {
    expect(requested.length).toBeGreaterThan(10);
    const elsewhere = requested.filter((url) => !/^(blob|data):/.test(url) && new URL(url).hostname !== '127.0.0.1');
    expect(elsewhere).toEqual([]);
    // The basemap came from the host, not the fallback style.
    expect(requested.some((url) => url.includes('/basemap/style.json'))).toBe(true);
    expect(requested.some((url) => /\/basemap\/glyphs\//.test(url))).toBe(true);
    expect(problems).toEqual([]);
  });
});

/** A Mapbox public token's shape (pk. + a JWT-like payload naming a user), fake. */
const DUMMY_TOKEN = `pk.${Buffer.from('{"u":"console-test","a":"dummy"}').toString('base64url')}.c2ln`;
/** The style the test's "Mapbox" answers with: one background, a colour the offline basemap never uses. */
const MAPBOX_BACKGROUND = [0x12, 0x34, 0x56];
const MAPBOX_STYLE = {
  version: 8,
  name: 'console-test',
  center: [106.55, 29.56],
  zoom: 6,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': `rgb(${MAPBOX_BACKGROUND.join(',')})` } }],
};

describe('the map through mapbox-gl, with a dummy token and every Mapbox request answered by the test', () => {
  const mapboxAsked: string[] = [];

  it('loads the admin’s Mapbox style through the adapter and draws it', async () => {
    const admin = { roles: ['admin' as const], operatorId: 'admin-8000' };
    const set = responseFrameSchema.parse(
      await core.router.handle(JSON.stringify({ type: 'request', id: 2, method: 'settings:setMap', input: { mapbox: { styleUrl: 'mapbox://styles/console-test/map', token: DUMMY_TOKEN } } }), admin),
    );
    expect(set.result.ok).toBe(true);
    const answer = async (route: Route): Promise<void> => {
      const url = route.request().url();
      mapboxAsked.push(url);
      const style = new URL(url).pathname.startsWith('/styles/v1/console-test/map');
      await route.fulfill({ status: 200, contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify(style ? MAPBOX_STYLE : {}) });
    };
    await page.context().route(/^https:\/\/([a-z0-9-]+\.)*mapbox\.com\//, answer);
    // A fresh load of the console's page: the host's CSP for it now names Mapbox's hosts; the window signs in again.
    await page.reload();
    await signInToConsole(page, 'sup-8000-001');
    await page.getByTestId('nav-map').click();
    await page.locator('[data-testid="map-screen"][data-map-state="ready"]').waitFor({ timeout: 60_000 });
    const box = await page.locator('[data-testid="map-canvas-host"] canvas').boundingBox();
    if (!box) throw new Error('no map canvas');
    // A corner, away from the cargo around Chongqing at the style's centre.
    let corner = (await colours([{ x: 10, y: 10 }])).at[0] ?? [];
    const deadline = Date.now() + 20_000;
    while (corner.some((v, c) => Math.abs(v - (MAPBOX_BACKGROUND[c] ?? 0)) > 6) && Date.now() < deadline) {
      await page.waitForTimeout(500);
      corner = (await colours([{ x: 10, y: 10 }])).at[0] ?? [];
    }
    expect(corner.map((v, c) => Math.abs(v - (MAPBOX_BACKGROUND[c] ?? 0)) <= 6)).toEqual([true, true, true]);
    const styleAsk = mapboxAsked.find((url) => url.includes('/styles/v1/console-test/map'));
    expect(styleAsk && new URL(styleAsk).searchParams.get('access_token')).toBe(DUMMY_TOKEN);
    expect(problems).toEqual([]);
  }, 120_000);
});
