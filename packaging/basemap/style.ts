/**
 * The basemap's MapLibre style (spec v8). Sources are GeoJSON files by URL relative to style.json;
 * labels read `name_zh` over `name_en` (a feature with no Chinese name shows its English one) and
 * each label layer's metadata carries the English-only text-field the map adapter swaps in for an
 * English UI.
 */

/** One stack: Noto Sans, with Noto Sans CJK SC for what Noto Sans lacks (packaging/basemap/build.ts). */
export const FONTSTACK = 'NotoSans-Regular';

/** Each source's file under data/ and the attribution MapLibre's control shows while it is drawn. */
export const SOURCES = {
  land: { file: 'land.geojson', attribution: 'Natural Earth (public domain)', maxzoom: 8 },
  borders: { file: 'borders.geojson', attribution: 'Natural Earth (public domain)', maxzoom: 8 },
  rivers: { file: 'rivers.geojson', attribution: 'GSHHG/WDBII, P. Wessel and W. H. F. Smith (LGPL)', maxzoom: 8 },
  'rivers-local': { file: 'rivers-local.geojson', attribution: 'GSHHG/WDBII, P. Wessel and W. H. F. Smith (LGPL)', maxzoom: 14 },
  cities: { file: 'cities.geojson', attribution: 'GeoNames (CC BY 4.0); labels in Noto Sans and Noto Sans CJK (OFL)', maxzoom: 10 },
  corridors: { file: 'corridors.geojson', attribution: '', maxzoom: 10 },
  places: { file: 'places.geojson', attribution: '', maxzoom: 14 },
} as const;

export type SourceId = keyof typeof SOURCES;

const COLORS = {
  sea: '#c9dff0',
  land: '#f3f0e8',
  coast: '#8fb1c8',
  border: '#a392b4',
  river: '#86b6dc',
  text: '#2b3440',
  halo: '#ffffff',
  city: '#5a6270',
} as const;

const MODE_COLORS: Record<string, string> = {
  rail: '#b8322a',
  river: '#1f6fb2',
  road: '#d9781c',
  air: '#7d3c98',
  sea: '#138d75',
};

const PLACE_COLORS: Record<string, string> = {
  city: COLORS.city,
  river_port: MODE_COLORS.river ?? COLORS.city,
  sea_port: MODE_COLORS.sea ?? COLORS.city,
  rail_hub: MODE_COLORS.rail ?? COLORS.city,
  road_hub: MODE_COLORS.road ?? COLORS.city,
  airport: MODE_COLORS.air ?? COLORS.city,
  bonded_zone: '#8a6d1f',
  border_crossing: '#444444',
};

const matchColor = (property: string, colors: Record<string, string>, fallback: string): unknown[] => [
  'match',
  ['get', property],
  ...Object.entries(colors).flat(),
  fallback,
];

/** Chinese over English, or English alone where there is no Chinese name. */
const BILINGUAL_LABEL = [
  'case',
  ['has', 'name_zh'],
  ['format', ['get', 'name_zh'], {}, '\n', {}, ['get', 'name_en'], { 'font-scale': 0.8 }],
  ['get', 'name_en'],
];
const ENGLISH_LABEL = ['get', 'name_en'];
const AIR_OR_SEA = ['in', ['get', 'mode'], ['literal', ['air', 'sea']]];

const labelLayout = (size: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  'text-field': BILINGUAL_LABEL,
  'text-font': [FONTSTACK],
  'text-size': size,
  'text-line-height': 1.15,
  'text-max-width': 12,
  ...extra,
});
const labelPaint = { 'text-color': COLORS.text, 'text-halo-color': COLORS.halo, 'text-halo-width': 1.4 };
const labelMetadata = { 'smartport:text-field-en': ENGLISH_LABEL };

/** Cities by rank: the zoom a band appears at, its dot and its text size. */
const CITY_BANDS = [
  { rank: 1, minzoom: 2, radius: 3.5, size: 13 },
  { rank: 2, minzoom: 4, radius: 3, size: 12 },
  { rank: 3, minzoom: 5.5, radius: 2.5, size: 11 },
  { rank: 4, minzoom: 7, radius: 2.2, size: 11 },
  { rank: 5, minzoom: 9, radius: 2, size: 10.5 },
] as const;

