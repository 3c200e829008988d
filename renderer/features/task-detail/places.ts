import places from '../../../resources/domain/places.json' with { type: 'json' };

/** A named place of resources/domain/places.json (hubs, ports, crossings along the corridors). */
export interface Place {
  id: string;
  name: string;
  nameZh: string;
  lon: number;
  lat: number;
}

const toPlace = ({ id, name, nameZh, lon, lat }: Place): Place => ({ id, name, nameZh, lon, lat });
const ALL: readonly Place[] = places.map(toPlace);

/** Kinds of place where inspections happen; places.json also lists cities and waypoints. */
const SITE_KINDS = new Set(['river_port', 'rail_hub', 'road_hub', 'airport', 'bonded_zone']);
/** Chongqing municipality, roughly: the same hubs abroad (Duisburg, Małaszewicze) are not the port's sites. */
const inChongqing = (p: { lon: number; lat: number }): boolean => p.lon > 105.2 && p.lon < 110.3 && p.lat > 28.1 && p.lat < 32.3;

/** The inspection sites of the Chongqing port. */
export const SITES: readonly Place[] = places.filter((place) => SITE_KINDS.has(place.kind) && inChongqing(place)).map(toPlace);

/** A place's name in the UI language; the id as sent when places.json does not know it. */
export function placeName(id: string, english: boolean): string {
  const place = ALL.find((candidate) => candidate.id === id);
  if (!place) return id;
  return english ? place.name : place.nameZh;
}
