import type { GeoJSONSourceSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { FeatureDiff } from './cargo-features.js';

/**
 * The few things the map screen asks of a map engine, so maplibre-gl and mapbox-gl sit behind the
 * same calls (their APIs are near twins; they differ in construction, event typing and how a
 * GeoJSON source takes a partial update). Types of the style spec are maplibre's: mapbox-gl's are
 * the same shape, and mapbox-engine.ts converts at its edge.
 */
export interface EngineMap {
  /** Resolves once the style is loaded and sources and layers may be added. */
  readonly loaded: Promise<void>;
  addSource(id: string, source: GeoJSONSourceSpecification): void;
  addLayer(layer: LayerSpecification): void;
  /**
   * Replaces every feature of a source: for the cargo, first paint and a new snapshot only, never
   * per frame; for a small overlay (the replay's line and marker), whenever it changes.
   */
  setFeatures(sourceId: string, features: readonly EngineFeature[]): void;
  /** Adds and changes features by id, leaving the others as they are. */
  updateFeatures(sourceId: string, diff: FeatureDiff<IdentifiedFeature>): void;
  /** Pointer events on a layer: the id of the top feature under the pointer (undefined for mouseleave). */
  onLayer(type: 'click' | 'mousemove' | 'mouseleave', layerId: string, listener: (featureId: number | undefined, point: ScreenPoint) => void): void;
  /** The view now, and after every move or zoom once it has ended. */
  onViewChange(listener: (view: MapViewState) => void): void;
  flyTo(center: readonly [number, number], zoom: number): void;
  /** Brings [west, south, east, north] into view, with room around it. */
  fitBounds(bounds: readonly [number, number, number, number]): void;
  canvas(): HTMLCanvasElement;
  remove(): void;
}

/** The GeoJSON features our sources hold: cargo dots, the replay's line and marker. */
export interface EngineFeature {
  type: 'Feature';
  id?: number;
  geometry: { type: 'Point'; coordinates: [number, number] } | { type: 'LineString'; coordinates: [number, number][] };
  properties: object;
}

/** A feature a source can update by id. */
export type IdentifiedFeature = EngineFeature & { id: number };

export type Bounds = readonly [west: number, south: number, east: number, north: number];

export interface MapViewState {
  zoom: number;
  bounds: Bounds;
}

export interface ScreenPoint {
  x: number;
  y: number;
}

/** The first view is the style's own (its `center` and `zoom`): the basemap opens on every corridor. */
export interface EngineOptions {
  container: HTMLElement;
  style: StyleSpecification | string;
}

/** A feature id as the engines report it (a number for ours; strings when an engine promoted one). */
export function numericId(id: unknown): number | undefined {
  if (typeof id === 'number') return id;
  if (typeof id === 'string' && /^\d+$/.test(id)) return Number(id);
  return undefined;
}
