import { SITES, type Place } from './places.js';

export const MAP_WIDTH = 320;
export const MAP_HEIGHT = 200;
const PADDING = 16;

export interface Projection {
  x: (lon: number) => number;
  y: (lat: number) => number;
}

/** How far around the task the sketch reaches: the city's sites, not Wanzhou's 250 km down the river. */
const REACH_DEGREES = 0.6;
/** The smallest span drawn, so a task at a lone site still shows some surroundings. */
const MIN_SPAN_DEGREES = 0.3;

/** The sites within reach of the task's point, which the sketch shows. */
export function sitesAround(point: { lon: number; lat: number }): Place[] {
  return SITES.filter((site) => Math.abs(site.lon - point.lon) <= REACH_DEGREES && Math.abs(site.lat - point.lat) <= REACH_DEGREES);
}

/**
 * An equirectangular projection fitting the sites around the task and its own point, with
 * longitudes shortened by cos(latitude) so distances look right at Chongqing's latitude.
 */
export function projectionFor(point: { lon: number; lat: number }): Projection {
  const all = [...sitesAround(point), point];
  const centre = (values: number[]) => (Math.min(...values) + Math.max(...values)) / 2;
  const half = (values: number[]) => Math.max((Math.max(...values) - Math.min(...values)) / 2, MIN_SPAN_DEGREES / 2);
  const lons = all.map((p) => p.lon);
  const lats = all.map((p) => p.lat);
  const squeeze = Math.cos((centre(lats) * Math.PI) / 180);
  const halfX = half(lons) * squeeze;
  const halfY = half(lats);
  const scale = Math.min((MAP_WIDTH - 2 * PADDING) / (2 * halfX), (MAP_HEIGHT - 2 * PADDING) / (2 * halfY));
  const [lon0, lat0] = [centre(lons), centre(lats)];
  return {
    x: (lon) => MAP_WIDTH / 2 + (lon - lon0) * squeeze * scale,
    y: (lat) => MAP_HEIGHT / 2 - (lat - lat0) * scale,
  };
}

/** Roughly 3 km at Chongqing: a task this close to a site is at that site. */
const NEAR_DEGREES = 0.03;

/** The site a task's point lies at, if any. */
export function siteAt(point: { lon: number; lat: number }): Place | null {
  let best: Place | null = null;
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
