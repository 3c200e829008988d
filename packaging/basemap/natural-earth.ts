import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature, mesh } from 'topojson-client';
import { bboxesIntersect, bboxOf, roundLine, roundRing, type Bbox, type Line, type Position } from './geometry.js';

/**
 * Land and country borders from Natural Earth 1:50m (public domain), as world-atlas packages them
 * in TopoJSON: one file holds both, and its shared arcs make each border a single line.
 */

type Topology = Parameters<typeof feature>[0];

const require = createRequire(import.meta.url);

function readCountries50m(): Topology {
  const parsed: unknown = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || (parsed as { type?: unknown }).type !== 'Topology') {
    throw new Error('world-atlas/countries-50m.json is not a TopoJSON topology');
  }
  return parsed as Topology;
}

export interface NaturalEarth {
  /** Land polygons (each an array of rings) that reach into the region. */
  readonly land: Line[][];
  /** Land borders between countries. */
  readonly borders: Line[];
}

export function readNaturalEarth(region: Bbox, digits: number): NaturalEarth {
  const topology = readCountries50m();
  const { land: landObject, countries } = topology.objects;
  if (landObject === undefined || countries === undefined) throw new Error('world-atlas countries-50m.json has no land or countries');

  const land: Line[][] = [];
  const landFeature = feature(topology, landObject);
  const geometries = 'features' in landFeature ? landFeature.features.map((f) => f.geometry) : [landFeature.geometry];
  for (const geometry of geometries) {
    const polygons = geometry.type === 'MultiPolygon' ? geometry.coordinates : geometry.type === 'Polygon' ? [geometry.coordinates] : [];
    for (const polygon of polygons) {
      const [outer, ...holes] = polygon as Position[][];
      if (outer === undefined || !bboxesIntersect(bboxOf(outer), region)) continue;
      // An island smaller than the rounding is dropped whole; a hole that small, alone.
      const rounded = roundRing(outer, digits);
      if (rounded === null) continue;
      land.push([rounded, ...holes.map((r) => roundRing(r, digits)).filter((r): r is Line => r !== null)]);
    }
  }

  // Typed apart, topojson-client's feature() and mesh() disagree on a geometry's properties type.
  const borderMesh = mesh(topology, countries as Parameters<typeof mesh>[1], (a, b) => a !== b);
  const borders = borderMesh.coordinates
    .map((l) => l as Position[])
    .filter((l) => bboxesIntersect(bboxOf(l), region))
    .map((l) => roundLine(l, digits))
    .filter((l): l is Line => l !== null);
  return { land, borders };
}
