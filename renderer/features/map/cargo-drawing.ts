import { FeatureDiffer, type CargoFeature, type FeatureDiff } from './cargo-features.js';
import { CargoDensity, type DensityFeature } from './cargo-density.js';
import type { Bounds, MapViewState } from './engine-map.js';

/**
 * Up to this many cargo, every one is a dot at every zoom (the training world, a port's own cargo).
 * Beyond it, software GL spends its frame drawing dots nobody can tell apart at the overview's zooms.
 */
export const DOT_LIMIT = 20_000;
/** From this zoom on, a port's area or less is in view: the cargo there are dots again. */
export const DETAIL_ZOOM = 7;
/** Around the view, the share of its width and height also drawn as dots, so a short pan needs no new set. */
const VIEW_MARGIN = 0.5;

/** The two sources the cargo are drawn from: one dot per cargo, and the density cells. */
export interface CargoCanvas {
  showCargo(features: readonly CargoFeature[]): void;
  updateCargo(diff: FeatureDiff): void;
  showDensity(cells: readonly DensityFeature[]): void;
  updateDensity(diff: FeatureDiff<DensityFeature>): void;
}

/**
 * How the cargo picture is drawn at this size and zoom:
 * - `all`: every cargo a dot (at most DOT_LIMIT cargo);
 * - `overview`: beyond that and below DETAIL_ZOOM, the cargo that stand out (an open task, held) are
 *   dots, every other shown cargo is counted into density cells by mode;
 * - `detail`: beyond that and zoomed in, the cargo in and around the view are dots; no cells.
 */
export type DrawingLevel = 'all' | 'overview' | 'detail';

/**
 * Decides which cargo are dots and which are counted into cells, and hands each source only what
 * changed (issue 9, point 6). The dot source holds a set chosen for the level and the view; a cargo
 * leaving it between two such choices is hidden (`shown: false`) rather than removed, as mapbox-gl's
 * updateData cannot remove, and the set is given afresh when the level or the view's area changes.
 */
export class CargoDrawing {
  private readonly features = new Map<number, CargoFeature>();
  private readonly dots = new FeatureDiffer();
  private readonly density = new CargoDensity();
  private view: MapViewState = { zoom: 0, bounds: [-180, -90, 180, 90] };
  private level: DrawingLevel = 'all';
  /** The area whose cargo the dot source was given, in `detail`: the view and its margin. */
  private area: Bounds = [-180, -90, 180, 90];

  /** `dotLimit`: DOT_LIMIT, or smaller where a test wants the levels without 20,000 cargo. */
  constructor(
    private readonly canvas: CargoCanvas,
    private readonly dotLimit = DOT_LIMIT,
  ) {}

  get drawingLevel(): DrawingLevel {
    return this.level;
  }

  /** Where a density cell is, for zooming into it. */
  cellPosition(cellId: number): [number, number] | undefined {
    return this.density.position(cellId);
  }

  /** Every cargo afresh (a new snapshot). */
  reset(features: readonly CargoFeature[]): void {
    this.features.clear();
    for (const feature of features) this.features.set(feature.id, feature);
    this.redraw();
  }

  /** Cargo whose features were built again: moved, aged, re-marked or re-filtered. */
  update(features: readonly CargoFeature[]): void {
    const crossed = this.level !== this.levelOf(this.features.size + countNew(this.features, features), this.view.zoom);
    for (const feature of features) this.features.set(feature.id, feature);
    if (crossed) {
      this.redraw();
      return;
    }
    const dots: CargoFeature[] = [];
    for (const feature of features) {
      const dot = this.isDot(feature);
      if (this.level === 'overview') this.density.set(feature.id, !dot && feature.properties.shown ? feature : undefined);
      // A cargo that is no longer a dot is hidden in the source; one that never was stays out of it.
      if (dot) dots.push(feature);
      else if (this.dots.has(feature.id)) dots.push(hidden(feature));
    }
    this.canvas.updateCargo(this.dots.diff(dots));
    if (this.level === 'overview') this.canvas.updateDensity(this.density.takeChanges());
  }

  /** The map was moved or zoomed. */
  setView(view: MapViewState): void {
    this.view = view;
    const level = this.levelOf(this.features.size, view.zoom);
    if (level !== this.level || (level === 'detail' && !within(view.bounds, this.area))) this.redraw();
  }

  private levelOf(count: number, zoom: number): DrawingLevel {
    if (count <= this.dotLimit) return 'all';
    return zoom < DETAIL_ZOOM ? 'overview' : 'detail';
  }

  private isDot(feature: CargoFeature): boolean {
    switch (this.level) {
      case 'all':
        return true;
      case 'overview':
        return feature.properties.urgency !== 'none' || feature.properties.state === 'held';
      case 'detail':
        return inside(feature.geometry.coordinates, this.area);
    }
  }

  /** Chooses the level and the dot set again and gives both sources everything afresh. */
  private redraw(): void {
    this.level = this.levelOf(this.features.size, this.view.zoom);
    this.area = this.level === 'detail' ? widen(this.view.bounds, VIEW_MARGIN) : [-180, -90, 180, 90];
    this.density.clear();
    const dots: CargoFeature[] = [];
    for (const feature of this.features.values()) {
      if (this.isDot(feature)) dots.push(feature);
      else if (this.level === 'overview' && feature.properties.shown) this.density.set(feature.id, feature);
    }
    this.dots.reset(dots);
    this.canvas.showCargo(dots);
    this.canvas.showDensity(this.density.occupied());
  }
}

function countNew(known: ReadonlyMap<number, CargoFeature>, features: readonly CargoFeature[]): number {
  let n = 0;
  for (const feature of features) if (!known.has(feature.id)) n++;
  return n;
}

function hidden(feature: CargoFeature): CargoFeature {
  return feature.properties.shown ? { ...feature, properties: { ...feature.properties, shown: false } } : feature;
}

function inside([lon, lat]: readonly [number, number], [west, south, east, north]: Bounds): boolean {
  return lon >= west && lon <= east && lat >= south && lat <= north;
}

function within([west, south, east, north]: Bounds, area: Bounds): boolean {
  return west >= area[0] && south >= area[1] && east <= area[2] && north <= area[3];
}

function widen([west, south, east, north]: Bounds, share: number): Bounds {
  const dx = (east - west) * share;
  const dy = (north - south) * share;
  return [west - dx, Math.max(-90, south - dy), east + dx, Math.min(90, north + dy)];
}
