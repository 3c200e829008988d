import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { responseFrameSchema, type CargoFrame } from '../../shared/contract/index.js';
import { openBrowser, signInToConsole } from './browser.js';
import { ensureRendererBuild, ROOT } from './renderer-build.js';

/**
 * The live map in Chromium with software WebGL, offline: the core follows the built-in training
 * simulator, the headless host serves the console and the basemap, and the page must draw the
 * basemap (land and sea told apart by their pixels), show the simulator's cargo, open a cargo's
 * task from a click, and never ask anything of a host other than 127.0.0.1.
 */
const SCREENSHOT = path.join(ROOT, 'resources', 'screenshots', 'map.png');
const BASEMAP_DIR = path.join(ROOT, 'resources', 'basemap');
/** The map's first view is the basemap style's own. */
const STYLE = JSON.parse(fs.readFileSync(path.join(BASEMAP_DIR, 'style.json'), 'utf8')) as { center: [number, number]; zoom: number };
const START = { lon: STYLE.center[0], lat: STYLE.center[1], zoom: STYLE.zoom };

let tmp: string;
let core: Core;
let host: Host;
let page: Page;
let problems: string[] = [];
/** Every address the page asked for (documents, scripts, the worker, style, data, glyphs, the bridge). */
const requested: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  const rendererDir = await ensureRendererBuild();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-map-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  core = startCore({ dataDir: tmp, logSink: nullSink, sync: {} });
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

/** A cargo of the core's picture that stands still and names a task: a click target that does not move. */
async function standingCargoWithTask(): Promise<{ transportDocNo: string; taskId: string }> {
  const frame = responseFrameSchema.parse(
    await core.router.handle(JSON.stringify({ type: 'request', id: 1, method: 'cargo:snapshot', input: { after: -1, limit: 10_000 } }), { roles: ['supervisor'] }),
  );
  if (!frame.result.ok) throw new Error(`cargo:snapshot failed: ${frame.result.error.message}`);
  const { frame: picture } = frame.result.value as { frame: CargoFrame };
  const names = new Map(picture.cargo.map((identity) => [identity.i, identity]));
  for (let k = 0; k < picture.i.length; k++) {
    const identity = names.get(picture.i[k] ?? -1);
    if (identity?.taskId !== undefined && (picture.speed[k] ?? -1) <= 0) return { transportDocNo: identity.transportDocNo, taskId: identity.taskId };
  }
  throw new Error('no standing cargo with a task in the training picture');
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

  it('flies to a searched transport document, a click on a cargo opens its task, and the task flies back to its cargo', async () => {
    const cargo = await standingCargoWithTask();
    const canvas = page.locator('[data-testid="map-canvas-host"] canvas');
    const panel = page.getByTestId('cargo-panel');
    // The fly animation's length depends on the machine's load: search again and click until the
    // pointer lands on the cargo (a few tries at most).
    for (let attempt = 1; ; attempt++) {
      await page.getByTestId('map-search').fill(cargo.transportDocNo);
      await page.getByTestId('map-search-go').click();
      // The search selects what it found; close that panel, then pick the cargo with the pointer.
      await panel.waitFor();
      await page.getByTestId('cargo-panel-close').click();
      await panel.waitFor({ state: 'detached' });
      await page.waitForTimeout(2_000 * attempt);
      const box = await canvas.boundingBox();
      if (!box) throw new Error('no map canvas');
      await canvas.click({ position: { x: box.width / 2, y: box.height / 2 } });
      const opened = await panel.waitFor({ timeout: 3_000 }).then(
        () => true,
        () => false,
      );
      if (opened) break;
      if (attempt === 4) throw new Error(`no cargo under the pointer after flying to ${cargo.transportDocNo}`);
    }
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
