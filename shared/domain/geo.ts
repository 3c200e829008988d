/** Plain spherical geometry for cargo on a map: distances in km, bearings in degrees. */

const EARTH_RADIUS_KM = 6371;
const rad = (deg: number): number => (deg * Math.PI) / 180;

export interface LonLat {
  readonly lon: number;
  readonly lat: number;
}

export function haversineKm(a: LonLat, b: LonLat): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial bearing from a to b, 0 (north) up to but excluding 360. */
export function bearing(a: LonLat, b: LonLat): number {
  const y = Math.sin(rad(b.lon - a.lon)) * Math.cos(rad(b.lat));
  const x = Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) - Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lon - a.lon));
  const deg = (Math.atan2(y, x) * 180) / Math.PI;
  const normalized = Math.round(((deg % 360) + 360) % 360);
  return normalized === 360 ? 0 : normalized;
}

/** Chongqing municipality, roughly: where the simulated port's sites and hubs lie. */
export const inChongqing = (p: LonLat): boolean => p.lon > 105.2 && p.lon < 110.3 && p.lat > 28.1 && p.lat < 32.3;

export const roundTo = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
