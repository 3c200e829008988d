import type { TransportMode } from '../../../shared/contract/enums.js';
import type { TaskMark } from '../../../renderer/features/map/cargo-features.js';
import type { CargoRecord } from '../../../renderer/features/map/cargo-picture.js';

const MODES: readonly TransportMode[] = ['rail', 'river', 'road', 'air', 'sea'];
/** About one cargo in ten carries an inspection task, as in the simulator's picture. */
const TASK_SHARE = 0.1;
const PRIORITIES: readonly TaskMark['priority'][] = ['normal', 'normal', 'high', 'urgent'];

/**
 * Straight stretches across China and Eurasia the synthetic cargo travel on ([lon, lat] ends), so
 * they bunch along lines as real corridors do instead of spreading evenly: the density a GeoJSON
 * source's tiles and the dots' overdraw see is the one of the real map.
 */
const STRETCHES: readonly (readonly [number, number, number, number])[] = [
  [106.5, 29.6, 87.6, 43.8], // Chongqing – Urumqi
  [87.6, 43.8, 76.9, 43.2], // Urumqi – Almaty
  [76.9, 43.2, 37.6, 55.7], // Almaty – Moscow
  [37.6, 55.7, 21.0, 52.2], // Moscow – Warsaw
  [106.5, 29.6, 121.5, 31.2], // the Yangtze to Shanghai
  [106.5, 29.6, 108.3, 22.8], // Chongqing – Nanning (the western land-sea corridor)
  [108.3, 22.8, 103.8, 1.3], // Beibu Gulf – Singapore
  [106.5, 29.6, 102.7, 25.0], // Chongqing – Kunming
  [102.7, 25.0, 100.5, 13.7], // Kunming – Bangkok
  [106.5, 29.6, 114.3, 30.6], // Chongqing – Wuhan
  [106.5, 29.6, 116.4, 39.9], // Chongqing – Beijing
  [106.5, 29.6, 55.3, 25.3], // air: Chongqing – Dubai
];

/** A seeded generator (mulberry32): every strategy is given the same cargo and the same moves. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The benchmark's live picture: `count` cargo as the renderer holds them (CargoRecord, the shape
 * the console's feed decodes), a tenth with a task, and a tick that moves a share of them along
 * their stretch the way `cargo:moved` frames do (a new record per moved cargo, newest `at`).
 */
export class CargoWorld {
  readonly records: CargoRecord[] = [];
  /** The task mark of each cargo (undefined: none), as tasks:byIds would give it. */
  readonly tasks: (TaskMark | undefined)[] = [];
  private readonly stretch: Uint8Array;
  private readonly along: Float64Array;
  private readonly step: Float64Array;
  private readonly jitter: Float64Array;
  private readonly next: () => number;
  private cursor = 0;

  constructor(
    readonly count: number,
    seed: number,
    nowMs: number,
  ) {
    this.next = random(seed);
    this.stretch = new Uint8Array(count);
    this.along = new Float64Array(count);
    this.step = new Float64Array(count);
    this.jitter = new Float64Array(count * 2);
    for (let i = 0; i < count; i++) {
      this.stretch[i] = Math.floor(this.next() * STRETCHES.length);
      this.along[i] = this.next();
      this.step[i] = (this.next() - 0.5) * 0.004;
      this.jitter[2 * i] = (this.next() - 0.5) * 0.6;
      this.jitter[2 * i + 1] = (this.next() - 0.5) * 0.6;
      const withTask = this.next() < TASK_SHARE;
      this.tasks.push(withTask ? { status: 'assigned', priority: PRIORITIES[i % PRIORITIES.length] ?? 'normal', overdue: i % 17 === 0, agencies: ['customs'] } : undefined);
      this.records.push(this.record(i, nowMs));
    }
  }

  /**
   * Moves the next `share` of the cargo (round-robin, so every cargo moves once per 1/share ticks)
   * and returns their indexes.
   */
  tick(share: number, nowMs: number): number[] {
    const moved: number[] = [];
    const n = Math.max(1, Math.round(this.count * share));
    for (let k = 0; k < n; k++) {
      const i = this.cursor;
      this.cursor = (this.cursor + 1) % this.count;
      let along = (this.along[i] ?? 0) + (this.step[i] ?? 0);
      // At a stretch's end the cargo turns back, so the picture keeps its shape however long the run.
      if (along < 0 || along > 1) {
        this.step[i] = -(this.step[i] ?? 0);
        along = Math.min(1, Math.max(0, along));
      }
      this.along[i] = along;
      this.records[i] = this.record(i, nowMs);
      moved.push(i);
    }
    return moved;
  }

  private record(i: number, nowMs: number): CargoRecord {
    const [lon0, lat0, lon1, lat1] = STRETCHES[this.stretch[i] ?? 0] ?? [0, 0, 0, 0];
    const t = this.along[i] ?? 0;
    const mode = MODES[i % MODES.length] ?? 'rail';
    return {
      i,
      cargoId: `C${i}`,
      transportDocNo: `BL${i}`,
      containerNo: undefined,
      taskId: this.tasks[i] === undefined ? undefined : `T${i}`,
      corridor: `stretch-${this.stretch[i] ?? 0}`,
      lon: lon0 + (lon1 - lon0) * t + (this.jitter[2 * i] ?? 0),
      lat: lat0 + (lat1 - lat0) * t + (this.jitter[2 * i + 1] ?? 0),
      atMs: nowMs,
      mode,
      speedKmh: i % 7 === 0 ? 0 : 60,
      milestone: i % 7 === 0 ? 'gate_in' : 'departed',
    };
  }
}
