import { ScatterplotLayer } from '@deck.gl/layers';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { cargoFeature, type CargoFeature, type CargoState } from '../../../renderer/features/map/cargo-features.js';
import { NO_FILTER } from '../../../renderer/features/map/cargo-filter.js';
import { MODE_COLOURS, URGENCY_COLOURS } from '../../../renderer/features/map/cargo-layers.js';
import type { CargoWorld } from './cargo-world.js';
import type { Strategy } from './strategy.js';

/**
 * cargo-layers.ts's dot radius per state (its STATE_RADII, not exported) and its urgency ring's
 * radius at the bench's zoom 3, so deck.gl draws the same amount of pixels as the GeoJSON layers.
 */
const STATE_RADII: Readonly<Record<CargoState, number>> = { moving: 4, at_hub: 5, awaiting_inspection: 6, held: 6, released: 3.5 };
const RING_RADIUS = 6;

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** One binary attribute: the typed array written in place, wrapped afresh when it changed (deck.gl skips a wrapper it has seen). */
class Column<T extends Float32Array | Uint8Array> {
  private wrapper: { value: T; size: number; normalized?: boolean };
  dirty = false;

  constructor(
    readonly value: T,
    private readonly size: number,
  ) {
    this.wrapper = this.wrap();
  }

  /** The attribute for this frame's layer: a new wrapper after a change, so deck.gl uploads the array again. */
  take(): { value: T; size: number } {
    if (this.dirty) {
      this.wrapper = this.wrap();
      this.dirty = false;
    }
    return this.wrapper;
  }

  private wrap(): { value: T; size: number; normalized?: boolean } {
    return this.value instanceof Uint8Array ? { value: this.value, size: this.size, normalized: true } : { value: this.value, size: this.size };
  }
}

/** A ScatterplotLayer's columns: positions, fill and line colours, radius, line width. */
class DotColumns {
  readonly position: Column<Float32Array>;
  readonly fill: Column<Uint8Array>;
  readonly line: Column<Uint8Array>;
  readonly radius: Column<Float32Array>;
  readonly lineWidth: Column<Float32Array>;

  constructor(readonly length: number) {
    // z stays 0: a position of size 3 is taken as it is, a size of 2 would be copied through an accessor.
    this.position = new Column(new Float32Array(length * 3), 3);
    this.fill = new Column(new Uint8Array(length * 4), 4);
    this.line = new Column(new Uint8Array(length * 4), 4);
    this.radius = new Column(new Float32Array(length), 1);
    this.lineWidth = new Column(new Float32Array(length), 1);
  }

  setPosition(slot: number, feature: CargoFeature): void {
    const [lon, lat] = feature.geometry.coordinates;
    this.position.value[slot * 3] = lon;
    this.position.value[slot * 3 + 1] = lat;
    this.position.dirty = true;
  }

  data(): { length: number; attributes: Record<string, { value: Float32Array | Uint8Array; size: number }> } {
    return {
      length: this.length,
      attributes: {
        getPosition: this.position.take(),
        getFillColor: this.fill.take(),
        getLineColor: this.line.take(),
        getRadius: this.radius.take(),
        getLineWidth: this.lineWidth.take(),
      },
    };
  }
}

/** Writes a colour into a column, marking it dirty only when the colour changed. */
function writeColour(column: Column<Uint8Array>, slot: number, colour: readonly [number, number, number], alpha: number): void {
  const a = Math.round(alpha * 255);
  const at = slot * 4;
  const v = column.value;
  if (v[at] === colour[0] && v[at + 1] === colour[1] && v[at + 2] === colour[2] && v[at + 3] === a) return;
  v.set([colour[0], colour[1], colour[2], a], at);
  column.dirty = true;
}

function writeNumber(column: Column<Float32Array>, slot: number, value: number): void {
  if (column.value[slot] === value) return;
  column.value[slot] = value;
  column.dirty = true;
}

/**
 * deck.gl 9.4 interleaved reads the map's `transform` (maplibre 5's and mapbox-gl's), which
 * maplibre-gl 6 keeps on its camera: the bench lends it one so the interleaved mode can be measured.
 * A console taking this mode would carry the same shim, tied to a maplibre internal.
 */
