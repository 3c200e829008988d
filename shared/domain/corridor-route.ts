import corridorsJson from '../../resources/domain/corridors.json' with { type: 'json' };
import placesJson from '../../resources/domain/places.json' with { type: 'json' };
import { bearing, haversineKm, inChongqing, type LonLat } from './geo.js';

/**
 * The corridors of resources/domain as lines on the map: their `via` places in order, from the
 * Chongqing end outwards, with the distance along the line to each place. Cargo positions are
 * placed on these lines to estimate where a silent cargo is now and when it reaches a hub.
 * Between two places the line is straight (the data has no track geometry); a position is placed on
 * a segment in a plane local to that segment, good to a few per cent of the segment's length, which
 * is what an estimate a supervisor plans a shift with needs.
 */

interface Place extends LonLat {
  readonly id: string;
  readonly kind: string;
  readonly nameZh: string;
  readonly name: string;
}

export interface CorridorRoute {
  readonly id: string;
  /** Its places from the Chongqing end outwards (the end in Chongqing is `home`). */
  readonly points: readonly Place[];
  /** Distance along the line from the Chongqing end to each point, km. */
  readonly alongKm: readonly number[];
  readonly lengthKm: number;
  readonly home: Place;
}

export interface RouteFix {
  /** Distance along the line from the Chongqing end, km. */
  readonly alongKm: number;
  /** Distance from the line, km (a fix far from its corridor's line is not placed on it). */
  readonly offKm: number;
  /** Index of the segment (points[segment] → points[segment + 1]) the fix lies on. */
  readonly segment: number;
}

/**
 * A fix further than this from its corridor's line is not placed on it (another route, a detour):
 * the lines are straight between places hundreds of km apart, the tracks are not.
 */
export const MAX_OFF_ROUTE_KM = 250;

const AT_HUB_MILESTONES = new Set(['arrived', 'gate_in', 'inspection_started', 'released', 'gate_out']);

/** A cargo whose last milestone is one of these is at its hub: not on its way along a corridor. */
export function isAtHub(milestone: string | undefined): boolean {
  return milestone !== undefined && AT_HUB_MILESTONES.has(milestone);
}

/** Kinds of place cargo is handled at: the hubs a supervisor staffs. */
const HUB_KINDS = new Set(['river_port', 'rail_hub', 'road_hub', 'airport', 'bonded_zone']);

const places: ReadonlyMap<string, Place> = new Map((placesJson as Place[]).map((p) => [p.id, p]));

/** Chongqing's own hubs (places.json), where arriving cargo is counted. */
export const CHONGQING_HUBS: readonly Place[] = [...places.values()].filter((p) => HUB_KINDS.has(p.kind) && inChongqing(p));

const routes: ReadonlyMap<string, CorridorRoute> = new Map(
  (corridorsJson as { id: string; via: string[] }[]).map((corridor) => {
    const points = corridor.via.map((id) => {
      const place = places.get(id);
      if (!place) throw new Error(`corridor ${corridor.id} passes ${id}, which places.json does not know`);
      return place;
    });
    // Every corridor has one end in Chongqing (lanzhou-chongqing and chengdu-chongqing end there).
    if (!inChongqing(points[0] as Place)) points.reverse();
    const alongKm = [0];
    for (let i = 1; i < points.length; i++) alongKm.push((alongKm[i - 1] as number) + haversineKm(points[i - 1] as Place, points[i] as Place));
    return [corridor.id, { id: corridor.id, points, alongKm, lengthKm: alongKm.at(-1) as number, home: points[0] as Place }];
  }),
);

export function corridorRoute(id: string): CorridorRoute | undefined {
  return routes.get(id);
}

const KM_PER_DEGREE = 111.195;

/** The nearest point of the route's line to `p`. */
export function placeOnRoute(route: CorridorRoute, p: LonLat): RouteFix {
  let best: RouteFix = { alongKm: 0, offKm: Number.POSITIVE_INFINITY, segment: 0 };
  for (let i = 0; i + 1 < route.points.length; i++) {
    const a = route.points[i] as Place;
    const b = route.points[i + 1] as Place;
    // A plane local to the segment: degrees of longitude shrink with the cosine of the latitude.
    const scale = Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
    const bx = (b.lon - a.lon) * scale;
    const by = b.lat - a.lat;
    const px = (p.lon - a.lon) * scale;
    const py = p.lat - a.lat;
    const length2 = bx * bx + by * by;
    const t = length2 === 0 ? 0 : Math.min(1, Math.max(0, (px * bx + py * by) / length2));
    const offKm = Math.hypot(px - t * bx, py - t * by) * KM_PER_DEGREE;
    if (offKm < best.offKm) {
      const segmentKm = (route.alongKm[i + 1] as number) - (route.alongKm[i] as number);
      best = { alongKm: (route.alongKm[i] as number) + t * segmentKm, offKm, segment: i };
    }
  }
  return best;
}

/** The point `alongKm` from the Chongqing end (clamped to the line). */
export function pointOnRoute(route: CorridorRoute, alongKm: number): LonLat {
  const km = Math.min(route.lengthKm, Math.max(0, alongKm));
  let i = 0;
  while (i + 2 < route.points.length && (route.alongKm[i + 1] as number) < km) i++;
  const a = route.points[i] as Place;
  const b = route.points[i + 1] ?? a;
  const span = (route.alongKm[i + 1] ?? 0) - (route.alongKm[i] as number);
  const t = span > 0 ? (km - (route.alongKm[i] as number)) / span : 0;
  return { lon: a.lon + (b.lon - a.lon) * t, lat: a.lat + (b.lat - a.lat) * t };
}

/**
 * Whether a cargo heading `heading` degrees on segment `segment` goes towards Chongqing: its heading
 * is within 90° of the segment's bearing homewards.
 */
export function headsHome(route: CorridorRoute, segment: number, heading: number): boolean {
  const outer = route.points[segment + 1] ?? route.points[segment];
  const inner = route.points[segment];
  if (!outer || !inner) return false;
  const homewards = bearing(outer, inner);
  const difference = Math.abs((((heading - homewards) % 360) + 540) % 360 - 180);
  return difference <= 90;
}

/** The Chongqing hub nearest to a point (a task's site, a corridor's end in the city). */
export function nearestHub(p: LonLat): Place {
  let best = CHONGQING_HUBS[0] as Place;
  let bestKm = Number.POSITIVE_INFINITY;
  for (const hub of CHONGQING_HUBS) {
    const km = haversineKm(hub, p);
    if (km < bestKm) {
      best = hub;
      bestKm = km;
    }
  }
  return best;
}
