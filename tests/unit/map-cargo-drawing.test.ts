import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CargoDrawing, DETAIL_ZOOM, type CargoCanvas } from '../../renderer/features/map/cargo-drawing.js';
import { CELL_DEGREES, type DensityFeature } from '../../renderer/features/map/cargo-density.js';
import { urgencies, type CargoFeature, type FeatureDiff } from '../../renderer/features/map/cargo-features.js';
import type { MapViewState } from '../../renderer/features/map/engine-map.js';
import { transportModes } from '../../shared/contract/enums.js';

/**
 * A map source as the engines keep one: replaced whole, or added to and updated by id. Adding an
 * id it holds or updating one it does not is what an engine would reject or lose: the test fails.
 */
class RecordingSource<F extends { id: number }> {
  readonly features = new Map<number, F>();

  replace(features: readonly F[]): void {
    this.features.clear();
    for (const feature of features) this.features.set(feature.id, feature);
  }

  apply(diff: FeatureDiff<F>): void {
    for (const feature of diff.add) {
      if (this.features.has(feature.id)) throw new Error(`feature ${feature.id} added twice`);
      this.features.set(feature.id, feature);
    }
    for (const feature of diff.update) {
      if (!this.features.has(feature.id)) throw new Error(`feature ${feature.id} updated but never added`);
      this.features.set(feature.id, feature);
    }
  }
}

class RecordingCanvas implements CargoCanvas {
  readonly dots = new RecordingSource<CargoFeature>();
  readonly cells = new RecordingSource<DensityFeature>();
  showCargo = (features: readonly CargoFeature[]): void => this.dots.replace(features);
  updateCargo = (diff: FeatureDiff): void => this.dots.apply(diff);
  showDensity = (cells: readonly DensityFeature[]): void => this.cells.replace(cells);
  updateDensity = (diff: FeatureDiff<DensityFeature>): void => this.cells.apply(diff);
}

const LIMIT = 25;
const OVERVIEW: MapViewState = { zoom: 3, bounds: [40, 0, 140, 60] };
const DETAIL: MapViewState = { zoom: DETAIL_ZOOM + 1, bounds: [105, 28, 108, 31] };

const featureArb = (id: number): fc.Arbitrary<CargoFeature> =>
  fc.record({
    lon: fc.double({ min: 100, max: 112, noNaN: true }),
    lat: fc.double({ min: 25, max: 34, noNaN: true }),
    mode: fc.constantFrom(...transportModes),
    // Most cargo carry no open task, as in the single window's picture: they are the ones counted into cells.
    urgency: fc.oneof({ weight: 4, arbitrary: fc.constant('none' as const) }, { weight: 1, arbitrary: fc.constantFrom(...urgencies) }),
    held: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    stale: fc.boolean(),
    shown: fc.boolean(),
  }).map(({ lon, lat, mode, urgency, held, stale, shown }) => ({
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: { mode, state: held ? 'held' : 'moving', urgency, task: urgency === 'none' ? 'none' : 'assigned', stale, estimated: false, age: stale ? '5m' : '', shown },
  }));

const batchArb = (maxId: number): fc.Arbitrary<CargoFeature[]> =>
  fc.uniqueArray(fc.integer({ min: 0, max: maxId }), { maxLength: 12 }).chain((ids) => fc.tuple(...ids.map(featureArb)));

/** Cargo moving a little, as most reports do: often inside the same cell. */
const nudgeArb = fc.array(fc.record({ pick: fc.nat(), dLon: fc.double({ min: -0.1, max: 0.1, noNaN: true }), dLat: fc.double({ min: -0.1, max: 0.1, noNaN: true }) }), { maxLength: 12 });

type Step =
  | { kind: 'update'; features: CargoFeature[] }
  | { kind: 'nudge'; moves: { pick: number; dLon: number; dLat: number }[] }
  | { kind: 'view'; view: MapViewState };
const stepArb = (maxId: number): fc.Arbitrary<Step> =>
  fc.oneof(
    { weight: 3, arbitrary: batchArb(maxId).map((features): Step => ({ kind: 'update', features })) },
    { weight: 3, arbitrary: nudgeArb.map((moves): Step => ({ kind: 'nudge', moves })) },
    { weight: 1, arbitrary: fc.constantFrom(OVERVIEW, DETAIL, { zoom: DETAIL_ZOOM + 2, bounds: [106, 29, 107, 30] } as MapViewState).map((view): Step => ({ kind: 'view', view })) },
  );

const standsOut = (feature: CargoFeature): boolean => feature.properties.urgency !== 'none' || feature.properties.state === 'held';
const inView = ([lon, lat]: [number, number], [w, s, e, n]: MapViewState['bounds']): boolean => lon >= w && lon <= e && lat >= s && lat <= n;
const cellKey = (feature: CargoFeature): string => {
  const [lon, lat] = feature.geometry.coordinates;
  return `${feature.properties.mode}:${Math.floor(lon / CELL_DEGREES)}:${Math.floor(lat / CELL_DEGREES)}`;
};

function nudged(cargo: ReadonlyMap<number, CargoFeature>, moves: readonly { pick: number; dLon: number; dLat: number }[]): CargoFeature[] {
  const all = [...cargo.values()];
  const moved = new Map<number, CargoFeature>();
  for (const { pick, dLon, dLat } of moves) {
    const f = moved.get(all[pick % all.length]?.id ?? -1) ?? all[pick % all.length];
    if (f === undefined) continue;
    const [lon, lat] = f.geometry.coordinates;
    moved.set(f.id, { ...f, geometry: { type: 'Point', coordinates: [lon + dLon, lat + dLat] } });
  }
  return [...moved.values()];
}