function lendTransform(map: MaplibreMap): void {
  if ('transform' in map) return;
  Object.defineProperty(map, 'transform', { get: () => map._camera.transform });
}

/**
 * deck.gl over the map, `@deck.gl/mapbox`'s MapboxOverlay: the console's two cargo layers as
 * ScatterplotLayers (the urgency ring under cargo with an open task, the dot by mode and state) fed
 * binary attributes. A tick writes the moved cargo's features into the typed arrays in place; only
 * the columns that changed are uploaded again. Overlaid, deck.gl draws on a canvas of its own that
 * follows the map's camera, and an update is drawn at deck.gl's next frame (onAfterRender);
 * interleaved, it draws into maplibre's context between the map's layers, and the map's `idle`
 * covers its frame.
 */
export function deckStrategy(interleaved: boolean): (map: MaplibreMap, world: CargoWorld) => Strategy {
  return (map, world) => {
    const modeColours = Object.fromEntries(Object.entries(MODE_COLOURS).map(([mode, hex]) => [mode, rgb(hex)])) as Record<string, [number, number, number]>;
    const urgencyColours = Object.fromEntries(Object.entries(URGENCY_COLOURS).map(([urgency, hex]) => [urgency, rgb(hex)])) as Record<string, [number, number, number]>;
    const dots = new DotColumns(world.count);
    // The ring layer holds only the cargo with a task: ringSlot maps a cargo to its row there (-1: none).
    const ringSlot = new Int32Array(world.count).fill(-1);
    let rings = 0;
    world.tasks.forEach((task, i) => {
      if (task !== undefined) ringSlot[i] = rings++;
    });
    const ring = new DotColumns(rings);

    const write = (i: number, nowMs: number): void => {
      const record = world.records[i];
      if (record === undefined) throw new Error(`no cargo ${i}`);
      const feature = cargoFeature(record, world.tasks[i], nowMs, NO_FILTER);
      const p = feature.properties;
      const opacity = p.stale ? 0.35 : 1;
      dots.setPosition(i, feature);
      writeColour(dots.fill, i, modeColours[p.mode] ?? [85, 85, 85], p.shown ? opacity : 0);
      const held = p.state === 'held';
      writeColour(dots.line, i, held ? [0, 0, 0] : [255, 255, 255], p.shown ? opacity : 0);
      writeNumber(dots.radius, i, STATE_RADII[p.state]);
      writeNumber(dots.lineWidth, i, held ? 2 : 1);
      const slot = ringSlot[i] ?? -1;
      if (slot < 0) return;
      ring.setPosition(slot, feature);
      const urgency = p.urgency === 'none' ? undefined : urgencyColours[p.urgency];
      writeColour(ring.fill, slot, urgency ?? [153, 153, 153], urgency !== undefined && p.shown ? (p.stale ? 0.3 : 0.85) : 0);
      writeNumber(ring.radius, slot, RING_RADIUS);
    };

    const layers = () => [
      new ScatterplotLayer({ id: 'cargo-urgency', data: ring.data(), radiusUnits: 'pixels', filled: true, stroked: false }),
      new ScatterplotLayer({ id: 'cargo', data: dots.data(), radiusUnits: 'pixels', lineWidthUnits: 'pixels', filled: true, stroked: true }),
    ];

    const now = Date.now();
    for (let i = 0; i < world.count; i++) write(i, now);
    // Overlaid: resolved by deck.gl's next frame after an update, on its canvas the map's idle does not cover.
    let frameDrawn: (() => void) | null = null;
    const nextFrame = (): Promise<void> => (interleaved ? Promise.resolve() : new Promise<void>((resolve) => (frameDrawn = resolve)));
    let drawn = nextFrame();
    if (interleaved) lendTransform(map);
    const overlay = new MapboxOverlay({
      interleaved,
      layers: layers(),
      onAfterRender: () => {
        frameDrawn?.();
        frameDrawn = null;
      },
    });
    map.addControl(overlay);
    return {
      apply: (moved) => {
        const nowMs = Date.now();
        for (const i of moved) write(i, nowMs);
        drawn = nextFrame();
        overlay.setProps({ layers: layers() });
      },
      drawn: () => drawn,
    };
  };
}
