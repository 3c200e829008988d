import type { TaskStatus, TransportMode } from '../../shared/contract/enums.js';
import type { Position } from '../../shared/contract/gateway.js';
import { destination, fixAt, isMoving, origin, passages, planJourney, durationMs, type Journey } from './journey.js';
import type { PositionDraft, PositionLog } from './position-log.js';
import { routeFor, type Direction } from './route-geometry.js';
import { Random } from './seed/random.js';
import { laneOfTask } from './seed/task-generator.js';
import { isOpen, iso, type TaskRecord, type TaskWorld } from './world.js';

/**
 * Cargo on the move, in real time on the simulator's clock. Each followed cargo belongs to an open
 * task: imports travel their corridor towards Chongqing (departed, border crossings, arrived,
 * gate_in), wait for their inspection (inspection_started, released, gate_out); exports arrive at
 * the site, are inspected and released, then leave along their corridor. Moving cargo reports
 * every ~10 s; milestones are reported with the time they happened, so they may arrive late and
 * out of order, as the contract warns. At most `max` cargo are followed; when one is done, the
 * next open task's cargo takes its place.
 */

type Milestone = NonNullable<Position['milestone']>;

interface Scheduled {
  readonly at: number;
  readonly milestone: Milestone;
  readonly lon: number;
  readonly lat: number;
  readonly mode: TransportMode;
}

interface Cargo {
  readonly cargoId: string;
  readonly taskId: string;
  /** The first container of a containerised consignment; loose and air cargo have none. */
  readonly containerNo: string | undefined;
  /** The task's transport document, issued for its main mode (an air waybill for air cargo). */
  readonly transportDocNo: string;
  readonly corridor: string;
  readonly hubId: string;
  readonly direction: Direction;
  readonly site: { readonly lon: number; readonly lat: number };
  readonly mode: TransportMode;
  readonly rng: Random;
  readonly pace: number;
  journey: Journey | undefined;
  /** Future milestones, sorted by time. */
  schedule: Scheduled[];
  nextReportAt: number;
  atSite: boolean;
  released: boolean;
  /** Followed until this time (after gate_out, or arrival abroad). */
  endAt: number | undefined;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const REPORT_MS = 10_000;
const TRACK_BACKFILL_HOURS = 6;
const LATE_REPORT_CHANCE = 0.02;
const CARGO_STREAM = 0xca190;

export interface CargoWorldOptions {
  world: TaskWorld;
  positions: PositionLog;
  seed: number;
  max: number;
  now: () => number;
}

export class CargoWorld {
  private readonly cargo = new Map<string, Cargo>();
  /** Open tasks whose cargo is not followed yet, in creation order. */
  private readonly waiting: string[] = [];
  private waitingHead = 0;
  private readonly rng: Random;

  constructor(private readonly options: CargoWorldOptions) {
    this.rng = new Random(options.seed, CARGO_STREAM);
    const now = options.now();
    const backlog: PositionDraft[] = [];
    for (const record of options.world.all()) {
      if (!isOpen(record.task.status)) continue;
      if (this.cargo.size < options.max) backlog.push(...this.follow(record, now, true));
      else this.waiting.push(record.task.taskId);
    }
    this.emit(backlog);
    options.world.onChange((record, previousStatus) => {
      this.taskChanged(record, previousStatus);
    });
  }

  get followed(): number {
    return this.cargo.size;
  }

  /** Reports due at `now`: milestones that have happened, and positions of moving cargo. */
  step(now: number): void {
    const out: PositionDraft[] = [];
    for (const cargo of [...this.cargo.values()]) {
      out.push(...this.due(cargo, now));
      if (isMoving(cargo.journey, now) && cargo.nextReportAt <= now) {
        const late = this.rng.chance(LATE_REPORT_CHANCE) ? this.rng.int(5_000, 60_000) : 0;
        out.push(this.fix(cargo, cargo.journey, Math.max(cargo.journey.departAt, now - late)));
        cargo.nextReportAt = now + REPORT_MS * cargo.rng.real(0.8, 1.2);
      }
      if (cargo.endAt !== undefined && now >= cargo.endAt && cargo.schedule.length === 0) this.drop(cargo);
    }
    while (this.cargo.size < this.options.max && this.waitingHead < this.waiting.length) {
      const record = this.options.world.get(this.waiting[this.waitingHead++] ?? '');
      if (record !== undefined && isOpen(record.task.status) && !this.cargo.has(record.task.taskId)) out.push(...this.follow(record, now, false));
    }
    if (this.waitingHead > 4096) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
    this.emit(out);
  }

