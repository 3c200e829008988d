import type { TransportMode } from '../../../shared/contract/enums.js';
import type { CargoFeature } from './cargo-features.js';

/** The side of a density cell in degrees: a few pixels at the overview's zooms, one corridor's stretch per cell. */
export const CELL_DEGREES = 0.5;
/**
 * A cell whose count and faded look are unchanged is sent again only once its mean position moved
 * this far since it was last sent: cargo moving inside a cell would otherwise resend it every tick
 * for a shift of a pixel or less at the overview's zooms.
 */
const RESEND_DEGREES = CELL_DEGREES / 8;

export interface DensityProperties {
  mode: TransportMode;
  /** Cargo of this mode in the cell; a cell that emptied stays in the source with 0 (hidden by the layer). */
  count: number;
  /** More than half of them stale or estimated: the cell is drawn faded, as their dots would be. */
  stale: boolean;
}

export interface DensityFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: DensityProperties;
}

interface Cell {
  readonly id: number;
  readonly mode: TransportMode;
  count: number;
  staleCount: number;
  lonSum: number;
  latSum: number;
  /** What the source holds of it (null: nothing yet). */
  sent: DensityFeature | null;
}

/** What one cargo adds to its cell, remembered so the next report takes exactly that out again. */
interface Contribution {
  readonly cell: Cell;
  readonly lon: number;
  readonly lat: number;
  readonly stale: boolean;
}

/**
 * The cargo not drawn one by one, counted per mode in grid cells (issue 9, point 6: 100k cargo on
 * software GL). Kept incrementally: a report moves one cargo out of one cell and into another, so a
 * tick costs what it moved, never the whole picture. A cell sits at the mean position of its cargo,
 * so it follows the corridor they travel rather than the grid.
 */
export class CargoDensity {
  private readonly cells = new Map<string, Cell>();
  private readonly byId = new Map<number, Cell>();
  private readonly contributions = new Map<number, Contribution>();
  private readonly changed = new Set<Cell>();
  private readonly added = new Set<Cell>();

  /** Counts the cargo in (feature) or takes it out (undefined). */
  set(cargoId: number, feature: CargoFeature | undefined): void {
    const before = this.contributions.get(cargoId);
    if (before !== undefined) {
      this.contributions.delete(cargoId);
      this.apply(before, -1);
    }
    if (feature === undefined) return;
    const [lon, lat] = feature.geometry.coordinates;
    const stale = feature.properties.stale || feature.properties.estimated;
    const contribution: Contribution = { cell: this.cellAt(feature.properties.mode, lon, lat), lon, lat, stale };
    this.contributions.set(cargoId, contribution);
    this.apply(contribution, 1);
  }

  /** Forgets every cargo and cell: the source is about to be given all cells afresh. */
  clear(): void {
    this.cells.clear();
    this.byId.clear();
    this.contributions.clear();
    this.changed.clear();
    this.added.clear();
  }

  /** The cells changed since the last call, new ones apart (they are added, the others updated by id). */
  takeChanges(): { add: DensityFeature[]; update: DensityFeature[] } {
    const out = { add: [] as DensityFeature[], update: [] as DensityFeature[] };
    for (const cell of this.changed) {
      const feature = featureOf(cell);
      if (cell.sent !== null && !visiblyChanged(cell.sent, feature)) continue;
      cell.sent = feature;
      (this.added.has(cell) ? out.add : out.update).push(feature);
    }
    this.changed.clear();
    this.added.clear();
    return out;
  }

  /** Every cell holding cargo, for a source given everything afresh (pending changes are then taken). */
  occupied(): DensityFeature[] {
    this.changed.clear();
    this.added.clear();
    const features: DensityFeature[] = [];
    for (const cell of this.cells.values()) {
      cell.sent = null;
      if (cell.count === 0) continue;
      cell.sent = featureOf(cell);
      features.push(cell.sent);
    }
    return features;
  }

  /** Where a cell is now, for zooming into it when it is clicked. */
  position(cellId: number): [number, number] | undefined {
    const cell = this.byId.get(cellId);
    return cell === undefined || cell.count === 0 ? undefined : centre(cell);
  }

  private cellAt(mode: TransportMode, lon: number, lat: number): Cell {
    const key = `${mode}:${Math.floor(lon / CELL_DEGREES)}:${Math.floor(lat / CELL_DEGREES)}`;
    let cell = this.cells.get(key);
    if (cell === undefined) {
      // Ids are never reused, also after a cell empties: the source still holds it under that id.
      cell = { id: this.byId.size + 1, mode, count: 0, staleCount: 0, lonSum: 0, latSum: 0, sent: null };
      this.cells.set(key, cell);
      this.byId.set(cell.id, cell);
      this.added.add(cell);
    }
    return cell;
  }

  private apply({ cell, lon, lat, stale }: Contribution, sign: 1 | -1): void {
    cell.count += sign;
    cell.lonSum += sign * lon;
    cell.latSum += sign * lat;
    if (stale) cell.staleCount += sign;
    if (cell.count === 0) {
      // Sums of floats that went up and down again drift: an empty cell starts from zero.
      cell.lonSum = 0;
      cell.latSum = 0;
    }
    this.changed.add(cell);
  }
}

function centre(cell: Cell): [number, number] {
  return cell.count === 0 ? [0, 0] : [cell.lonSum / cell.count, cell.latSum / cell.count];
}

function visiblyChanged(before: DensityFeature, after: DensityFeature): boolean {
  const [lon0, lat0] = before.geometry.coordinates;
  const [lon1, lat1] = after.geometry.coordinates;
  return (
    before.properties.count !== after.properties.count ||
    before.properties.stale !== after.properties.stale ||
    Math.abs(lon1 - lon0) >= RESEND_DEGREES ||
    Math.abs(lat1 - lat0) >= RESEND_DEGREES
  );
}

function featureOf(cell: Cell): DensityFeature {
  return {
    type: 'Feature',
    id: cell.id,
    geometry: { type: 'Point', coordinates: centre(cell) },
    properties: { mode: cell.mode, count: cell.count, stale: cell.staleCount * 2 > cell.count },
  };
}
