import type { LayerSpecification } from 'maplibre-gl';
import type { EngineFeature } from './engine-map.js';
import type { ReplayPosition } from './track-replay.js';

/**
 * The journey replay drawn over the cargo: the track as a line, the cargo at the slider's time as
 * a marker. Two sources, so that moving the marker sends one point, not the whole track again.
 */
export const REPLAY_LINE_SOURCE = 'replay-line';
export const REPLAY_MARKER_SOURCE = 'replay-marker';

const REPLAY_COLOUR = '#24292f';

export const replayLayers: readonly LayerSpecification[] = [
  {
    id: 'replay-line',
    type: 'line',
    source: REPLAY_LINE_SOURCE,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': REPLAY_COLOUR, 'line-width': 3, 'line-opacity': 0.8 },
  },
  {
    id: 'replay-marker',
    type: 'circle',
    source: REPLAY_MARKER_SOURCE,
    paint: { 'circle-radius': 8, 'circle-color': '#ffd33d', 'circle-stroke-color': REPLAY_COLOUR, 'circle-stroke-width': 3 },
  },
];

/** The track's line (a single report draws no line: its marker says it all). */
export function replayLine(points: readonly { lon: number; lat: number }[]): EngineFeature[] {
  if (points.length < 2) return [];
  return [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: points.map((p) => [p.lon, p.lat]) } }];
}

export function replayMarker(position: Pick<ReplayPosition, 'lon' | 'lat'>): EngineFeature[] {
  return [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [position.lon, position.lat] } }];
}

/** What the replay draws on: the map view, which nothing else of the replay needs to know. */
export interface ReplayCanvas {
  /** Draws the track and brings it into view. */
  showReplayTrack(points: readonly { lon: number; lat: number }[]): void;
  moveReplayMarker(position: Pick<ReplayPosition, 'lon' | 'lat'>): void;
  /** Back to live: the line and the marker gone. */
  clearReplay(): void;
}
