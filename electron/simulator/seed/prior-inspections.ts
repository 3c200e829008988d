import places from '../../../resources/domain/places.json' with { type: 'json' };
import type { Agency } from '../../../shared/contract/enums.js';
import type { PriorInspection } from '../../../shared/contract/gateway-task.js';
import { lanes, type Lane } from './lanes.js';
import type { Random } from './random.js';

/**
 * Inspected once along the corridor (通报通检通放, 空检铁放): some cargo reaches Chongqing already
 * inspected at an earlier node, which the node holding the task may recognise instead of inspecting
 * again. The earlier node is where the goods entered China on their corridor (the rail border
 * crossing, the sea port of the rail-sea or river route, the road border with Vietnam), or, for
 * cargo that flew into Jiangbei airport and continues by train or into a bonded zone, the airport.
 *
 * PRIOR_SHARE of the tasks on such lanes carry one. Its port is the customs district of the node
 * (four digits, as in declaration numbers): 9400 Urumqi (Alashankou, Khorgos), 0600 Manzhouli,
 * 0700 Hohhot (Erenhot), 7200 Nanning (Qinzhou, Pingxiang), 8600 Kunming (Mohan), 3100 Ningbo,
 * 2200 Shanghai (Yangshan), 8000 Chongqing (Jiangbei airport).
 */
export const PRIOR_SHARE = 0.15;

interface UpstreamNode {
  readonly portCode: string;
  readonly siteId: string;
  /** Hours between the inspection there and the task's last change here. */
  readonly transitHours: readonly [number, number];
}

const node = (portCode: string, siteId: string, transitHours: readonly [number, number]): UpstreamNode => {
  if (!places.some((place) => place.id === siteId)) throw new Error(`places.json has no place ${siteId}`);
  return { portCode, siteId, transitHours };
};

const AIRPORT = node('8000', 'ckg', [4, 48]);
const ENTRY_BY_CORRIDOR: Readonly<Record<string, UpstreamNode>> = {
  yuxinou: node('9400', 'alashankou', [72, 144]),
  'yuxinou-khorgos': node('9400', 'khorgos', [72, 144]),
  'north-manzhouli': node('0600', 'manzhouli', [96, 168]),
  'north-erenhot': node('0700', 'erenhot', [60, 120]),
  'land-sea': node('7200', 'qinzhou-port', [36, 72]),
  'china-laos': node('8600', 'mohan', [36, 72]),
  'trucks-asean': node('7200', 'pingxiang', [24, 48]),
  'rail-sea-ningbo': node('3100', 'ningbo', [72, 120]),
  yangtze: node('2200', 'yangshan', [168, 336]),
};

/** The earlier node of a lane's cargo, if it has one: imports by their entry node; rail exports and bonded-zone air imports by the airport. */
export function upstreamNodeOf(lane: Lane): UpstreamNode | undefined {
  if (lane.direction === 'import') {
    if (lane.mode === 'air') return lane.hub === 'ckg' ? undefined : AIRPORT;
    return ENTRY_BY_CORRIDOR[lane.corridor];
  }
  return lane.group === 'exportRail' ? AIRPORT : undefined;
}

const HOUR = 3_600_000;
const hex = (value: number): string => value.toString(16).padStart(8, '0');

/** A UUID v4 drawn from the task's own stream, so the same seed gives the same id. */
function resultIdFrom(rng: Random): string {
  const [a, b, c, d] = [rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32()].map(hex) as [string, string, string, string];
  const version = `4${b.slice(5, 8)}`;
  const variant = `${'89ab'.charAt(Number.parseInt(c.charAt(0), 16) & 3)}${c.slice(1, 4)}`;
  return `${a}-${b.slice(0, 4)}-${version}-${variant}-${c.slice(4, 8)}${d}`;
}

/**
 * The prior inspections of one task, drawn last from its stream so that every other field stays
 * what it was before prior inspections existed. Mostly conform and released (that is what lets the
 * next node recognise them); a few found something minor and still released the goods.
 */
/** Per lane, decided once: the generator asks for every task of a million. */
const upstreamByLane = new Map<Lane, UpstreamNode | undefined>(lanes.map((lane) => [lane, upstreamNodeOf(lane)]));

export function priorInspectionsFor(rng: Random, lane: Lane, agencies: readonly Agency[], updatedAt: string): PriorInspection[] | undefined {
  const upstream = upstreamByLane.get(lane);
  if (upstream === undefined || !rng.chance(PRIOR_SHARE)) return undefined;
  const conform = rng.chance(0.92);
  const at = Date.parse(updatedAt) - rng.int(upstream.transitHours[0], upstream.transitHours[1]) * HOUR;
  return [
    {
      portCode: upstream.portCode,
      siteId: upstream.siteId,
      at: new Date(at).toISOString().replace('.000Z', 'Z'),
      resultId: resultIdFrom(rng),
      outcome: conform ? 'conform' : 'nonconform',
      disposition: 'release',
      agencies: agencies.includes('quarantine') ? ['customs', 'quarantine'] : ['customs'],
    },
  ];
}
