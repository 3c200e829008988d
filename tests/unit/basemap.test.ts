import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  createExpression,
  featureFilter,
  latest,
  validateStyleMin,
  type StylePropertySpecification,
  type StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/**
 * The committed offline basemap (resources/basemap, written by `npm run basemap:build`), read as
 * MapLibre would read it: the style validated by MapLibre's own style spec, every label evaluated
 * with its expressions, and every glyph looked up in the range files MapLibre would fetch.
 */

const DIR = path.resolve(import.meta.dirname, '../../resources/basemap');
/** The budget resources/basemap/README.md states for the whole folder. */
const BUDGET_BYTES = 4 * 1024 * 1024;
const MAX_ZOOM = 14;

const style = JSON.parse(readFileSync(path.join(DIR, 'style.json'), 'utf8')) as StyleSpecification;

const featureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  geometry: z.object({ type: z.enum(['Point', 'LineString', 'Polygon']), coordinates: z.array(z.unknown()).or(z.array(z.number())) }),
});
type Feature = z.infer<typeof featureSchema>;
const collectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(featureSchema).min(1) });

const geojsonSources = Object.entries(style.sources).map(([id, source]) => {
  if (source.type !== 'geojson' || typeof source.data !== 'string') throw new Error(`source ${id} is not GeoJSON by URL`);
  return { id, url: source.data, attribution: source.attribution ?? '' };
});
const features = new Map(geojsonSources.map((s) => [s.id, collectionSchema.parse(JSON.parse(readFileSync(path.join(DIR, s.url), 'utf8'))).features]));
const sourceFeatures = (id: string): Feature[] => features.get(id) ?? [];

