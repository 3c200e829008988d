import { describe, expect, it } from 'vitest';
import { CargoNames, FrameBuilder } from '../../electron/core/cargo/cargo-frame.js';
import type { StoredPosition } from '../../electron/core/db/cargo-repository.js';
import {
  ageLabel,
  cargoFeature,
  cargoState,
  FeatureDiffer,
  urgencyOf,
} from '../../renderer/features/map/cargo-features.js';
import { NO_FILTER, toggleMode } from '../../renderer/features/map/cargo-filter.js';
import { CargoPicture, type CargoRecord } from '../../renderer/features/map/cargo-picture.js';
import type { CargoFrame } from '../../shared/contract/index.js';
import { MOVING_STALE_AFTER_MS } from '../../shared/domain/cargo-estimate.js';

/**
 * The map's pure parts: the renderer's copy of the live picture (decoding the core's own frame
 * encoder's output), states and urgencies, and the feature diff that
 * keeps the map source's updates to what changed (the filters themselves: map-cargo-filter.test.ts).
 */
const T0 = Date.parse('2026-12-01T08:00:00Z');

function position(cargoId: string, atMs: number, extra: Partial<StoredPosition> = {}): StoredPosition {
  return { eventId: `${cargoId}-${atMs}`, cargoId, transportDocNo: `BL-${cargoId}`, taskId: `T-${cargoId}`, mode: 'rail', corridor: 'yuxinou', lon: 106.5, lat: 29.5, atMs, speedKmh: 80, ...extra };
}

/** Frames as the core sends them: one CargoNames per core run, the epoch its id. */
class Core {
  private seq = 0;
  readonly names = new CargoNames();
  constructor(readonly epoch = 'run-1') {}

  frame(positions: readonly StoredPosition[]): CargoFrame {
    const builder = new FrameBuilder(this.names, { epoch: this.epoch, seq: ++this.seq, baseS: Math.floor(T0 / 1000) });
    for (const p of positions) builder.add(p, false);
    return builder.finish(true);
  }

  snapshot(positions: readonly StoredPosition[]): CargoFrame {
    const builder = new FrameBuilder(this.names, { epoch: this.epoch, seq: this.seq, baseS: Math.floor(T0 / 1000) });
    for (const p of positions) builder.add(p, true);
    return builder.finish(false);
  }
}

const record = (picture: CargoPicture, cargoId: string): CargoRecord | undefined => [...picture.values()].find((r) => r.cargoId === cargoId);

describe('CargoPicture', () => {
  it('decodes a snapshot page and the frames after it into each cargo’s newest position', () => {
    const core = new Core();
    const first = core.frame([position('A', T0), position('B', T0, { containerNo: 'CSQU3054383', mode: 'river', speedKmh: undefined, milestone: 'gate_in' })]);
    const picture = new CargoPicture();
    expect(picture.applyFrame(first)).toEqual({ kind: 'applied', changed: [] });
    picture.applySnapshotPage(core.snapshot([position('A', T0), position('B', T0, { containerNo: 'CSQU3054383', mode: 'river', speedKmh: undefined, milestone: 'gate_in' })]));
    expect(picture.size).toBe(2);
    expect(record(picture, 'B')).toMatchObject({ containerNo: 'CSQU3054383', mode: 'river', speedKmh: undefined, milestone: 'gate_in', atMs: T0, lon: 106.5, lat: 29.5 });

    expect(record(picture, 'B')?.heading).toBeUndefined();

    const moved = picture.applyFrame(core.frame([position('A', T0 + 10_000, { lon: 106.6, speedKmh: 75, heading: 123 })]));
    expect(moved).toEqual({ kind: 'applied', changed: [record(picture, 'A')?.i] });
    // The heading is kept: an estimate along the corridor reads the direction from it.
    expect(record(picture, 'A')).toMatchObject({ lon: 106.6, speedKmh: 75, heading: 123, atMs: T0 + 10_000 });
    expect(picture.find('csqu3054383')?.cargoId).toBe('B');
    expect(picture.find('BL-A')?.cargoId).toBe('A');
    expect(picture.find('nothing')).toBeUndefined();
  });

  it('keeps a milestone while plain moves follow, and never goes back to an older position', () => {
    const core = new Core();
    const picture = new CargoPicture();
    picture.applySnapshotPage(core.snapshot([position('A', T0 + 20_000, { milestone: 'departed' })]));
    picture.applyFrame(core.frame([position('A', T0 + 30_000)]));
    expect(record(picture, 'A')?.milestone).toBe('departed');
    // A frame that crossed the snapshot in flight: an older position of the same cargo.
    const late = picture.applyFrame(core.frame([position('A', T0, { lon: 100 })]));
    expect(late).toEqual({ kind: 'applied', changed: [] });
    expect(record(picture, 'A')?.atMs).toBe(T0 + 30_000);
  });

  it('asks for the snapshot again after a gap in seq, a new epoch or a cargo never named', () => {
    const core = new Core();
    const picture = new CargoPicture();
    picture.applySnapshotPage(core.snapshot([position('A', T0)]));
    core.frame([position('A', T0 + 1_000)]);
    expect(picture.applyFrame(core.frame([position('A', T0 + 2_000)]))).toEqual({ kind: 'resync' });

    const again = new CargoPicture();
    again.applySnapshotPage(core.snapshot([position('A', T0)]));
    expect(again.applyFrame(new Core('run-2').frame([position('A', T0 + 3_000)]))).toEqual({ kind: 'resync' });

    // A renderer that joined with a snapshot of A only, then hears of B by index alone.
    const other = new Core();
    other.frame([position('B', T0)]);
    const joined = new CargoPicture();
    joined.applySnapshotPage(other.snapshot([position('A', T0)]));
    expect(joined.applyFrame(other.frame([position('B', T0 + 1_000)]))).toEqual({ kind: 'resync' });
  });
});

