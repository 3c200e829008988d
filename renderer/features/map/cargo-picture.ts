import { CARGO_COORD_SCALE, type CargoFrame } from '../../../shared/contract/cargo.js';
import { transportModes, type TransportMode } from '../../../shared/contract/enums.js';
import { milestones } from '../../../shared/contract/gateway.js';

export type Milestone = (typeof milestones)[number];

/** The newest known position of one cargo, decoded from the core's compact frames. */
export interface CargoRecord {
  /** The cargo's index in the core's current epoch: the map feature's id. */
  readonly i: number;
  readonly cargoId: string;
  readonly transportDocNo: string;
  readonly containerNo: string | undefined;
  readonly taskId: string | undefined;
  readonly corridor: string;
  readonly lon: number;
  readonly lat: number;
  /** When the position was taken, in ms since the epoch. */
  readonly atMs: number;
  readonly mode: TransportMode;
  /** km/h, undefined when the report had none. */
  readonly speedKmh: number | undefined;
  /** Degrees from north; absent when the report had none (an estimate along the corridor needs it). */
  readonly heading?: number | undefined;
  /** The last milestone reported for this cargo (kept while later plain moves arrive). */
  readonly milestone: Milestone | undefined;
}

/** What applying a frame did: the indexes whose record changed, or that the picture must be asked for again. */
export type ApplyOutcome = { kind: 'applied'; changed: number[] } | { kind: 'resync' };

type Identity = CargoFrame['cargo'][number];

/**
 * The renderer's copy of the live cargo picture: snapshot pages, then `cargo:moved` frames. A new
 * epoch (the core restarted), a gap in `seq` or a move of a cargo never named means frames were
 * missed: the caller asks for `cargo:snapshot` again. A move older than the record held is skipped,
 * so a frame that crossed a snapshot page in flight cannot move a cargo back.
 */
export class CargoPicture {
  private epoch: string | null = null;
  private seq = -1;
  private readonly identities = new Map<number, Identity>();
  private readonly records = new Map<number, CargoRecord>();

  get size(): number {
    return this.records.size;
  }

  get(i: number): CargoRecord | undefined {
    return this.records.get(i);
  }

  values(): IterableIterator<CargoRecord> {
    return this.records.values();
  }

  /** Forgets everything: the start of a new snapshot. */
  clear(): void {
    this.epoch = null;
    this.seq = -1;
    this.identities.clear();
    this.records.clear();
  }

  /** A snapshot page: its `seq` is the last frame the core sent before the page, so frames go on from it. */
  applySnapshotPage(frame: CargoFrame): number[] {
    if (this.epoch !== frame.epoch) {
      this.clear();
      this.epoch = frame.epoch;
    }
    this.seq = Math.max(this.seq, frame.seq);
    return this.applyMoves(frame) ?? [];
  }

  /** A `cargo:moved` frame. */
  applyFrame(frame: CargoFrame): ApplyOutcome {
    if (this.epoch === null) return { kind: 'applied', changed: [] };
    if (frame.epoch !== this.epoch) return { kind: 'resync' };
    // Already covered by a snapshot page asked for after it was sent.
    if (frame.seq <= this.seq) return { kind: 'applied', changed: this.applyMoves(frame) ?? [] };
    if (frame.seq !== this.seq + 1) return { kind: 'resync' };
    this.seq = frame.seq;
    const changed = this.applyMoves(frame);
    return changed === null ? { kind: 'resync' } : { kind: 'applied', changed };
  }

  /** null when a move names a cargo this picture never heard of. */
  private applyMoves(frame: CargoFrame): number[] | null {
    for (const identity of frame.cargo) this.identities.set(identity.i, identity);
    const milestoneOf = new Map<number, Milestone>();
    for (let k = 0; k + 1 < frame.milestones.length; k += 2) {
      const milestone = milestones[frame.milestones[k + 1] ?? -1];
      if (milestone !== undefined) milestoneOf.set(frame.milestones[k] ?? -1, milestone);
    }
    const changed: number[] = [];
    let unknown = false;
    for (let k = 0; k < frame.i.length; k++) {
      const i = frame.i[k] ?? -1;
      const identity = this.identities.get(i);
      if (identity === undefined) {
        unknown = true;
        continue;
      }
      const atMs = (frame.baseS + (frame.dt[k] ?? 0)) * 1000;
      const held = this.records.get(i);
      if (held !== undefined && held.atMs > atMs) continue;
      const speed = frame.speed[k] ?? -1;
      const heading = frame.heading[k] ?? -1;
      this.records.set(i, {
        i,
        cargoId: identity.cargoId,
        transportDocNo: identity.transportDocNo,
        containerNo: identity.containerNo,
        taskId: identity.taskId,
        corridor: identity.corridor,
        lon: (frame.lon[k] ?? 0) / CARGO_COORD_SCALE,
        lat: (frame.lat[k] ?? 0) / CARGO_COORD_SCALE,
        atMs,
        mode: transportModes[frame.mode[k] ?? 0] ?? 'road',
        speedKmh: speed < 0 ? undefined : speed,
        heading: heading < 0 ? undefined : heading,
        milestone: milestoneOf.get(k) ?? held?.milestone,
      });
      changed.push(i);
    }
    return unknown ? null : changed;
  }

  /** The cargo whose container or transport document number is `text` (exact, case-insensitive), first found. */
  find(text: string): CargoRecord | undefined {
    const wanted = text.trim().toUpperCase();
    if (wanted === '') return undefined;
    for (const record of this.records.values()) {
      if (record.containerNo?.toUpperCase() === wanted || record.transportDocNo.toUpperCase() === wanted) return record;
    }
    return undefined;
  }
}
