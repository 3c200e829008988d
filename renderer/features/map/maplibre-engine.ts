import { Map as MaplibreMap, setWorkerUrl, type GeoJSONSource, type GeoJSONSourceDiff, type MapLayerMouseEvent } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The engine's tile worker, emitted by the build beside the bundle: maplibre finds it on its own only
// over http(s), and the console is also served from app://.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { FeatureDiff } from './cargo-features.js';
import type { EngineMap, EngineOptions, IdentifiedFeature } from './engine-map.js';
import { numericId } from './engine-map.js';

/**
 * maplibre-gl, the default engine: no token, no request beyond the console's own origin (the
 * offline basemap is served under basemap/). Its GeoJSON source takes a diff by feature id.
 */
export function createMaplibreMap(options: EngineOptions): EngineMap {
  setWorkerUrl(workerUrl);
  const map = new MaplibreMap({
    container: options.container,
    style: options.style,
    // The basemap ships every label glyph, Chinese included, as SDF ranges under basemap/glyphs:
    // read them instead of drawing CJK with a system font, which a port's workstation may not have.
    localIdeographFontFamily: false,
    attributionControl: { compact: true },
  });
  const source = (id: string): GeoJSONSource | undefined => map.getSource<GeoJSONSource>(id);
  return {
    loaded: new Promise((resolve) => map.once('load', () => resolve())),
    addSource: (id, spec) => map.addSource(id, spec),
    addLayer: (layer) => map.addLayer(layer),
    setFeatures: (id, features) => {
      void source(id)?.setData({ type: 'FeatureCollection', features: [...features] });
    },
    updateFeatures: (id, diff) => {
      void source(id)?.updateData(sourceDiff(diff));
    },
    onLayer: (type, layerId, listener) => {
      map.on(type, layerId, (event: MapLayerMouseEvent) => listener(numericId(event.features?.[0]?.id), event.point));
    },
    onViewChange: (listener) => {
      const report = (): void => {
        const bounds = map.getBounds();
        listener({ zoom: map.getZoom(), bounds: [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()] });
      };
      map.on('moveend', report);
      report();
    },
    flyTo: (center, zoom) => map.flyTo({ center: [center[0], center[1]], zoom }),
    fitBounds: ([west, south, east, north]) => map.fitBounds([[west, south], [east, north]], { padding: 60, maxZoom: 12 }),
    canvas: () => map.getCanvas(),
    remove: () => map.remove(),
  };
}

/** maplibre's updateData payload: new features whole, changed ones as geometry and properties by id. */
export function sourceDiff(diff: FeatureDiff<IdentifiedFeature>): GeoJSONSourceDiff {
  return {
    add: diff.add,
    update: diff.update.map((feature) => ({
      id: feature.id,
      newGeometry: feature.geometry,
      addOrUpdateProperties: Object.entries(feature.properties).map(([key, value]) => ({ key, value: value as unknown })),
    })),
  };
}