describe('age labels, states and urgency', () => {
  const moving = { atMs: T0, speedKmh: 60, milestone: undefined };
  const standing = { atMs: T0, speedKmh: 0, milestone: 'gate_in' as const };

  it('labels ages in the largest whole unit', () => {
    expect([ageLabel(45_000), ageLabel(12 * 60_000 + 5_000), ageLabel(3 * 3600_000), ageLabel(50 * 3600_000), ageLabel(-5)]).toEqual(['45s', '12m', '3h', '2d', '0s']);
  });

  it('reads the state from the movement, the milestone and the task', () => {
    const task = (status: 'held' | 'released' | 'pending') => ({ status, priority: 'normal' as const, overdue: false });
    expect(cargoState(moving, undefined)).toBe('moving');
    expect(cargoState(standing, undefined)).toBe('awaiting_inspection');
    expect(cargoState({ speedKmh: 0, milestone: 'arrived' }, undefined)).toBe('at_hub');
    expect(cargoState(standing, task('held'))).toBe('held');
    expect(cargoState(standing, task('released'))).toBe('released');
    expect(cargoState(moving, task('released'))).toBe('moving');
  });

  it('colours by the open task’s urgency, overdue first, nothing for a closed task', () => {
    expect(urgencyOf(undefined)).toBe('none');
    expect(urgencyOf({ status: 'assigned', priority: 'high', overdue: false })).toBe('high');
    expect(urgencyOf({ status: 'pending', priority: 'normal', overdue: true })).toBe('overdue');
    expect(urgencyOf({ status: 'held', priority: 'urgent', overdue: false })).toBe('none');
  });
});

describe('FeatureDiffer', () => {
  const base: CargoRecord = {
    i: 0,
    cargoId: 'A',
    transportDocNo: 'BL-A',
    containerNo: undefined,
    taskId: 'T-A',
    corridor: 'yuxinou',
    lon: 106.5,
    lat: 29.5,
    atMs: T0,
    mode: 'rail',
    speedKmh: 80,
    milestone: undefined,
  };
  const task = { status: 'pending' as const, priority: 'urgent' as const, overdue: false, agencies: ['customs' as const] };

  it('sends new features as adds, changed ones as updates, and nothing for unchanged ones', () => {
    const differ = new FeatureDiffer();
    const a = cargoFeature(base, task, T0, NO_FILTER);
    const b = cargoFeature({ ...base, i: 1, cargoId: 'B' }, undefined, T0, NO_FILTER);
    expect(differ.diff([a, b])).toEqual({ add: [a, b], update: [] });
    expect(differ.diff([cargoFeature(base, task, T0 + 1_000, NO_FILTER)])).toEqual({ add: [], update: [] });
    const moved = cargoFeature({ ...base, lon: 106.7 }, task, T0, NO_FILTER);
    expect(differ.diff([moved])).toEqual({ add: [], update: [moved] });
    const stale = cargoFeature({ ...base, lon: 106.7 }, task, T0 + MOVING_STALE_AFTER_MS + 60_000, NO_FILTER);
    expect(stale.properties).toMatchObject({ stale: true, estimated: false, age: '3m', urgency: 'urgent', state: 'moving', shown: true });
    expect(differ.diff([stale]).update).toEqual([stale]);
  });

  it('turns a filter change into updates of the flags that flipped only', () => {
    const differ = new FeatureDiffer();
    const records = [base, { ...base, i: 1, cargoId: 'B', mode: 'road' as const }];
    differ.reset(records.map((r) => cargoFeature(r, undefined, T0, NO_FILTER)));
    const roadOnly = toggleMode(NO_FILTER, 'road');
    const diff = differ.diff(records.map((r) => cargoFeature(r, undefined, T0, roadOnly)));
    expect(diff.add).toEqual([]);
    expect(diff.update.map((f) => [f.id, f.properties.shown])).toEqual([[0, false]]);
  });
});