  private follow(record: TaskRecord, now: number, backfill: boolean): PositionDraft[] {
    const { task } = record;
    const lane = laneOfTask(this.options.seed, record.index);
    const rng = new Random(this.options.seed, (CARGO_STREAM + record.index) >>> 0);
    const cargo: Cargo = {
      cargoId: task.cargoId,
      taskId: task.taskId,
      containerNo: task.containers[0]?.containerNo,
      transportDocNo: task.billOfLading,
      corridor: lane.corridor,
      hubId: lane.hub,
      direction: lane.direction === 'import' ? 'inbound' : 'outbound',
      site: task.inspection.location,
      mode: task.mode,
      rng,
      pace: rng.real(0.85, 1.15),
      journey: undefined,
      schedule: [],
      nextReportAt: now,
      atSite: false,
      released: false,
      endAt: undefined,
    };
    // Cargo is at the site some hours before the inspection is due; one being inspected is there.
    let gateInAt = Date.parse(task.inspection.dueAt) - rng.real(2 * HOUR, 30 * HOUR);
    if (task.status === 'in_progress') gateInAt = Math.min(gateInAt, now - rng.real(HOUR, 12 * HOUR));
    if (cargo.direction === 'inbound') {
      const legs = routeFor(cargo.corridor, cargo.hubId, 'inbound');
      const arriveAt = gateInAt - rng.real(20 * MINUTE, 90 * MINUTE);
      cargo.journey = planJourney(legs, arriveAt - durationMs(legs, cargo.pace), cargo.pace);
      this.scheduleJourney(cargo, cargo.journey, 'arrived');
    }
    this.schedule(cargo, gateInAt, 'gate_in', cargo.site, cargo.mode);
    if (task.status === 'in_progress') this.schedule(cargo, Math.min(now, gateInAt + rng.real(10 * MINUTE, HOUR)), 'inspection_started', cargo.site, cargo.mode);
    this.cargo.set(task.taskId, cargo);

    const out = this.due(cargo, now);
    const journey = cargo.journey;
    if (isMoving(journey, now)) {
      if (backfill) {
        for (let t = Math.max(journey.departAt + MINUTE, now - TRACK_BACKFILL_HOURS * HOUR); t < now - MINUTE; t += HOUR) out.push(this.fix(cargo, journey, t));
      }
      out.push(this.fix(cargo, journey, now));
      cargo.nextReportAt = now + REPORT_MS * rng.real(0.1, 1.2);
    }
    return out;
  }

  private taskChanged(record: TaskRecord, previousStatus: TaskStatus): void {
    const { task } = record;
    const cargo = this.cargo.get(task.taskId);
    const now = this.options.now();
    if (cargo === undefined) {
      if (isOpen(task.status) && record.history.length === 0) this.waiting.push(task.taskId);
      return;
    }
    if (task.status === previousStatus) return;
    const out: PositionDraft[] = [];
    if (task.status === 'cancelled') {
      this.drop(cargo);
      return;
    }
    // Held goods stay at the site for a while, then drop off the live map (and free the slot).
    if (task.status === 'held') cargo.endAt = now + cargo.rng.real(2 * HOUR, 12 * HOUR);
    if (task.status === 'in_progress' && cargo.atSite) out.push(this.at(cargo, now, 'inspection_started', cargo.site, cargo.mode));
    if ((task.status === 'released' || task.status === 'completed') && !cargo.released) {
      cargo.released = true;
      if (cargo.direction === 'outbound' && !cargo.atSite) {
        // Released on documents before the truck reached the gate: it arrives now.
        cargo.schedule = cargo.schedule.filter((s) => s.milestone !== 'gate_in');
        cargo.atSite = true;
        out.push(this.at(cargo, now, 'gate_in', cargo.site, cargo.mode));
      }
      if (cargo.atSite) {
        out.push(this.at(cargo, now, 'released', cargo.site, cargo.mode));
        this.leave(cargo, now);
      }
    }
    this.emit(out);
  }

