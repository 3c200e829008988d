import { randomInt } from 'node:crypto';
import type { Agency } from '../../../shared/contract/enums.js';

/**
 * A uniform integer in [0, maxExclusive). The console draws with node:crypto's randomInt, which
 * officers cannot predict from earlier draws; only tests pass a seeded one, to check the weights.
 */
export type RandomInt = (maxExclusive: number) => number;
export const cryptoRandomInt: RandomInt = (maxExclusive) => randomInt(maxExclusive);

/**
 * Tickets per officer: 2^36 / (1 + open tasks), rounded down. Integer tickets let one randomInt
 * pick among them exactly; the rounding moves a weight by less than (1 + open tasks) / 2^36 of
 * itself (under 2^-30 up to 63 open tasks). 300 officers (MAX_ROSTER_OFFICERS) hold under 2^45
 * tickets, inside randomInt's range of 2^48.
 */
const TICKET_SCALE = 2 ** 36;

export function ticketsFor(workload: number): number {
  return Math.floor(TICKET_SCALE / (1 + workload));
}

/** The weight the README and the candidates list show: 1 / (1 + workload). */
export function weightOf(workload: number): number {
  return 1 / (1 + workload);
}

export interface Drawable {
  operatorId: string;
  agency: Agency;
  workload: number;
}

/** One draw, as the audit entry records it: who could be drawn with their tickets, the number rolled, who it chose. */
export interface DrawStep {
  /** The agency this draw had to cover, or null for a draw that completes the team from every needed agency. */
  agency: Agency | null;
  pool: { operatorId: string; tickets: number }[];
  total: number;
  roll: number;
  chosen: string;
}

export type TeamDraw = { ok: true; chosen: string[]; steps: DrawStep[] } | { ok: false; missingAgencies: Agency[]; eligible: number; teamSize: number };

/**
 * Draws a team without replacement: first one officer for each agency the task needs (in the
 * task's order), each drawn among that agency's eligible officers with probability proportional to
 * their tickets; then, while the team is smaller than `teamSize`, one more among every eligible
 * officer of a needed agency not drawn yet. Refuses (no draw at all) when an agency has nobody
 * eligible or there are fewer eligible officers than the team needs.
 */
export function drawTeam(eligible: readonly Drawable[], agencies: readonly Agency[], teamSize: number, random: RandomInt): TeamDraw {
  const needed = eligible.filter((officer) => agencies.includes(officer.agency));
  const missingAgencies = agencies.filter((agency) => !needed.some((officer) => officer.agency === agency));
  if (missingAgencies.length > 0 || needed.length < teamSize) return { ok: false, missingAgencies, eligible: needed.length, teamSize };
  const chosen: string[] = [];
  const steps: DrawStep[] = [];
  const drawFrom = (agency: Agency | null): void => {
    const pool = needed.filter((officer) => !chosen.includes(officer.operatorId) && (agency === null || officer.agency === agency));
    const step = weightedPick(pool, random);
    chosen.push(step.chosen);
    steps.push({ agency, ...step });
  };
  for (const agency of agencies) drawFrom(agency);
  while (chosen.length < teamSize) drawFrom(null);
  return { ok: true, chosen, steps };
}

function weightedPick(pool: readonly Drawable[], random: RandomInt): Omit<DrawStep, 'agency'> {
  const tickets = pool.map((officer) => ({ operatorId: officer.operatorId, tickets: ticketsFor(officer.workload) }));
  const total = tickets.reduce((sum, entry) => sum + entry.tickets, 0);
  const roll = random(total);
  if (!Number.isSafeInteger(roll) || roll < 0 || roll >= total) throw new RangeError(`random source gave ${roll}, outside [0, ${total})`);
  let rest = roll;
  for (const entry of tickets) {
    if (rest < entry.tickets) return { pool: tickets, total, roll, chosen: entry.operatorId };
    rest -= entry.tickets;
  }
  // Unreachable: roll < total is the sum of the tickets.
  throw new RangeError(`roll ${roll} fell past ${total} tickets`);
}
