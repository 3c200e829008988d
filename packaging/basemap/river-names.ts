import { approxKm, type Line, type Position } from './geometry.js';

/**
 * GSHHG's rivers carry no names. The rivers a Chongqing map is read by are named here from a point
 * known to lie on each (taken from GSHHG's own high-resolution line, so the match is exact): the
 * line of that WDBII level passing nearest the point gets the name, and the build fails if none
 * passes within a few km, rather than label the wrong river after a data update.
 */

interface RiverName {
  readonly en: string;
  readonly zh: string;
  readonly level: number;
  readonly on: Position;
}

const NAMED_RIVERS: readonly RiverName[] = [
  { en: 'Yangtze River', zh: '长江', level: 1, on: [106.58, 29.565] },
  { en: 'Jialing River', zh: '嘉陵江', level: 2, on: [106.4381, 29.8439] },
  { en: 'Wu River', zh: '乌江', level: 2, on: [107.4397, 29.5958] },
];
const MAX_KM = 3;

export interface NamedRiver {
  readonly level: number;
  readonly line: Line;
  readonly name: { readonly en: string; readonly zh: string } | null;
}

const nearestKm = (line: Line, p: Position): number => Math.min(...line.map((q) => approxKm(p, q)));

export function nameRivers(rivers: readonly { level: number; line: Line }[]): NamedRiver[] {
  const named: NamedRiver[] = rivers.map((r) => ({ ...r, name: null }));
  for (const river of NAMED_RIVERS) {
    let bestIndex = -1;
    let bestKm = Infinity;
    for (const [index, r] of named.entries()) {
      if (r.level !== river.level || r.name !== null) continue;
      const km = nearestKm(r.line, river.on);
      if (km < bestKm) {
        bestIndex = index;
        bestKm = km;
      }
    }
    const target = named[bestIndex];
    if (target === undefined || bestKm > MAX_KM) {
      throw new Error(`no level-${river.level} river passes within ${MAX_KM} km of ${river.on.join(',')} to be named ${river.en}`);
    }
    named[bestIndex] = { ...target, name: { en: river.en, zh: river.zh } };
  }
  return named;
}
