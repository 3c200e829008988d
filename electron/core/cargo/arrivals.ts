import type { HubArrivals } from '../../../shared/contract/cargo.js';
import { agencies, transportModes, type Agency, type TransportMode } from '../../../shared/contract/enums.js';
import { CHONGQING_HUBS, corridorRoute, headsHome, isAtHub, MAX_OFF_ROUTE_KM, nearestHub, placeOnRoute } from '../../../shared/domain/corridor-route.js';
import { haversineKm } from '../../../shared/domain/geo.js';
import type { CargoTask, StoredPosition } from '../db/cargo-repository.js';

/**
 * Arrivals per hub (issue 9, point 5): for each Chongqing hub, the cargo expected within the next
 * hours and how many carry open inspection tasks, by agency, so a supervisor can staff the shift.
 *
 * When a position arrives, the cargo is placed on its corridor's line (shared/domain/corridor-route)
 * and, if it is heading for Chongqing, its arrival at the corridor's Chongqing end is estimated from
 * the distance left and its recent speed. Asked for arrivals, the board adds the last stretch to the
 * hub the cargo goes to: its task's site when it has a task, else the hub nearest the corridor's end.
 * The estimate is kept per cargo, so a question over 100k cargo compares numbers and looks up only
 * the tasks of the cargo due in the window.
 */

/**
 * Average speeds including stops, for a position that carries none: the same order as the
 * timetables of the domain notes (a China-Europe train averages under 40 km/h door to door).
 */
export const TYPICAL_KMH: Readonly<Record<TransportMode, number>> = { rail: 38, river: 12, sea: 28, road: 45, air: 760 };
/** Within Chongqing, cargo reaches its hub by truck (a barge to a river port stays on the river). */
const CITY_LEG_KMH = { road: 45, river: 12 } as const;
/** Arrivals listed per hub, soonest first. */
const SOONEST_LISTED = 10;
const HOUR_MS = 3_600_000;

interface Approach {
  readonly position: StoredPosition;
  /** Estimated arrival at the corridor's Chongqing end, ms. */
  readonly homeEtaMs: number;
}

export class ArrivalBoard {
  private readonly approaching = new Map<string, Approach>();
  /** The longest last stretch inside Chongqing, ms: cargo due at a corridor's end later than the window by less may still be due at its hub. */
  private readonly cityLegMaxMs = maxCityLegMs();

  /** Takes the newest position of a cargo (and the one before it, when known: its direction if it reports no heading). */
  note(position: StoredPosition, previous: StoredPosition | undefined): void {
    const homeEtaMs = homeArrival(position, previous);
    if (homeEtaMs === null) this.approaching.delete(position.cargoId);
    else this.approaching.set(position.cargoId, { position, homeEtaMs });
  }

  /**
   * Every Chongqing hub with the cargo expected there by `now + withinHours` (late ones included:
   * they are due any moment), given the open tasks of the candidate cargo.
   */
  expected(now: number, withinHours: number, tasksOf: (cargoIds: readonly string[]) => readonly CargoTask[]): HubArrivals[] {
    const until = now + withinHours * HOUR_MS;
    const candidates = [...this.approaching.values()].filter((a) => a.homeEtaMs <= until + this.cityLegMaxMs);
    const tasks = new Map<string, CargoTask[]>();
    for (const task of tasksOf(candidates.map((a) => a.position.cargoId))) {
      const list = tasks.get(task.cargoId);
      if (list) list.push(task);
      else tasks.set(task.cargoId, [task]);
    }
    const board = new Map(CHONGQING_HUBS.map((hub) => [hub.id, emptyHub(hub.id)]));
    const listed = new Map<string, HubArrivals['soonest']>();
    for (const approach of candidates) {
      const { position } = approach;
      const route = corridorRoute(position.corridor);
      if (!route) continue;
      const own = tasks.get(position.cargoId) ?? [];
      const site = own[0];
      const hub = nearestHub(site ?? route.home);
      const cityKmh = position.mode === 'river' && hub.kind === 'river_port' ? CITY_LEG_KMH.river : CITY_LEG_KMH.road;
      const etaMs = approach.homeEtaMs + (haversineKm(route.home, hub) / cityKmh) * HOUR_MS;
      if (etaMs > until) continue;
      const entry = board.get(hub.id);
      if (!entry) continue;
      entry.expected++;
      if (etaMs < now) entry.late++;
      entry.byMode[position.mode]++;
      if (own.length > 0) {
        entry.withTasks++;
        for (const agency of new Set(own.flatMap((task) => task.agencies))) entry.byAgency[agency]++;
      }
      const soonest = listed.get(hub.id) ?? [];
      soonest.push({
        cargoId: position.cargoId,
        transportDocNo: position.transportDocNo,
        ...(position.containerNo === undefined ? {} : { containerNo: position.containerNo }),
        mode: position.mode,
        corridor: position.corridor,
        etaAt: new Date(etaMs).toISOString(),
        taskIds: own.map((task) => task.taskId),
      });
      listed.set(hub.id, soonest);
    }
    return [...board.values()].map((entry) => ({
      ...entry,
      soonest: (listed.get(entry.hubId) ?? []).sort((a, b) => a.etaAt.localeCompare(b.etaAt)).slice(0, SOONEST_LISTED),
    }));
  }
}

/** Estimated arrival at the corridor's Chongqing end, or null: at its hub, leaving, off its corridor, direction unknown. */
export function homeArrival(position: StoredPosition, previous: StoredPosition | undefined): number | null {
  if (isAtHub(position.milestone)) return null;
  const route = corridorRoute(position.corridor);
  if (!route) return null;
  const fix = placeOnRoute(route, position);
  if (fix.offKm > MAX_OFF_ROUTE_KM) return null;
  let inbound: boolean;
  if (position.heading !== undefined) inbound = headsHome(route, fix.segment, position.heading);
  else if (previous && previous.atMs < position.atMs) inbound = placeOnRoute(route, previous).alongKm > fix.alongKm;
  else return null;
  if (!inbound) return null;
  const kmh = position.speedKmh !== undefined && position.speedKmh > 1 ? position.speedKmh : TYPICAL_KMH[position.mode];
  return position.atMs + (fix.alongKm / kmh) * HOUR_MS;
}

function emptyHub(hubId: string): Omit<HubArrivals, 'soonest'> & { byAgency: Record<Agency, number>; byMode: Record<TransportMode, number> } {
  return {
    hubId,
    expected: 0,
    late: 0,
    withTasks: 0,
    byAgency: zeroCounts(agencies),
    byMode: zeroCounts(transportModes),
  };
}

/** A count of 0 for each of the contract's values, so a hub lists every agency and mode. */
function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

function maxCityLegMs(): number {
  let longest = 0;
  for (const hub of CHONGQING_HUBS) {
    for (const other of CHONGQING_HUBS) longest = Math.max(longest, haversineKm(hub, other));
  }
  return (longest / Math.min(CITY_LEG_KMH.road, CITY_LEG_KMH.river)) * HOUR_MS;
}