  /** After release: out through the gate, and for exports on along the corridor. */
  private leave(cargo: Cargo, from: number): void {
    const gateOutAt = from + cargo.rng.real(HOUR, 3 * HOUR);
    this.schedule(cargo, gateOutAt, 'gate_out', cargo.site, cargo.mode);
    if (cargo.direction === 'inbound') {
      cargo.endAt = gateOutAt;
      return;
    }
    const legs = routeFor(cargo.corridor, cargo.hubId, 'outbound');
    cargo.journey = planJourney(legs, gateOutAt + cargo.rng.real(30 * MINUTE, 4 * HOUR), cargo.pace);
    this.scheduleJourney(cargo, cargo.journey, 'arrived');
    cargo.endAt = cargo.journey.arriveAt;
  }

  private scheduleJourney(cargo: Cargo, journey: Journey, end: Milestone): void {
    const start = origin(journey);
    const stop = destination(journey);
    const first = journey.legs[0];
    const last = journey.legs[journey.legs.length - 1];
    if (start === undefined || stop === undefined || first === undefined || last === undefined) return;
    this.schedule(cargo, journey.departAt, 'departed', start, first.mode);
    for (const p of passages(journey)) {
      if (p.waypoint.kind === 'border_crossing') this.schedule(cargo, p.at, 'border_crossed', p.waypoint, p.mode);
    }
    this.schedule(cargo, journey.arriveAt, end, stop, last.mode);
  }

  private schedule(cargo: Cargo, at: number, milestone: Milestone, where: { lon: number; lat: number }, mode: TransportMode): void {
    const item: Scheduled = { at, milestone, lon: where.lon, lat: where.lat, mode };
    const i = cargo.schedule.findIndex((s) => s.at > at);
    if (i === -1) cargo.schedule.push(item);
    else cargo.schedule.splice(i, 0, item);
  }

  /** Milestones whose time has come, with what they set in motion. */
  private due(cargo: Cargo, now: number): PositionDraft[] {
    const out: PositionDraft[] = [];
    while (cargo.schedule[0] !== undefined && cargo.schedule[0].at <= now) {
      const s = cargo.schedule.shift();
      if (s === undefined) break;
      out.push(this.at(cargo, s.at, s.milestone, s, s.mode));
      if (s.milestone === 'gate_in') {
        cargo.atSite = true;
        // Released while still on the way (pre-arrival clearance): out again soon after arriving.
        if (cargo.released) {
          out.push(this.at(cargo, s.at, 'released', cargo.site, cargo.mode));
          this.leave(cargo, Math.max(s.at, now));
        }
      }
    }
    return out;
  }

  private fix(cargo: Cargo, journey: Journey, t: number): PositionDraft {
    const fix = fixAt(journey, t);
    return { ...this.base(cargo, t), mode: fix.mode, lon: fix.lon, lat: fix.lat, speedKmh: fix.speedKmh, heading: fix.heading };
  }

  private at(cargo: Cargo, t: number, milestone: Milestone, where: { lon: number; lat: number }, mode: TransportMode): PositionDraft {
    return { ...this.base(cargo, t), mode, lon: where.lon, lat: where.lat, speedKmh: 0, milestone };
  }

  private base(cargo: Cargo, t: number): Pick<Position, 'cargoId' | 'containerNo' | 'transportDocNo' | 'taskId' | 'corridor' | 'at'> {
    const container = cargo.containerNo === undefined ? {} : { containerNo: cargo.containerNo };
    return { cargoId: cargo.cargoId, ...container, transportDocNo: cargo.transportDocNo, taskId: cargo.taskId, corridor: cargo.corridor, at: iso(t) };
  }

  private drop(cargo: Cargo): void {
    this.cargo.delete(cargo.taskId);
    this.options.positions.forget(cargo.cargoId);
  }

  /** Emitted in time order, so a stream replays a journey the way it happened. */
  private emit(drafts: PositionDraft[]): void {
    drafts.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const draft of drafts) this.options.positions.append(draft);
  }
}
