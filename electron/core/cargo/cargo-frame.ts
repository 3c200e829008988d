import { CARGO_COORD_SCALE, type CargoFrame, type CargoIdentity } from '../../../shared/contract/cargo.js';
import { transportModes } from '../../../shared/contract/enums.js';
import { milestones } from '../../../shared/contract/gateway.js';
import type { StoredPosition } from '../db/cargo-repository.js';

/**
 * Builds `cargo:moved` frames (shared/contract/cargo.ts): names each cargo once per core run and
 * packs moves into parallel arrays within a byte budget. What does not fit waits for the next frame,
 * so no frame outgrows the budget, whatever arrives at once (a stream's opening snapshot of 100k).
 */
export const FRAME_BUDGET_BYTES = 512 * 1024;
/** The JSON length of a number in an array, its comma included. */
const numberBytes = (n: number): number => String(n).length + 1;
/** The frame's keys, brackets and header fields. */
const FRAME_OVERHEAD_BYTES = 256;

const MODE_CODE = new Map<string, number>(transportModes.map((m, k) => [m, k]));
const MILESTONE_CODE = new Map<string, number>(milestones.map((m, k) => [m, k]));

export class CargoNames {
  private readonly byId = new Map<string, CargoIdentity>();
  /** Indexes whose identity the renderers have not been sent yet (new cargo, or one whose task changed). */
  private readonly unsent = new Set<number>();
  private readonly list: CargoIdentity[] = [];

  /** The cargo's index, noting it to be sent when it is new or its identity changed. */
  name(p: StoredPosition): number {
    const known = this.byId.get(p.cargoId);
    if (known !== undefined && sameIdentity(known, p)) return known.i;
    const identity = identityOf(known?.i ?? this.list.length, p);
    this.byId.set(p.cargoId, identity);
    this.list[identity.i] = identity;
    this.unsent.add(identity.i);
    return identity.i;
  }

  /** Whether the index's identity still has to go out with a frame. */
  isUnsent(i: number): boolean {
    return this.unsent.has(i);
  }

  identity(i: number): CargoIdentity | undefined {
    return this.list[i];
  }

  markSent(i: number): void {
    this.unsent.delete(i);
  }

  get size(): number {
    return this.list.length;
  }
}

function identityOf(i: number, p: StoredPosition): CargoIdentity {
  return {
    i,
    cargoId: p.cargoId,
    transportDocNo: p.transportDocNo,
    ...(p.containerNo === undefined ? {} : { containerNo: p.containerNo }),
    ...(p.taskId === undefined ? {} : { taskId: p.taskId }),
    corridor: p.corridor,
  };
}

function sameIdentity(a: CargoIdentity, p: StoredPosition): boolean {
  return a.transportDocNo === p.transportDocNo && a.containerNo === p.containerNo && a.taskId === p.taskId && a.corridor === p.corridor;
}

/** One frame being filled: a broadcast names the cargo not sent yet, a snapshot page (nameAll) every cargo it holds. */
export class FrameBuilder {
  private readonly frame: CargoFrame;
  private bytes = FRAME_OVERHEAD_BYTES;
  private readonly named = new Set<number>();

  constructor(
    private readonly names: CargoNames,
    header: { epoch: string; seq: number; baseS: number },
    private readonly budgetBytes = FRAME_BUDGET_BYTES,
  ) {
    this.frame = { ...header, cargo: [], i: [], lon: [], lat: [], dt: [], mode: [], speed: [], heading: [], milestones: [] };
  }

  get moves(): number {
    return this.frame.i.length;
  }

  /**
   * Adds a move (and its cargo's identity when `nameAll` or not sent yet); false when it would pass
   * the budget, and then nothing is added.
   */
  add(p: StoredPosition, nameAll: boolean): boolean {
    const i = this.names.name(p);
    const identity = (nameAll || this.names.isUnsent(i)) && !this.named.has(i) ? this.names.identity(i) : undefined;
    const f = this.frame;
    const lon = Math.round(p.lon * CARGO_COORD_SCALE);
    const lat = Math.round(p.lat * CARGO_COORD_SCALE);
    const dt = Math.floor(p.atMs / 1000) - f.baseS;
    const mode = MODE_CODE.get(p.mode) ?? 0;
    const speed = p.speedKmh === undefined ? -1 : Math.round(p.speedKmh);
    const heading = p.heading === undefined ? -1 : Math.round(p.heading) % 360;
    const milestone = p.milestone === undefined ? undefined : (MILESTONE_CODE.get(p.milestone) ?? 0);
    const cost =
      numberBytes(i) + numberBytes(lon) + numberBytes(lat) + numberBytes(dt) + 2 + numberBytes(speed) + numberBytes(heading) +
      (milestone === undefined ? 0 : numberBytes(f.i.length) + 2) +
      (identity === undefined ? 0 : JSON.stringify(identity).length + 1);
    if (this.bytes + cost > this.budgetBytes && this.moves > 0) return false;
    this.bytes += cost;
    if (identity !== undefined) {
      f.cargo.push(identity);
      this.named.add(i);
    }
    if (milestone !== undefined) f.milestones.push(f.i.length, milestone);
    f.i.push(i);
    f.lon.push(lon);
    f.lat.push(lat);
    f.dt.push(dt);
    f.mode.push(mode);
    f.speed.push(speed);
    f.heading.push(heading);
    return true;
  }

  /** The frame; for a broadcast, the identities it carries count as sent (a snapshot page goes to one renderer only). */
  finish(broadcast: boolean): CargoFrame {
    if (broadcast) for (const i of this.named) this.names.markSent(i);
    return this.frame;
  }
}
