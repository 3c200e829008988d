import mapboxgl from 'mapbox-gl';
import 'mapbox-gl/dist/mapbox-gl.css';
import type { EngineMap, EngineOptions } from './engine-map.js';
import { numericId } from './engine-map.js';

/**
 * mapbox-gl, used only when an admin configured a Mapbox token and style (the window's CSP then
 * lets it reach Mapbox's hosts). Its GeoJSON source's updateData merges whole features by id.
 */
export function createMapboxMap(options: EngineOptions, accessToken: string): EngineMap {
  const map = new mapboxgl.Map({
    container: options.container,
    // The style spec is the same shape in both engines; only the TypeScript declarations differ.
    style: options.style as mapboxgl.StyleSpecification | string,
    accessToken,
    attributionControl: true,
  });
  const source = (id: string): mapboxgl.GeoJSONSource | undefined => map.getSource<mapboxgl.GeoJSONSource>(id);
  return {
    loaded: new Promise((resolve) => map.once('load', () => resolve())),
    addSource: (id, spec) => map.addSource(id, spec),
    addLayer: (layer) => map.addLayer(layer as mapboxgl.LayerSpecification),
    setFeatures: (id, features) => {
      source(id)?.setData({ type: 'FeatureCollection', features: [...features] });
    },
    updateFeatures: (id, diff) => {
      source(id)?.updateData({ type: 'FeatureCollection', features: [...diff.add, ...diff.update] });
    },
    onLayer: (type, layerId, listener) => {
      // mapbox-gl's declarations lose GeoJSON's `id` on the features it reports; it is there at run time.
      map.on(type, layerId, (event: mapboxgl.MapMouseEvent) => listener(numericId(Reflect.get(event.features?.[0] ?? {}, 'id')), event.point));
    },
    onViewChange: (listener) => {
      const report = (): void => {
        const bounds = map.getBounds();
        // mapbox-gl has no bounds before its canvas has a size; the next moveend reports them.
        if (bounds === null) return;
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
