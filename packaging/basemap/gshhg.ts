import { execFileSync } from 'node:child_process';
import type { Bbox, Line, Position } from './geometry.js';

/**
 * Rivers from GSHHG's WDBII set, read through Debian's `gmt coast` (packages gmt, gmt-gshhg-low,
 * gmt-gshhg-high). `-M` writes plain text: a `> River Bin # N, Level L` header, then one
 * "lon<TAB>lat" row a vertex.
 */

/** GSHHG's resolutions, crude to high (full is not packaged by Debian). */
export type GshhgResolution = 'c' | 'l' | 'i' | 'h';

export interface LevelledLine {
  /** WDBII river level: 1 permanent major rivers, 2 additional major, 3 additional, 4 minor. */
  readonly level: number;
  readonly line: Line;
}

export function readRivers(region: Bbox, resolution: GshhgResolution, levels: readonly number[]): LevelledLine[] {
  const [w, s, e, n] = region;
  const args = ['coast', `-R${w}/${e}/${s}/${n}`, `-D${resolution}`, ...levels.map((l) => `-I${l}`), '-M'];
  let text: string;
  try {
    text = execFileSync('gmt', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  } catch (err) {
    throw new Error(`gmt ${args.join(' ')} failed (install Debian's gmt, gmt-gshhg-low and gmt-gshhg-high): ${String(err)}`);
  }
  return parseMultisegment(text);
}

export function parseMultisegment(text: string): LevelledLine[] {
  const out: LevelledLine[] = [];
  let level = 0;
  let line: Position[] = [];
  const flush = (): void => {
    if (line.length >= 2) out.push({ level, line });
    line = [];
  };
  for (const row of text.split('\n')) {
    if (row.startsWith('>')) {
      flush();
      const m = /Level\s+(\d+)/.exec(row);
      if (m?.[1] === undefined) throw new Error(`gmt segment header without a level: ${row}`);
      level = Number(m[1]);
      continue;
    }
    if (row.trim() === '') continue;
    const [lon, lat] = row.trim().split(/\s+/).map(Number);
    if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      throw new Error(`gmt row is not "lon lat": ${row}`);
    }
    line.push([lon, lat]);
  }
  flush();
  return out;
}
