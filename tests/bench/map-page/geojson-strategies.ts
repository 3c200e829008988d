import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import { cargoFeature, FeatureDiffer, type CargoFeature } from '../../../renderer/features/map/cargo-features.js';
import { NO_FILTER } from '../../../renderer/features/map/cargo-filter.js';
import { CARGO_SOURCE, cargoLayers } from '../../../renderer/features/map/cargo-layers.js';
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
 * The console's own way (cargo-map-sync.ts and maplibre-engine.ts): each tick's cargo become
 * features, FeatureDiffer keeps those that changed, and the GeoJSON source takes them with
 * updateData by feature id. The updateData payload is built as maplibre-engine.ts builds it: the
 * engine wraps the map it creates and hands out no map to listen to for `idle` or to pan, so the
 * bench makes its own map and repeats that one call's conversion here.
 */
export function consoleStrategy(map: MaplibreMap, world: CargoWorld): Strategy {
  const now = Date.now();
  const features = world.records.map((_, i) => featureOf(world, i, now));
  const differ = new FeatureDiffer();
  differ.reset(features);
  const source = addCargoLayers(map, features);
  return {
    apply: (moved) => {
      const nowMs = Date.now();
      const diff = differ.diff(moved.map((i) => featureOf(world, i, nowMs)));
      if (diff.add.length === 0 && diff.update.length === 0) return;
      void source.updateData({
        add: diff.add,
        update: diff.update.map((feature) => ({
          id: feature.id,
          newGeometry: feature.geometry,
          addOrUpdateProperties: Object.entries(feature.properties).map(([key, value]) => ({ key, value: value as unknown })),
        })),
      });
    },
    drawn: settled,
  };
}
