import { validateStyleMin, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { CARGO_SOURCE, cargoLayers, DENSITY_SOURCE, densityLayer } from '../../renderer/features/map/cargo-layers.js';
import { REPLAY_LINE_SOURCE, REPLAY_MARKER_SOURCE, replayLayers, replayLine, replayMarker } from '../../renderer/features/map/replay-layers.js';

/**
 * The layers the map view adds over the basemap (cargo density cells, cargo with its stale and
 * estimated looks, the journey replay) as MapLibre's own style spec reads them: a wrong expression would make the engine
 * refuse the layer, and the map screen would fail to open.
 */
const empty = { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } };

describe('overlay layers over the basemap', () => {
  it('are valid MapLibre layers over their sources (the density cells too), the replay drawn above the cargo', () => {
    const style: StyleSpecification = {
      version: 8,
      glyphs: 'basemap/glyphs/{fontstack}/{range}.pbf',
      sources: { [DENSITY_SOURCE]: empty, [CARGO_SOURCE]: empty, [REPLAY_LINE_SOURCE]: empty, [REPLAY_MARKER_SOURCE]: empty },
      layers: [densityLayer, ...cargoLayers(['Noto Sans Regular']), ...replayLayers],
    };
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.layers.slice(-2).map((layer) => layer.id)).toEqual(['replay-line', 'replay-marker']);
  });

  it('draws a track of two or more points as one line, and the marker as one point', () => {
    expect(replayLine([{ lon: 1, lat: 2 }])).toEqual([]);
    expect(replayLine([{ lon: 1, lat: 2 }, { lon: 3, lat: 4 }])).toEqual([{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4]] } }]);
    expect(replayMarker({ lon: 5, lat: 6 })).toEqual([{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [5, 6] } }]);
  });
});