type Position = [number, number];
/** Distance in km from a point to a line, segment by segment (equirectangular: fine over a few km). */
function kmToLine(p: Position, line: readonly Position[]): number {
  const kx = 111.2 * Math.cos((p[1] * Math.PI) / 180);
  const ky = 111.2;
  let best = Infinity;
  for (let i = 1; i < line.length; i++) {
    const [a, b] = [line[i - 1] as Position, line[i] as Position];
    const [ax, ay, bx, by] = [(a[0] - p[0]) * kx, (a[1] - p[1]) * ky, (b[0] - p[0]) * kx, (b[1] - p[1]) * ky];
    const [dx, dy] = [bx - ax, by - ay];
    const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

interface Glyph {
  readonly width: number;
  readonly height: number;
  readonly bitmap: Uint8Array;
}

/** The glyphs of one range file by code point, read by MapLibre's glyphs.proto (stacks=1 > glyphs=3 > id=1, bitmap=2, width=3, height=4). */
function readGlyphs(file: string): Map<number, Glyph> {
  const buf = readFileSync(file);
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 1;
    for (;;) {
      const byte = buf[pos++];
      if (byte === undefined) throw new Error(`${file}: cut varint`);
      value += (byte & 0x7f) * shift;
      shift *= 128;
      if (byte < 0x80) return value;
    }
  };
  /** Fields of the message between pos and end: varints as numbers, length-delimited as [start, end]. */
  const fields = (end: number): { field: number; value: number | [number, number] }[] => {
    const out: { field: number; value: number | [number, number] }[] = [];
    while (pos < end) {
      const tag = varint();
      if ((tag & 7) === 0) out.push({ field: tag >>> 3, value: varint() });
      else if ((tag & 7) === 2) {
        const length = varint();
        out.push({ field: tag >>> 3, value: [pos, pos + length] });
        pos += length;
      } else throw new Error(`${file}: wire type ${tag & 7}`);
    }
    return out;
  };
  const glyphs = new Map<number, Glyph>();
  for (const stack of fields(buf.length)) {
    if (stack.field !== 1 || typeof stack.value === 'number') throw new Error(`${file}: not a glyphs message`);
    pos = stack.value[0];
    for (const glyph of fields(stack.value[1])) {
      if (glyph.field !== 3 || typeof glyph.value === 'number') continue;
      const after = glyph.value[1];
      pos = glyph.value[0];
      const g = new Map(fields(after).map((f) => [f.field, f.value]));
      const [id, bitmap, width, height] = [g.get(1), g.get(2), g.get(3), g.get(4)];
      if (typeof id !== 'number' || typeof width !== 'number' || typeof height !== 'number') throw new Error(`${file}: glyph without id or size`);
      const pixels = Array.isArray(bitmap) ? buf.subarray(bitmap[0], bitmap[1]) : new Uint8Array();
      // A drawn glyph's bitmap is its size plus fontnik's 3 px border all round.
      if (width > 0 && pixels.length !== (width + 6) * (height + 6)) throw new Error(`${file}: glyph ${id} bitmap ${pixels.length} bytes for ${width}x${height}`);
      glyphs.set(id, { width, height, bitmap: pixels });
      pos = after;
    }
  }
  return glyphs;
}

const symbolLayers = style.layers.flatMap((layer, index) => (layer.type === 'symbol' ? [{ layer, index }] : []));

/** A label as MapLibre composes it, sections joined. */
function labelText(expressionJson: unknown, rootKey: string, feature: Feature): string {
  // The spec's own entry for text-field; its layout entries have no `transition`, which the type asks of every property.
  const spec = latest.layout_symbol['text-field'] as unknown as StylePropertySpecification;
  const parsed = createExpression(expressionJson, rootKey, spec);
  if (parsed.result !== 'success') throw new Error(`${rootKey}: ${JSON.stringify(parsed.value)}`);
  return String(parsed.value.evaluate({ zoom: MAX_ZOOM }, { type: 1, properties: feature.properties, geometry: [] }));
}

/** Both of a symbol layer's labels (the default and the English-UI one from its metadata) for every feature of its source. */
function allLabels(): string[] {
  return symbolLayers.flatMap(({ layer, index }) => {
    if (!('source' in layer) || typeof layer.source !== 'string') return [];
    const english = (layer.metadata as Record<string, unknown> | undefined)?.['smartport:text-field-en'];
    expect(english, `${layer.id} has no English text-field in its metadata`).toBeDefined();
    return sourceFeatures(layer.source).flatMap((f) => [
      labelText(layer.layout?.['text-field'], `layers[${index}].layout.text-field`, f),
      labelText(english, `layers[${index}].metadata`, f),
    ]);
  });
}

describe('offline basemap (resources/basemap)', () => {
  it('is a valid MapLibre style, version 8, whose every source file is GeoJSON that parses', () => {
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.version).toBe(8);
    expect(geojsonSources.length).toBeGreaterThanOrEqual(6);
    for (const s of geojsonSources) {
      expect(s.url, `${s.id} must be a relative URL, served from the basemap folder`).not.toMatch(/^[a-z]+:|^\//i);
      expect(existsSync(path.join(DIR, s.url)), s.url).toBe(true);
      expect(sourceFeatures(s.id).length, s.id).toBeGreaterThan(0);
    }
    expect(style.glyphs).toBe('glyphs/{fontstack}/{range}.pbf');
  });

  it('credits each outside source in the attribution control', () => {
    const attribution = (id: string): string => geojsonSources.find((s) => s.id === id)?.attribution ?? '';
    expect(attribution('land')).toContain('Natural Earth');
    expect(attribution('borders')).toContain('Natural Earth');
    for (const id of ['rivers', 'rivers-local']) expect(attribution(id)).toMatch(/GSHHG.*LGPL/);
    expect(attribution('cities')).toMatch(/GeoNames.*CC BY 4\.0/);
    expect(geojsonSources.map((s) => s.attribution).join(' ')).toMatch(/Noto.*OFL/);
  });

  it('draws the Yangtze and the Jialing through Chongqing, the Yangtze on past Fuling and Wanzhou', () => {
    const river = (nameEn: string): Position[] => {
      const f = sourceFeatures('rivers-local').find((x) => x.properties.name_en === nameEn);
      if (f?.geometry.type !== 'LineString') throw new Error(`no ${nameEn} line`);
      return f.geometry.coordinates as Position[];
    };
    const yangtze = river('Yangtze River');
    expect(kmToLine([106.55, 29.56], yangtze)).toBeLessThan(2);
    expect(kmToLine([107.3895, 29.7032], yangtze)).toBeLessThan(3);
    expect(kmToLine([108.4089, 30.8077], yangtze)).toBeLessThan(3);
    expect(kmToLine([106.55, 29.56], river('Jialing River'))).toBeLessThan(2);
    expect(sourceFeatures('rivers-local').find((x) => x.properties.name_en === 'Yangtze River')?.properties.name_zh).toBe('长江');
    // Drawn at city and port zoom: the layer's filter keeps major rivers there.
    const index = style.layers.findIndex((l) => l.id === 'rivers-local');
    const layer = style.layers[index];
    if (layer?.type !== 'line') throw new Error('no rivers-local line layer');
    const shown = featureFilter(layer.filter, `layers[${index}].filter`);
    expect(shown.filter({ zoom: 11 }, { type: 2, properties: { level: 1 }, geometry: [] })).toBe(true);
    expect(shown.filter({ zoom: 11 }, { type: 2, properties: { level: 2 }, geometry: [] })).toBe(true);
  });

  it('labels every place of places.json with its Chinese name over its English one, at port zoom', () => {
    const places = z
      .array(z.object({ id: z.string(), name: z.string(), nameZh: z.string(), lon: z.number(), lat: z.number() }))
      .parse(JSON.parse(readFileSync(path.resolve(DIR, '../domain/places.json'), 'utf8')));
    const labelLayer = symbolLayers.find(({ layer }) => 'source' in layer && layer.source === 'places');
    if (labelLayer === undefined) throw new Error('no symbol layer on the places source');
    const { layer, index } = labelLayer;
    const shown = featureFilter(layer.filter, `layers[${index}].filter`);
    const english = (layer.metadata as Record<string, unknown>)['smartport:text-field-en'];
    expect(places.length).toBeGreaterThan(40);
    for (const place of places) {
      const feature = sourceFeatures('places').find((f) => f.properties.id === place.id);
      expect(feature, place.id).toBeDefined();
      if (feature === undefined) continue;
      expect(feature.geometry.coordinates).toEqual([place.lon, place.lat]);
      expect(shown.filter({ zoom: MAX_ZOOM }, { type: 1, properties: feature.properties, geometry: [] }), place.id).toBe(true);
      expect(labelText(layer.layout?.['text-field'], `layers[${index}].layout.text-field`, feature)).toBe(`${place.nameZh}\n${place.name}`);
      expect(labelText(english, `layers[${index}].metadata`, feature)).toBe(place.name);
    }
  });

  it('ships a glyph for every character of every label, in the range file MapLibre asks for', () => {
    const fontstack = symbolLayers.map(({ layer }) => JSON.stringify(layer.layout?.['text-font']));
    expect(new Set(fontstack).size).toBe(1);
    const stack = (JSON.parse(fontstack[0] ?? '[]') as string[]).join(',');
    const ranges = new Map<number, Map<number, Glyph>>();
    const missing = new Set<string>();
    const labels = allLabels();
    expect(labels.some((l) => /\p{Script=Han}/u.test(l))).toBe(true);
    for (const label of labels) {
      for (const ch of label) {
        if (ch === '\n') continue;
        const cp = ch.codePointAt(0) ?? 0;
        const start = Math.floor(cp / 256) * 256;
        let glyphs = ranges.get(start);
        if (glyphs === undefined) {
          const file = path.join(DIR, 'glyphs', stack, `${start}-${start + 255}.pbf`);
          glyphs = existsSync(file) ? readGlyphs(file) : new Map<number, Glyph>();
          ranges.set(start, glyphs);
        }
        if (!glyphs.has(cp)) missing.add(ch);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('ships signed distance fields: inside a stroke above the edge value, the border below it', () => {
    const stack = ((symbolLayers[0]?.layer.layout?.['text-font'] ?? []) as string[]).join(',');
    const glyphAt = (cp: number): Glyph => {
      const start = Math.floor(cp / 256) * 256;
      const glyph = readGlyphs(path.join(DIR, 'glyphs', stack, `${start}-${start + 255}.pbf`)).get(cp);
      if (glyph === undefined) throw new Error(`no glyph U+${cp.toString(16)}`);
      return glyph;
    };
    // MapLibre draws the outline where the field crosses 192 (fontnik's cutoff 0.25 of 255).
    const EDGE = 192;
    const value = (g: Glyph, col: number, row: number): number => g.bitmap[row * (g.width + 6) + col] ?? -1;
    // "I" is one vertical stroke, and "中" has one down its middle: their centres are inside.
    for (const cp of ['I'.codePointAt(0) ?? 0, '中'.codePointAt(0) ?? 0]) {
      const g = glyphAt(cp);
      expect(value(g, Math.floor((g.width + 6) / 2), Math.floor((g.height + 6) / 2))).toBeGreaterThanOrEqual(EDGE);
      expect(value(g, 0, 0)).toBeLessThan(EDGE);
      expect(value(g, g.width + 5, g.height + 5)).toBeLessThan(EDGE);
    }
  });

  it(`stays within its budget of ${BUDGET_BYTES / 1024 / 1024} MiB`, () => {
    const sizeOf = (dir: string): number =>
      readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? sizeOf(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size), 0);
    expect(sizeOf(DIR)).toBeLessThan(BUDGET_BYTES);
  });
});
