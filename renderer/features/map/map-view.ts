import type { MapConfig } from '../../../shared/contract/map.js';
import type { CargoCanvas } from './cargo-drawing.js';
import { CARGO_LAYER, CARGO_SOURCE, cargoLayers, DENSITY_LAYER, DENSITY_SOURCE, densityLayer } from './cargo-layers.js';
import type { EngineMap, MapViewState, ScreenPoint } from './engine-map.js';
import { REPLAY_LINE_SOURCE, REPLAY_MARKER_SOURCE, replayLayers, replayLine, replayMarker, type ReplayCanvas } from './replay-layers.js';

/**
 * The map adapter: all the map screen knows of a map. Which engine draws it is decided here from
 * the configuration the core hands to this window (maplibre-gl unless an admin set a Mapbox token
 * and style), and the engine's code is loaded only then: it is most of the renderer's bytes, and
 * the task list must not pay for it at start.
 */
export type MapEngineConfig = MapConfig;

export interface CargoHover {
  i: number;
  point: ScreenPoint;
}

/** The cargo dots and density cells (cargo-drawing.ts: each afresh, or only what changed by feature id). */
export interface MapView extends ReplayCanvas, CargoCanvas {
  flyTo(lon: number, lat: number): void;
  /** Closer, to where a density cell's cargo become dots. */
  zoomInto(lon: number, lat: number, zoom: number): void;
  onViewChange(listener: (view: MapViewState) => void): void;
  /** A click on a density cell: its id. */
  onDensityClick(listener: (cellId: number) => void): void;
  onCargoClick(listener: (i: number) => void): void;
  onCargoHover(listener: (hover: CargoHover | null) => void): void;
  destroy(): void;
}

/** Close enough to tell one hub's yard from the next. */
const FLY_ZOOM = 12;

export async function createMapView(container: HTMLElement, config: MapEngineConfig, pageUrl: string): Promise<MapView> {
  let engine: EngineMap;
  let labelFont: string[] | null = null;
  if (config.engine === 'mapbox') {
    const { createMapboxMap } = await import('./mapbox-engine.js');
    engine = createMapboxMap({ container, style: config.styleUrl }, config.accessToken);
  } else {
    const [{ createMaplibreMap }, { loadBasemap }] = await Promise.all([import('./maplibre-engine.js'), import('./basemap-style.js')]);
    const basemap = await loadBasemap(pageUrl);
    labelFont = basemap.labelFont;
    engine = createMaplibreMap({ container, style: basemap.style });
  }
  await engine.loaded;
  // The density cells under the dots: cargo with a task stand out above them.
  for (const id of [DENSITY_SOURCE, CARGO_SOURCE]) engine.addSource(id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  engine.addLayer(densityLayer);
  for (const layer of cargoLayers(labelFont)) engine.addLayer(layer);
  // The journey replay's line and marker, empty until a replay opens; drawn above the cargo.
  for (const id of [REPLAY_LINE_SOURCE, REPLAY_MARKER_SOURCE]) engine.addSource(id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  for (const layer of replayLayers) engine.addLayer(layer);
  return adapt(engine);
}

function adapt(engine: EngineMap): MapView {
  const canvas = engine.canvas();
  let cargoClicks = 0;
  engine.onLayer('click', CARGO_LAYER, () => {
    cargoClicks++;
  });
  return {
    showCargo: (features) => engine.setFeatures(CARGO_SOURCE, features),
    updateCargo: (diff) => {
      if (diff.add.length > 0 || diff.update.length > 0) engine.updateFeatures(CARGO_SOURCE, diff);
    },
    showDensity: (cells) => engine.setFeatures(DENSITY_SOURCE, cells),
    updateDensity: (diff) => {
      if (diff.add.length > 0 || diff.update.length > 0) engine.updateFeatures(DENSITY_SOURCE, diff);
    },
    flyTo: (lon, lat) => engine.flyTo([lon, lat], FLY_ZOOM),
    zoomInto: (lon, lat, zoom) => engine.flyTo([lon, lat], zoom),
    onViewChange: (listener) => engine.onViewChange(listener),
    onDensityClick: (listener) => {
      engine.onLayer('click', DENSITY_LAYER, (id) => {
        if (id === undefined) return;
        // A dot drawn over the cell takes the click (its panel opens) and the map stays put: the
        // engine calls the cell's listener first, so it waits for the rest of this click.
        const before = cargoClicks;
        setTimeout(() => {
          if (cargoClicks === before) listener(id);
        }, 0);
      });
    },
    onCargoClick: (listener) => {
      engine.onLayer('click', CARGO_LAYER, (id) => {
        if (id !== undefined) listener(id);
      });
    },
    onCargoHover: (listener) => {
      engine.onLayer('mousemove', CARGO_LAYER, (id, point) => {
        canvas.style.cursor = id === undefined ? '' : 'pointer';
        listener(id === undefined ? null : { i: id, point });
      });
      engine.onLayer('mouseleave', CARGO_LAYER, () => {
        canvas.style.cursor = '';
        listener(null);
      });
    },
    showReplayTrack: (points) => {
      engine.setFeatures(REPLAY_LINE_SOURCE, replayLine(points));
      if (points.length === 0) return;
      const lons = points.map((p) => p.lon);
      const lats = points.map((p) => p.lat);
      engine.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)]);
    },
    moveReplayMarker: (position) => engine.setFeatures(REPLAY_MARKER_SOURCE, replayMarker(position)),
    clearReplay: () => {
      engine.setFeatures(REPLAY_LINE_SOURCE, []);
      engine.setFeatures(REPLAY_MARKER_SOURCE, []);
    },
    destroy: () => engine.remove(),
  };
}
