import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { CargoDrawing } from '../../../renderer/features/map/cargo-drawing.js';
import { cargoFeature, type CargoFeature } from '../../../renderer/features/map/cargo-features.js';
import { NO_FILTER } from '../../../renderer/features/map/cargo-filter.js';
import { CARGO_SOURCE, cargoLayers, DENSITY_SOURCE, densityLayer } from '../../../renderer/features/map/cargo-layers.js';
import { sourceDiff } from '../../../renderer/features/map/maplibre-engine.js';
import type { CargoWorld } from './cargo-world.js';
import type { Strategy } from './strategy.js';

/** A cargo's feature as the console's map builds it (no filter set, the cargo's task mark). */
function featureOf(world: CargoWorld, i: number, nowMs: number): CargoFeature {
  const record = world.records[i];
  if (record === undefined) throw new Error(`no cargo ${i}`);
  return cargoFeature(record, world.tasks[i], nowMs, NO_FILTER);
}

/** A GeoJSON source's update is drawn when the map is idle: nothing to wait for beside it. */
const settled = (): Promise<void> => Promise.resolve();

/** The console's source and layers (map-view.ts: the cargo source, then cargoLayers; no glyphs in the bench's style, so no age labels). */
function addCargoLayers(map: MaplibreMap, features: CargoFeature[]): GeoJSONSource {
  map.addSource(CARGO_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features } });
  for (const layer of cargoLayers(null)) map.addLayer(layer);
  const source = map.getSource<GeoJSONSource>(CARGO_SOURCE);
  if (source === undefined) throw new Error('the cargo source was not added');
  return source;
}

/**
 * The naive baseline: the console's layers on a GeoJSON source (no clustering) that is
 * handed the whole FeatureCollection with setData on every tick.
 */
export function naiveStrategy(map: MaplibreMap, world: CargoWorld): Strategy {
  const now = Date.now();
  const features = world.records.map((_, i) => featureOf(world, i, now));
  const source = addCargoLayers(map, features);
  return {
    apply: (moved) => {
      const nowMs = Date.now();
      for (const i of moved) features[i] = featureOf(world, i, nowMs);
      void source.setData({ type: 'FeatureCollection', features });
    },
    drawn: settled,
  };
}

/**
 * The console's own way (cargo-map-sync.ts, cargo-drawing.ts and map-view.ts over
 * maplibre-engine.ts): each tick's cargo become features and CargoDrawing hands the dot source and
 * the density source only what changed, with updateData by feature id; beyond DOT_LIMIT cargo and
 * below DETAIL_ZOOM (the bench's view) the cargo with a task are dots and the others are counted
 * into density cells. The engine wraps the map it creates and hands out no map to listen to for
 * `idle` or to pan, so the bench makes its own map and makes the engine's two source calls itself (sourceDiff is the engine's).
 */
export function consoleStrategy(dotLimit: number): (map: MaplibreMap, world: CargoWorld) => Strategy {
  return (map, world) => drawnByCargoDrawing(map, world, dotLimit);
}

function drawnByCargoDrawing(map: MaplibreMap, world: CargoWorld, dotLimit: number): Strategy {
  map.addSource(DENSITY_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer(densityLayer);
  const dots = addCargoLayers(map, []);
  const cells = map.getSource<GeoJSONSource>(DENSITY_SOURCE);
  if (cells === undefined) throw new Error('the density source was not added');
  const drawing = new CargoDrawing({
    showCargo: (features) => void dots.setData({ type: 'FeatureCollection', features: [...features] }),
    updateCargo: (diff) => void dots.updateData(sourceDiff(diff)),
    showDensity: (features) => void cells.setData({ type: 'FeatureCollection', features: [...features] }),
    updateDensity: (diff) => void cells.updateData(sourceDiff(diff)),
  }, dotLimit);
  const view = (): void => {
    const bounds = map.getBounds();
    drawing.setView({ zoom: map.getZoom(), bounds: [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()] });
  };
  view();
  map.on('moveend', view);
  const now = Date.now();
  drawing.reset(world.records.map((_, i) => featureOf(world, i, now)));
  return {
    apply: (moved) => {
      const nowMs = Date.now();
      drawing.update(moved.map((i) => featureOf(world, i, nowMs)));
    },
    drawn: settled,
  };
}