/** What the two sources must show for these cargo and this view, worked out from scratch. */
function expectPicture(canvas: RecordingCanvas, drawing: CargoDrawing, cargo: ReadonlyMap<number, CargoFeature>, view: MapViewState): void {
  const visibleDots = [...canvas.dots.features.values()].filter((f) => f.properties.shown);
  const visibleCells = [...canvas.cells.features.values()].filter((c) => c.properties.count > 0);
  const shown = [...cargo.values()].filter((f) => f.properties.shown);
  if (cargo.size <= LIMIT) {
    expect(drawing.drawingLevel).toBe('all');
    expect(new Set(visibleDots.map((f) => f.id))).toEqual(new Set(shown.map((f) => f.id)));
    expect(visibleCells).toEqual([]);
  } else if (view.zoom < DETAIL_ZOOM) {
    expect(drawing.drawingLevel).toBe('overview');
    expect(new Set(visibleDots.map((f) => f.id))).toEqual(new Set(shown.filter(standsOut).map((f) => f.id)));
    // Every other shown cargo is counted once, in its mode's cell.
    const counts = new Map<string, number>();
    for (const f of shown.filter((f) => !standsOut(f))) counts.set(cellKey(f), (counts.get(cellKey(f)) ?? 0) + 1);
    const expected = [...counts].map(([key, count]) => `${key.split(':')[0] ?? ''}:${count}`).sort();
    expect(visibleCells.map((c) => `${c.properties.mode}:${c.properties.count}`).sort()).toEqual(expected);
    // Each cell sits at its cargo's mean position, give or take the shift it is not resent for.
    const groups = new Map<string, CargoFeature[]>();
    for (const f of shown.filter((f) => !standsOut(f))) groups.set(cellKey(f), [...(groups.get(cellKey(f)) ?? []), f]);
    const means = [...groups.values()].map((members) => ({
      mode: members[0]?.properties.mode,
      count: members.length,
      lon: members.reduce((sum, f) => sum + f.geometry.coordinates[0], 0) / members.length,
      lat: members.reduce((sum, f) => sum + f.geometry.coordinates[1], 0) / members.length,
    }));
    for (const cell of visibleCells) {
      const [lon, lat] = cell.geometry.coordinates;
      const near = means.some((m) => m.mode === cell.properties.mode && m.count === cell.properties.count && Math.abs(m.lon - lon) < CELL_DEGREES / 8 && Math.abs(m.lat - lat) < CELL_DEGREES / 8);
      expect(near, `cell ${cell.id} at ${lon},${lat}`).toBe(true);
    }
  } else {
    expect(drawing.drawingLevel).toBe('detail');
    const visible = new Set(visibleDots.map((f) => f.id));
    // The cargo in view are dots (those around it may be too); none are counted into cells.
    for (const f of shown) if (inView(f.geometry.coordinates, view.bounds)) expect(visible.has(f.id)).toBe(true);
    expect(visibleCells).toEqual([]);
  }
  // A dot is always the cargo's newest feature.
  for (const dot of visibleDots) expect(dot).toEqual(cargo.get(dot.id));
}

describe('CargoDrawing', () => {
  it('keeps both sources equal to the picture worked out from scratch, through reports, filters and views, handing them only valid diffs', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 15, maxLength: 70 }).chain((ids) => fc.tuple(...ids.map(featureArb))),
        fc.array(stepArb(110), { maxLength: 40 }),
        (initial, steps) => {
          const canvas = new RecordingCanvas();
          const drawing = new CargoDrawing(canvas, LIMIT);
          const cargo = new Map(initial.map((f) => [f.id, f]));
          let view = OVERVIEW;
          drawing.setView(view);
          drawing.reset(initial);
          expectPicture(canvas, drawing, cargo, view);
          for (const step of steps) {
            if (step.kind === 'view') {
              view = step.view;
              drawing.setView(view);
            } else {
              const features = step.kind === 'update' ? step.features : nudged(cargo, step.moves);
              for (const f of features) cargo.set(f.id, f);
              drawing.update(features);
            }
            expectPicture(canvas, drawing, cargo, view);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('places a cell at the mean position of its cargo and zooms into where it is now', () => {
    const canvas = new RecordingCanvas();
    const drawing = new CargoDrawing(canvas, 1);
    const at = (id: number, lon: number, lat: number): CargoFeature => ({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { mode: 'rail', state: 'moving', urgency: 'none', task: 'none', stale: false, estimated: false, age: '', shown: true },
    });
    drawing.setView(OVERVIEW);
    drawing.reset([at(1, 106.1, 29.1), at(2, 106.3, 29.3)]);
    const [cell] = [...canvas.cells.features.values()];
    expect(cell?.properties.count).toBe(2);
    expect(cell?.geometry.coordinates[0]).toBeCloseTo(106.2);
    expect(cell?.geometry.coordinates[1]).toBeCloseTo(29.2);
    drawing.update([at(2, 106.4, 29.4)]);
    expect(drawing.cellPosition(cell?.id ?? -1)?.[0]).toBeCloseTo(106.25);
    // The second cargo leaves for another cell: the first cell follows the one left in it.
    drawing.update([at(2, 110.2, 31.2)]);
    expect(canvas.cells.features.get(cell?.id ?? -1)?.geometry.coordinates[0]).toBeCloseTo(106.1);
  });
});
