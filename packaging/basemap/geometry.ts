/**
 * Plain lon/lat geometry for the basemap build: rounding (the files' size is mostly digits),
 * joining line pieces that a source cut at its bin edges, and bounding boxes.
 */

export type Position = [number, number];
export type Line = Position[];

/** West, south, east, north in degrees. */
export type Bbox = readonly [number, number, number, number];

export const roundTo = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Rounds every vertex and drops the repeats rounding makes; a line left with one vertex is dropped. */
export function roundLine(line: Line, digits: number): Line | null {
  const out: Line = [];
  for (const [lon, lat] of line) {
    const p: Position = [roundTo(lon, digits), roundTo(lat, digits)];
    const last = out[out.length - 1];
    if (last === undefined || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out.length >= 2 ? out : null;
}

/** A ring keeps its closing vertex and at least four vertices, or is dropped. */
export function roundRing(ring: Line, digits: number): Line | null {
  const out = roundLine(ring, digits);
  return out !== null && out.length >= 4 ? out : null;
}

const key = (p: Position): string => `${p[0]},${p[1]}`;

/**
 * Joins pieces that meet end to end into longer lines: GSHHG cuts every river at its bin edges,
 * and one long line per river draws without seams and carries a label along it. Pieces are
 * joined only where exactly two ends meet (a fork stays a fork). The input order decides the
 * output, so the same input always gives the same lines.
 */
export function joinLines(pieces: readonly Line[]): Line[] {
  const lines = pieces.map((p) => [...p]);
  const alive = lines.map(() => true);
  const ends = new Map<string, number[]>();
  const addEnd = (p: Position, i: number): void => {
    const k = key(p);
    const list = ends.get(k);
    if (list === undefined) ends.set(k, [i]);
    else list.push(i);
  };
  lines.forEach((l, i) => {
    addEnd(l[0] as Position, i);
    addEnd(l[l.length - 1] as Position, i);
  });
  const partnerAt = (p: Position, self: number): number | null => {
    const list = (ends.get(key(p)) ?? []).filter((j) => alive[j]);
    if (list.length !== 2) return null;
    const other = list[0] === self ? list[1] : list[0];
    return other === undefined || other === self ? null : other;
  };
  const removeEnd = (p: Position, i: number): void => {
    const list = ends.get(key(p));
    if (list === undefined) return;
    const at = list.indexOf(i);
    if (at >= 0) list.splice(at, 1);
  };

  for (let i = 0; i < lines.length; i++) {
    if (!alive[i]) continue;
    let line = lines[i] as Line;
    for (;;) {
      const tail = line[line.length - 1] as Position;
      const j = partnerAt(tail, i);
      if (j === null) break;
      let other = lines[j] as Line;
      if (key(other[0] as Position) !== key(tail)) other = [...other].reverse();
      alive[j] = false;
      removeEnd(other[0] as Position, j);
      removeEnd(other[other.length - 1] as Position, j);
      removeEnd(tail, i);
      line = [...line, ...other.slice(1)];
      addEnd(line[line.length - 1] as Position, i);
    }
    for (;;) {
      const head = line[0] as Position;
      const j = partnerAt(head, i);
      if (j === null) break;
      let other = lines[j] as Line;
      if (key(other[other.length - 1] as Position) !== key(head)) other = [...other].reverse();
      alive[j] = false;
      removeEnd(other[0] as Position, j);
      removeEnd(other[other.length - 1] as Position, j);
      removeEnd(head, i);
      line = [...other.slice(0, -1), ...line];
      addEnd(line[0] as Position, i);
    }
    lines[i] = line;
  }
  return lines.filter((_, i) => alive[i]);
}

export const inBbox = ([lon, lat]: Position, [w, s, e, n]: Bbox): boolean => lon >= w && lon <= e && lat >= s && lat <= n;

/**
 * The runs of a line that lie inside (or outside) a box. Each run keeps the first vertex past the
 * box's edge, so a line cut here and its continuation cut the other way overlap by one segment
 * instead of leaving a gap.
 */
export function cutByBbox(line: Line, box: Bbox, keep: 'inside' | 'outside'): Line[] {
  const kept = line.map((p) => inBbox(p, box) === (keep === 'inside'));
  const runs: Line[] = [];
  let run: Line = [];
  line.forEach((p, i) => {
    if (kept[i] === true || kept[i - 1] === true || kept[i + 1] === true) {
      run.push(p);
    } else {
      if (run.length >= 2) runs.push(run);
      run = [];
    }
  });
  if (run.length >= 2) runs.push(run);
  return runs;
}

/** Equirectangular distance: good to a fraction of a percent over the tens of km it is used for. */
export function approxKm(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const x = (b[0] - a[0]) * Math.cos(((a[1] + b[1]) / 2) * rad);
  const y = b[1] - a[1];
  return Math.hypot(x, y) * rad * 6371;
}

export const bboxesIntersect = (a: Bbox, b: Bbox): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

export function bboxOf(positions: readonly Position[]): Bbox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const [lon, lat] of positions) {
    w = Math.min(w, lon);
    s = Math.min(s, lat);
    e = Math.max(e, lon);
    n = Math.max(n, lat);
  }
  return [w, s, e, n];
}

/** Linear in lon/lat, as the simulator moves cargo (electron/simulator/journey.ts), at most `stepDeg` apart. */
export function densify(a: Position, b: Position, stepDeg: number): Line {
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1])) / stepDeg));
  const out: Line = [];
  for (let i = 0; i < steps; i++) {
    const f = i / steps;
    out.push([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f]);
  }
  return out;
}
