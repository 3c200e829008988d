import type { StyleSpecification } from 'maplibre-gl';
import { SITES } from '../task-detail/places.js';

/** Where the offline basemap's style is served, beside the page (electron/protocol.ts's basemap mount). */
export const BASEMAP_STYLE_PATH = 'basemap/style.json';

export interface Basemap {
  style: StyleSpecification;
  /** The font stack the style's symbol layers use, for the cargo's age labels; null without glyphs. */
  labelFont: string[] | null;
}

/**
 * The offline basemap's style with every URL in it made absolute against the style's own address
 * (the engines resolve source and glyph URLs against the page, not the style, and the console is
 * served under a path: app://console/ in Electron, the host's secret prefix in a browser). When the
 * basemap is missing or unreadable the map still works on a plain style with the Chongqing hubs.
 */
export async function loadBasemap(pageUrl: string, fetchStyle: (url: string) => Promise<Response> = (url) => fetch(url)): Promise<Basemap> {
  const styleUrl = new URL(BASEMAP_STYLE_PATH, pageUrl).href;
  let parsed: unknown;
  try {
    const response = await fetchStyle(styleUrl);
    if (!response.ok) return fallbackBasemap();
    parsed = await response.json();
  } catch {
    return fallbackBasemap();
  }
  if (!looksLikeStyle(parsed)) return fallbackBasemap();
  const style = parsed;
  return { style: absoluteUrls(style, styleUrl), labelFont: style.glyphs === undefined ? null : firstTextFont(style) };
}

/** The engine validates the style in full; this only keeps a wrong file from being handed to it. */
function looksLikeStyle(value: unknown): value is StyleSpecification {
  if (typeof value !== 'object' || value === null) return false;
  const { version, sources, layers } = value as Record<string, unknown>;
  return version === 8 && typeof sources === 'object' && sources !== null && Array.isArray(layers);
}

function absoluteUrls(style: StyleSpecification, styleUrl: string): StyleSpecification {
  const sources = Object.fromEntries(
    Object.entries(style.sources).map(([id, source]) => {
      const copy = { ...source } as Record<string, unknown>;
      if (typeof copy.data === 'string') copy.data = absolute(copy.data, styleUrl);
      if (typeof copy.url === 'string') copy.url = absolute(copy.url, styleUrl);
      if (Array.isArray(copy.tiles)) copy.tiles = copy.tiles.map((tile: unknown) => (typeof tile === 'string' ? absolute(tile, styleUrl) : tile));
      return [id, copy as unknown as typeof source];
    }),
  );
  return {
    ...style,
    sources,
    ...(style.glyphs === undefined ? {} : { glyphs: absolute(style.glyphs, styleUrl) }),
    ...(typeof style.sprite === 'string' ? { sprite: absolute(style.sprite, styleUrl) } : {}),
  };
}

/** Relative to the style; the `{fontstack}`, `{range}`, `{z}/{x}/{y}` placeholders kept as they are (URL() would escape the braces). */
export function absolute(url: string, base: string): string {
  return new URL(url, base).href.replace(/%7B/gi, '{').replace(/%7D/gi, '}');
}

function firstTextFont(style: StyleSpecification): string[] | null {
  for (const layer of style.layers) {
    if (layer.type !== 'symbol') continue;
    const font = layer.layout?.['text-font'];
    if (Array.isArray(font) && font.every((name) => typeof name === 'string')) return font as string[];
  }
  return null;
}

const SEA = '#c6dbef';
const HUB = '#252525';

/** A plain sea-coloured style with the Chongqing hubs as dots: what the map shows without its basemap. */
export function fallbackBasemap(): Basemap {
  return {
    labelFont: null,
    style: {
      version: 8,
      // Chongqing, where the hubs are.
      center: [106.6, 29.6],
      zoom: 8,
      sources: {
        hubs: {
          type: 'geojson',
          data: {
            type: 'FeatureCollection',
            features: SITES.map((site) => ({ type: 'Feature', properties: { id: site.id }, geometry: { type: 'Point', coordinates: [site.lon, site.lat] } })),
          },
        },
      },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': SEA } },
        { id: 'hubs', type: 'circle', source: 'hubs', paint: { 'circle-radius': 5, 'circle-color': HUB } },
      ],
    },
  };
}
