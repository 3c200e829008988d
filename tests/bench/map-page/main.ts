import { Map as MaplibreMap, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { DOT_LIMIT } from '../../../renderer/features/map/cargo-drawing.js';
import { CargoWorld } from './cargo-world.js';
import { deckStrategy } from './deck-strategy.js';
import { consoleStrategy, naiveStrategy } from './geojson-strategies.js';
import type { RunOptions, RunResult, Strategy, StrategyName } from './strategy.js';

/** The core pushes cargo 4 times a second (issue 9 point 3); 10% of the cargo move each second. */
const TICK_MS = 250;
const TICK_SHARE = 0.025;
const WARMUP_TICKS = 3;
const REDRAWS = 5;
/** Pixels per frame of the scripted pan, turning back each second so the cargo stay in view. */
const PAN_STEP_PX = 6;

/** The console's opening view (map-view.ts: the corridor network, Europe to South-East Asia, zoom 3) over a sea-coloured background: no request leaves the page's origin. */
const STYLE = { version: 8 as const, sources: {}, layers: [{ id: 'background', type: 'background' as const, paint: { 'background-color': '#c6dbef' } }] };
const CENTER: [number, number] = [80, 40];
const ZOOM = 3;

// maplibre finds its worker beside its own module at run time, a path the build does not keep: the
// worker is emitted as an asset and named here.
setWorkerUrl(workerUrl);

const strategies: Record<StrategyName, (map: MaplibreMap, world: CargoWorld) => Strategy> = {
  naive: naiveStrategy,
  // Every cargo a dot, only what changed sent: the console's way without its density cells.
  updateData: consoleStrategy(Number.POSITIVE_INFINITY),
  console: consoleStrategy(DOT_LIMIT),
  deck: deckStrategy(false),
  'deck-interleaved': deckStrategy(true),
};

const nextIdle = (map: MaplibreMap): Promise<void> => new Promise((resolve) => map.once('idle', () => resolve()));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function run(options: RunOptions): Promise<RunResult> {
  const container = document.getElementById('map');
  if (container === null) throw new Error('no map container');
  const map = new MaplibreMap({ container, style: STYLE, center: CENTER, zoom: ZOOM, attributionControl: false });
  await new Promise<void>((resolve) => map.once('load', () => resolve()));
  const world = new CargoWorld(options.count, options.seed, Date.now());

  let started = performance.now();
  let idle = nextIdle(map);
  const strategy = strategies[options.strategy](map, world);
  // A strategy drawing beside the map gives the map nothing to render: idle comes after a frame.
  map.triggerRepaint();
  await Promise.all([idle, strategy.drawn()]);
  const firstPictureMs = performance.now() - started;

  // Each tick waits for the one before to reach idle: a tick applied while the map still works on
  // the last one would be timed to the same idle. A tick that could not start on its 250 ms beat is late.
  const updateToIdleMs: number[] = [];
  const applyMs: number[] = [];
  let lateTicks = 0;
  let beat = performance.now();
  for (let k = 0; k < WARMUP_TICKS + options.ticks; k++) {
    const wait = beat + TICK_MS - performance.now();
    if (wait > 0) await sleep(wait);
    else if (k >= WARMUP_TICKS) lateTicks++;
    beat = performance.now();
    idle = nextIdle(map);
    started = performance.now();
    strategy.apply(world.tick(TICK_SHARE, Date.now()));
    const applied = performance.now();
    map.triggerRepaint();
    await Promise.all([idle, strategy.drawn()]);
    if (k >= WARMUP_TICKS) {
      updateToIdleMs.push(performance.now() - started);
      applyMs.push(applied - started);
    }
  }

  // The floor under every update: the map drawn again with nothing changed.
  const redrawMs: number[] = [];
  for (let k = 0; k < REDRAWS; k++) {
    idle = nextIdle(map);
    started = performance.now();
    map.triggerRepaint();
    await idle;
    redrawMs.push(performance.now() - started);
  }

  // The pan: panBy on every animation frame while the ticks go on at their beat, frames counted.
  let panTicks = 0;
  const ticker = setInterval(() => {
    strategy.apply(world.tick(TICK_SHARE, Date.now()));
    panTicks++;
  }, TICK_MS);
  const pan = await new Promise<{ frames: number; ms: number }>((resolve) => {
    let frames = 0;
    const start = performance.now();
    const frame = (now: number): void => {
      frames++;
      const elapsed = now - start;
      if (elapsed >= options.panMs) {
        resolve({ frames, ms: elapsed });
        return;
      }
      const direction = Math.floor(elapsed / 1000) % 2 === 0 ? 1 : -1;
      map.panBy([direction * PAN_STEP_PX, 0], { duration: 0 });
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  clearInterval(ticker);
  // Settled before the bench reads the heap: the last tick's work done.
  idle = nextIdle(map);
  map.triggerRepaint();
  await Promise.all([idle, strategy.drawn()]);
  return { firstPictureMs, updateToIdleMs, applyMs, redrawMs, lateTicks, panFrames: pan.frames, panMs: pan.ms, panTicks };
}

declare global {
  interface Window {
    mapBench?: { run: (options: RunOptions) => Promise<RunResult> };
  }
}
window.mapBench = { run };
