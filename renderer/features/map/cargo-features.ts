import type { TaskStatus, TransportMode } from '../../../shared/contract/enums.js';
import type { TaskRow } from '../../../shared/contract/tasks.js';
import { passesFilter, type CargoFilter } from './cargo-filter.js';
import { freshnessOf } from './cargo-freshness.js';
import type { CargoRecord } from './cargo-picture.js';

/** What the map draws of a cargo's state (issue 9, point 4); held and released come from its task. */
export const cargoStates = ['moving', 'at_hub', 'awaiting_inspection', 'held', 'released'] as const;
export type CargoState = (typeof cargoStates)[number];

/** How a cargo's inspection task makes it stand out: the task list's order of urgency; `none` without an open task. */
export const urgencies = ['overdue', 'urgent', 'high', 'normal', 'none'] as const;
export type Urgency = (typeof urgencies)[number];

/** What the map reads of a cargo's task: the task list's row (tasks:byIds); the agency filter reads `agencies`. */
export type TaskMark = Pick<TaskRow, 'status' | 'priority' | 'overdue' | 'agencies'>;

export function cargoState(record: Pick<CargoRecord, 'speedKmh' | 'milestone'>, task: Pick<TaskMark, 'status'> | undefined): CargoState {
  if (task?.status === 'held') return 'held';
  if (task?.status === 'released' || record.milestone === 'released' || record.milestone === 'gate_out') {
    return isMoving(record) ? 'moving' : 'released';
  }
  if (isMoving(record)) return 'moving';
  if (record.milestone === 'gate_in' || record.milestone === 'inspection_started') return 'awaiting_inspection';
  return 'at_hub';
}

function isMoving(record: Pick<CargoRecord, 'speedKmh' | 'milestone'>): boolean {
  if (record.speedKmh !== undefined) return record.speedKmh > 0;
  // No speed in the report: a cargo whose last milestone set it off is on its way.
  return record.milestone === 'departed' || record.milestone === 'border_crossed' || record.milestone === 'gate_out';
}

export function urgencyOf(task: Pick<TaskMark, 'status' | 'priority' | 'overdue'> | undefined): Urgency {
  if (task === undefined || !['pending', 'assigned', 'in_progress'].includes(task.status)) return 'none';
  return task.overdue ? 'overdue' : task.priority;
}

/** An age as the map labels it: 45s, 12m, 3h, 2d. */
export function ageLabel(ageMs: number): string {
  const s = Math.max(0, Math.floor(ageMs / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** The properties a cargo feature carries: what the layers' paint and the filters read. */
export interface CargoProperties {
  mode: TransportMode;
  state: CargoState;
  urgency: Urgency;
  /** The task's status, or `none`: the status filter reads it. */
  task: TaskStatus | 'none';
  /** Past its expected interval and not estimated: drawn faded at its last position. */
  stale: boolean;
  /** Past its expected interval and carried along its corridor: drawn hollow at the estimated position. */
  estimated: boolean;
  /** The age label, only on stale and estimated cargo (a live one shows none). */
  age: string;
  /**
   * Whether the screen's filters let it through. Filtered-out cargo stay in the source, hidden by the
   * layers' filter, so a filter change is an update of the flags that flipped, in both engines
   * (mapbox-gl's updateData can add and change features but not remove them).
   */
  shown: boolean;
}

export interface CargoFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: CargoProperties;
}

export function cargoFeature(record: CargoRecord, task: TaskMark | undefined, nowMs: number, filter: CargoFilter): CargoFeature {
  const fix = freshnessOf(record, nowMs);
  const taskStatus = task?.status ?? 'none';
  return {
    type: 'Feature',
    id: record.i,
    geometry: { type: 'Point', coordinates: fix.kind === 'estimated' ? [fix.lon, fix.lat] : [record.lon, record.lat] },
    properties: {
      mode: record.mode,
      state: cargoState(record, task),
      urgency: urgencyOf(task),
      task: taskStatus,
      stale: fix.kind === 'stale',
      estimated: fix.kind === 'estimated',
      age: fix.kind === 'live' ? '' : ageLabel(fix.ageMs),
      shown: passesFilter(filter, { mode: record.mode, corridor: record.corridor, task }),
    },
  };
}

/** The features to hand the map source: new ones to add, known ones whose position or properties changed. */
export interface FeatureDiff<F = CargoFeature> {
  add: F[];
  update: F[];
}

/**
 * Remembers what the map source holds, so only features that really changed are sent
 * (`updateData` by feature id; a full setData of every cargo per frame is what the issue forbids).
 */
export class FeatureDiffer {
  private readonly shown = new Map<number, CargoFeature>();

  diff(features: Iterable<CargoFeature>): FeatureDiff {
    const out: FeatureDiff = { add: [], update: [] };
    for (const feature of features) {
      const before = this.shown.get(feature.id);
      if (before === undefined) out.add.push(feature);
      else if (!sameFeature(before, feature)) out.update.push(feature);
      else continue;
      this.shown.set(feature.id, feature);
    }
    return out;
  }

  /** Whether the source holds this feature. */
  has(id: number): boolean {
    return this.shown.has(id);
  }

  /** The source was given everything afresh (first paint, a new snapshot). */
  reset(features: Iterable<CargoFeature>): void {
    this.shown.clear();
    for (const feature of features) this.shown.set(feature.id, feature);
  }
}

function sameFeature(a: CargoFeature, b: CargoFeature): boolean {
  const [ax, ay] = a.geometry.coordinates;
  const [bx, by] = b.geometry.coordinates;
  if (ax !== bx || ay !== by) return false;
  const p = a.properties;
  const q = b.properties;
  return p.mode === q.mode && p.state === q.state && p.urgency === q.urgency && p.task === q.task && p.stale === q.stale && p.estimated === q.estimated && p.age === q.age && p.shown === q.shown;
}
