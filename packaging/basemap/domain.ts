import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { densify, roundLine, type Line, type Position } from './geometry.js';

/**
 * The Chongqing hubs and the corridors (resources/domain, copied from ../shared/domain) as map
 * features: every place a labelled point, every corridor a line through its `via` places, cut into
 * runs by the mode each leg travels.
 */

const placeSchema = z.object({
  id: z.string(),
  name: z.string().min(1),
  nameZh: z.string().min(1),
  kind: z.string(),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});
const corridorSchema = z.object({
  id: z.string(),
  name: z.string().min(1),
  nameZh: z.string().min(1),
  mode: z.string(),
  via: z.array(z.string()).min(2),
});

export type Place = z.infer<typeof placeSchema>;
type Corridor = z.infer<typeof corridorSchema>;

export function readPlaces(file: string): Place[] {
  return z.array(placeSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
}

export function readCorridors(file: string): Corridor[] {
  return z.array(corridorSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
}

export interface CorridorRun {
  readonly corridor: Corridor;
  /** How this run travels: the corridor's mode, except a rail-sea corridor's legs between sea ports, which are `sea`. */
  readonly mode: string;
  readonly line: Line;
}

/**
 * Legs are drawn as the simulator moves cargo along them (linear in lon/lat, see
 * electron/simulator/route-geometry.ts), densified so the map's Mercator line follows the cargo.
 */
export function corridorRuns(corridors: readonly Corridor[], places: readonly Place[], digits: number): CorridorRun[] {
  const byId = new Map(places.map((p) => [p.id, p]));
  const runs: CorridorRun[] = [];
  for (const corridor of corridors) {
    const stops = corridor.via.map((id) => {
      const place = byId.get(id);
      if (place === undefined) throw new Error(`corridor ${corridor.id} passes ${id}, which places.json does not have`);
      return place;
    });
    let mode: string | null = null;
    let line: Position[] = [];
    const flush = (): void => {
      const rounded = roundLine(line, digits);
      if (mode !== null && rounded !== null) runs.push({ corridor, mode, line: rounded });
    };
    for (let i = 1; i < stops.length; i++) {
      const from = stops[i - 1] as Place;
      const to = stops[i] as Place;
      const legMode = corridor.mode === 'rail_sea' ? (from.kind === 'sea_port' && to.kind === 'sea_port' ? 'sea' : 'rail') : corridor.mode;
      if (legMode !== mode) {
        flush();
        mode = legMode;
        line = [[from.lon, from.lat]];
      }
      line.push(...densify([from.lon, from.lat], [to.lon, to.lat], 1).slice(1), [to.lon, to.lat]);
    }
    flush();
  }
  return runs;
}
