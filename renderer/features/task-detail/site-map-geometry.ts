import places from '../../../resources/domain/places.json' with { type: 'json' };

/** An inspection site of the Chongqing port, from resources/domain/places.json. */
export interface Site {
  id: string;
  name: string;
  nameZh: string;
  lon: number;
  lat: number;
}

/** Kinds of place where inspections happen; places.json also lists cities and waypoints. */
const SITE_KINDS = new Set(['river_port', 'rail_hub', 'road_hub', 'airport', 'bonded_zone']);
/** Chongqing municipality, roughly: the same hubs abroad (Duisburg, Małaszewicze) are not the port's sites. */
const inChongqing = (p: { lon: number; lat: number }): boolean => p.lon > 105.2 && p.lon < 110.3 && p.lat > 28.1 && p.lat < 32.3;

export const SITES: readonly Site[] = places
  .filter((place) => SITE_KINDS.has(place.kind) && inChongqing(place))
  .map(({ id, name, nameZh, lon, lat }) => ({ id, name, nameZh, lon, lat }));

export const MAP_WIDTH = 320;
export const MAP_HEIGHT = 200;
const PADDING = 16;

export interface Projection {
  x: (lon: number) => number;
  y: (lat: number) => number;
}

/**
 * An equirectangular projection fitting every site and the task's own point in the map, with
 * longitudes shortened by cos(latitude) so distances look right at Chongqing's latitude.
 */
export function projectionFor(point: { lon: number; lat: number }): Projection {
  const all = [...SITES, point];
  const west = Math.min(...all.map((p) => p.lon));
  const east = Math.max(...all.map((p) => p.lon));
  const south = Math.min(...all.map((p) => p.lat));
  const north = Math.max(...all.map((p) => p.lat));
  const squeeze = Math.cos((((north + south) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * squeeze, 1e-6);
  const spanY = Math.max(north - south, 1e-6);
  const scale = Math.min((MAP_WIDTH - 2 * PADDING) / spanX, (MAP_HEIGHT - 2 * PADDING) / spanY);
  // Centred: the unused room is split on both sides.
  const offsetX = (MAP_WIDTH - spanX * scale) / 2;
  const offsetY = (MAP_HEIGHT - spanY * scale) / 2;
  return {
    x: (lon) => offsetX + (lon - west) * squeeze * scale,
    y: (lat) => offsetY + (north - lat) * scale,
  };
}

/** Roughly 3 km at Chongqing: a task this close to a site is at that site. */
const NEAR_DEGREES = 0.03;

/** The site a task's point lies at, if any. */
export function siteAt(point: { lon: number; lat: number }): Site | null {
  let best: Site | null = null;
  let bestDistance = NEAR_DEGREES;
  for (const site of SITES) {
    const distance = Math.hypot(site.lon - point.lon, site.lat - point.lat);
    if (distance <= bestDistance) {
      best = site;
      bestDistance = distance;
    }
  }
  return best;
}