export function buildStyle(): Record<string, unknown> {
  const sources = Object.fromEntries(
    Object.entries(SOURCES).map(([id, s]) => [
      id,
      { type: 'geojson', data: `data/${s.file}`, maxzoom: s.maxzoom, ...(s.attribution === '' ? {} : { attribution: s.attribution }) },
    ]),
  );
  const cityLayers = CITY_BANDS.flatMap((band) => [
    {
      id: `city-dot-${band.rank}`,
      type: 'circle',
      source: 'cities',
      minzoom: band.minzoom,
      filter: ['==', ['get', 'rank'], band.rank],
      paint: { 'circle-radius': band.radius, 'circle-color': COLORS.city, 'circle-stroke-color': COLORS.halo, 'circle-stroke-width': 1 },
    },
    {
      id: `city-label-${band.rank}`,
      type: 'symbol',
      source: 'cities',
      minzoom: band.minzoom,
      filter: ['==', ['get', 'rank'], band.rank],
      metadata: labelMetadata,
      layout: labelLayout(band.size, {
        'text-anchor': 'top',
        'text-offset': [0, 0.4],
        'symbol-sort-key': ['-', 0, ['get', 'population']],
      }),
      paint: labelPaint,
    },
  ]);

  return {
    version: 8,
    name: 'Smart Port offline basemap',
    metadata: {
      // From Duisburg to Shanghai in a 1280 px window (zoom 2.8), down to one Chongqing port.
      'smartport:zoom': { min: 2, max: 14 },
      'smartport:fontstack': FONTSTACK,
      'smartport:note':
        'URLs are relative to this file. Every label glyph, Chinese included, is in glyphs/: create the map with localIdeographFontFamily: false so MapLibre reads them instead of drawing CJK with a system font.',
    },
    center: [64, 42],
    zoom: 2.8,
    glyphs: `glyphs/{fontstack}/{range}.pbf`,
    sources,
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': COLORS.sea } },
      { id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': COLORS.land } },
      { id: 'coastline', type: 'line', source: 'land', paint: { 'line-color': COLORS.coast, 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.5, 10, 1.2] } },
      {
        id: 'rivers',
        type: 'line',
        source: 'rivers',
        filter: ['<=', ['get', 'level'], ['step', ['zoom'], 1, 5, 2]],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': COLORS.river, 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 8, 1.6] },
      },
      {
        id: 'rivers-local',
        type: 'line',
        source: 'rivers-local',
        filter: ['<=', ['get', 'level'], ['step', ['zoom'], 2, 8, 3, 10, 4]],
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': COLORS.river,
          'line-width': [
            'interpolate', ['exponential', 1.6], ['zoom'],
            5, ['match', ['get', 'level'], 1, 1, 0.6],
            14, ['match', ['get', 'level'], 1, 22, 2, 12, 3, 4, 2],
          ],
        },
      },
      {
        id: 'borders',
        type: 'line',
        source: 'borders',
        paint: { 'line-color': COLORS.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.7, 8, 1.5], 'line-dasharray': [3, 2] },
      },
      {
        id: 'river-names',
        type: 'symbol',
        source: 'rivers-local',
        minzoom: 8,
        filter: ['has', 'name_en'],
        metadata: labelMetadata,
        layout: labelLayout(12, { 'symbol-placement': 'line', 'symbol-spacing': 300, 'text-max-angle': 30 }),
        paint: { ...labelPaint, 'text-color': '#2f6690' },
      },
      ...(['solid', 'dashed'] as const).map((dash) => ({
        id: `corridors-${dash}`,
        type: 'line',
        source: 'corridors',
        // Air and sea legs have no track on the ground: dashed.
        filter: dash === 'dashed' ? AIR_OR_SEA : ['!', AIR_OR_SEA],
        layout: { 'line-join': 'round', 'line-cap': dash === 'dashed' ? 'butt' : 'round' },
        paint: {
          'line-color': matchColor('mode', MODE_COLORS, COLORS.city),
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 1.2, 10, 3],
          'line-opacity': 0.75,
          ...(dash === 'dashed' ? { 'line-dasharray': [3, 2] } : {}),
        },
      })),
      {
        id: 'corridor-labels',
        type: 'symbol',
        source: 'corridors',
        minzoom: 4,
        metadata: labelMetadata,
        layout: labelLayout(11, { 'symbol-placement': 'line', 'symbol-spacing': 400, 'text-max-angle': 35 }),
        paint: { ...labelPaint, 'text-color': matchColor('mode', MODE_COLORS, COLORS.text) },
      },
      ...cityLayers,
      {
        id: 'place-dots',
        type: 'circle',
        source: 'places',
        filter: ['any', ['==', ['get', 'local'], false], ['>=', ['zoom'], 7]],
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 3, 12, 6],
          'circle-color': matchColor('kind', PLACE_COLORS, COLORS.city),
          'circle-stroke-color': COLORS.halo,
          'circle-stroke-width': 1.5,
        },
      },
      {
        id: 'place-labels',
        type: 'symbol',
        source: 'places',
        // Chongqing's own hubs crowd each other until the city fills the screen.
        filter: ['any', ['==', ['get', 'local'], false], ['>=', ['zoom'], 9]],
        metadata: labelMetadata,
        layout: labelLayout(['interpolate', ['linear'], ['zoom'], 3, 11, 12, 13], {
          'text-anchor': 'left',
          'text-offset': [0.7, 0],
          'text-justify': 'left',
          'symbol-sort-key': ['get', 'order'],
        }),
        paint: labelPaint,
      },
    ],
  };
}
