import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { TransportMode } from '../../../shared/contract/enums.js';
import type { CargoState, Urgency } from './cargo-features.js';

export const CARGO_SOURCE = 'cargo';
/** The layer pointer events are read on: the cargo dots themselves. */
export const CARGO_LAYER = 'cargo';
/** The cargo counted into cells at the overview's zooms (cargo-drawing.ts); a click zooms into one. */
export const DENSITY_SOURCE = 'cargo-density';
export const DENSITY_LAYER = 'cargo-density';

/** Mode colours, shown beside the mode filters too. */
export const MODE_COLOURS: Readonly<Record<TransportMode, string>> = {
  rail: '#8c510a',
  river: '#2166ac',
  road: '#1b7837',
  air: '#762a83',
  sea: '#01665e',
};

/** Urgency colours of the ring around cargo with an open inspection task, the task list's order. */
export const URGENCY_COLOURS: Readonly<Record<Exclude<Urgency, 'none'>, string>> = {
  overdue: '#b2182b',
  urgent: '#e34a33',
  high: '#fdae61',
  normal: '#4393c3',
};

/** A dot's size says its state: waiting and held cargo are the ones an officer looks for. */
const STATE_RADII: Readonly<Record<CargoState, number>> = {
  moving: 4,
  at_hub: 5,
  awaiting_inspection: 6,
  held: 6,
  released: 3.5,
};

function match<K extends string>(property: string, values: Readonly<Record<K, string | number>>, fallback: string | number): ExpressionSpecification {
  const pairs = Object.entries(values).flatMap(([key, value]) => [key, value as string | number]);
  return ['match', ['get', property], ...pairs, fallback] as unknown as ExpressionSpecification;
}

const shown: ExpressionSpecification = ['==', ['get', 'shown'], true];
const staleOpacity = (fresh: number, stale: number): ExpressionSpecification => ['case', ['any', ['==', ['get', 'stale'], true], ['==', ['get', 'estimated'], true]], stale, fresh];
const estimated: ExpressionSpecification = ['==', ['get', 'estimated'], true];
const modeColour = match('mode', MODE_COLOURS, '#555555');

/**
 * The density cells, under the dots: a disc per mode and cell in the mode's colour, its area growing
 * with the cargo it counts, faded like a stale dot when most of them are stale or estimated. An
 * emptied cell stays in the source with a count of 0 and is not drawn.
 */
export const densityLayer: LayerSpecification = {
  id: DENSITY_LAYER,
  type: 'circle',
  source: DENSITY_SOURCE,
  filter: ['>', ['get', 'count'], 0],
  paint: {
    'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 2.5, 10, 7, 40, 14],
    'circle-color': modeColour,
    'circle-opacity': ['case', ['==', ['get', 'stale'], true], 0.3, 0.6],
    'circle-stroke-color': '#ffffff',
    'circle-stroke-width': 0.5,
  },
};

/**
 * The cargo layers over the basemap: a ring coloured by the task's urgency under cargo with an open
 * task, the dot coloured by mode and sized by state (held ringed in black), both faded when the
 * position is stale; an estimated position is a hollow ring in the mode's colour, so it is never
 * taken for a reported one; with glyphs in the style, a stale or estimated cargo's age beside it.
 */
export function cargoLayers(ageFont: string[] | null): LayerSpecification[] {
  const layers: LayerSpecification[] = [
    {
      id: 'cargo-urgency',
      type: 'circle',
      source: CARGO_SOURCE,
      filter: ['all', shown, ['!=', ['get', 'urgency'], 'none']],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 6, 12, 11],
        'circle-color': match('urgency', URGENCY_COLOURS, '#999999'),
        'circle-opacity': staleOpacity(0.85, 0.3),
      },
    },
    {
      id: CARGO_LAYER,
      type: 'circle',
      source: CARGO_SOURCE,
      filter: shown,
      paint: {
        'circle-radius': match('state', STATE_RADII, 4),
        'circle-color': modeColour,
        'circle-stroke-color': ['case', ['==', ['get', 'state'], 'held'], '#000000', estimated, modeColour, '#ffffff'],
        'circle-stroke-width': ['case', ['==', ['get', 'state'], 'held'], 2, estimated, 2, 1],
        'circle-opacity': ['case', estimated, 0, ['==', ['get', 'stale'], true], 0.35, 1],
        'circle-stroke-opacity': ['case', estimated, 0.9, ['==', ['get', 'stale'], true], 0.35, 1],
      },
    },
  ];
  if (ageFont !== null) {
    layers.push({
      id: 'cargo-age',
      type: 'symbol',
      source: CARGO_SOURCE,
      minzoom: 7,
      filter: ['all', shown, ['!=', ['get', 'age'], '']],
      layout: {
        'text-field': ['get', 'age'],
        'text-font': ageFont,
        'text-size': 10,
        'text-offset': [0, 1.1],
        'text-anchor': 'top',
        'text-allow-overlap': false,
      },
      paint: { 'text-color': '#555555', 'text-halo-color': '#ffffff', 'text-halo-width': 1 },
    });
  }
  return layers;
}
