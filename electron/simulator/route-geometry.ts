import { z } from 'zod';
import { transportModes, type TransportMode } from '../../shared/contract/enums.js';
import corridorsJson from '../../resources/domain/corridors.json' with { type: 'json' };
import placesJson from '../../resources/domain/places.json' with { type: 'json' };
import { haversineKm, inChongqing } from '../../shared/domain/geo.js';

/**
 * The path a consignment takes: its corridor's `via` places (corridors.json, coordinates from
 * places.json), oriented towards Chongqing for imports and away from it for exports, with a last
 * (or first) short leg to the inspection site when the corridor ends at another hub.
 */

const corridorSchema = z.object({
  id: z.string(),
  mode: z.enum([...transportModes, 'rail_sea']),
  via: z.array(z.string()).min(2),
});
const placeSchema = z.object({ id: z.string(), kind: z.string(), lon: z.number(), lat: z.number() });

const corridors = new Map(z.array(corridorSchema).parse(corridorsJson).map((c) => [c.id, c]));
const places = new Map(z.array(placeSchema).parse(placesJson).map((p) => [p.id, p]));

export interface Waypoint {
  readonly placeId: string;
  readonly kind: string;
  readonly lon: number;
  readonly lat: number;
}

export interface Leg {
  readonly from: Waypoint;
  readonly to: Waypoint;
  readonly mode: TransportMode;
  readonly km: number;
}

export type Direction = 'inbound' | 'outbound';

function place(id: string): Waypoint {
  const p = places.get(id);
  if (p === undefined) throw new Error(`places.json has no place ${id}`);
  return { placeId: p.id, kind: p.kind, lon: p.lon, lat: p.lat };
}

export function routeFor(corridorId: string, hubId: string, direction: Direction): Leg[] {
  const corridor = corridors.get(corridorId);
  if (corridor === undefined) throw new Error(`corridors.json has no corridor ${corridorId}`);
  const hub = place(hubId);
  const points = corridor.via.map(place);
  const startsHome = points[0] !== undefined && inChongqing(points[0]);
  if ((direction === 'inbound') === startsHome) points.reverse();
  const connector = new Set<Waypoint>();
  if (direction === 'inbound' && points[points.length - 1]?.placeId !== hubId) {
    points.push(hub);
    connector.add(hub);
  }
  if (direction === 'outbound' && points[0]?.placeId !== hubId) {
    points.unshift(hub);
    connector.add(hub);
  }

  const legs: Leg[] = [];
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1];
    const to = points[i];
    if (from === undefined || to === undefined) continue;
    const km = haversineKm(from, to);
    if (km < 0.01) continue;
    let mode: TransportMode;
    if (connector.has(from) || connector.has(to)) {
      // Between Chongqing's own hubs: barges stay on the river, everything else goes by truck.
      mode = corridor.mode === 'river' && hub.kind === 'river_port' ? 'river' : 'road';
    } else if (corridor.mode === 'rail_sea') {
      mode = from.kind === 'sea_port' && to.kind === 'sea_port' ? 'sea' : 'rail';
    } else {
      mode = corridor.mode;
    }
    legs.push({ from, to, mode, km });
  }
  return legs;
}
