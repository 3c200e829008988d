import { CargoDrawing, DETAIL_ZOOM } from './cargo-drawing.js';
import { cargoFeature, type CargoFeature } from './cargo-features.js';
import { NO_FILTER, type CargoFilter } from './cargo-filter.js';
import { freshnessOf } from './cargo-freshness.js';
import type { CargoRecord } from './cargo-picture.js';
import type { CargoChange, LiveCargoFeed } from './live-cargo-feed.js';
import type { MapView } from './map-view.js';
import { TaskMarks } from './task-marks.js';
import type { ContractClient } from '../../../shared/contract/index.js';

/** How often positions are checked for turning stale, estimates carried on and ages relabelled. */
const STALE_CHECK_MS = 5_000;

/**
 * Keeps the map's cargo in step with the live picture, the cargo's tasks, the filters, the clock
 * and the view: each change becomes the features of the cargo it touched, which CargoDrawing turns
 * into the dots and density cells that really changed (updateData); only a new snapshot, a change
 * of drawing level or of the area in view gives a source everything afresh.
 */
export class CargoMapSync {
  readonly marks: TaskMarks;
  private readonly drawing: CargoDrawing;
  private filter: CargoFilter = NO_FILTER;
  private readonly offFeed: () => void;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly feed: LiveCargoFeed,
    view: MapView,
    client: ContractClient,
    private readonly now: () => number = Date.now,
  ) {
    this.drawing = new CargoDrawing(view);
    view.onViewChange((state) => {
      this.drawing.setView(state);
    });
    view.onDensityClick((cellId) => {
      const position = this.drawing.cellPosition(cellId);
      if (position !== undefined) view.zoomInto(position[0], position[1], DETAIL_ZOOM);
    });
    this.marks = new TaskMarks(client, (taskIds) => {
      this.tasksChanged(taskIds);
    });
    this.offFeed = feed.subscribe((change) => {
      this.feedChanged(change);
    });
    if (feed.ready) this.feedChanged({ kind: 'reset' });
    // Cargo past their interval: the ones turning stale or estimated since the last check, the
    // estimates moving on, and the ages relabelled; the differ sends only the features that changed.
    this.timer = setInterval(() => {
      const now = this.now();
      this.refresh((record) => freshnessOf(record, now).kind !== 'live');
    }, STALE_CHECK_MS);
  }

  setFilter(filter: CargoFilter): void {
    this.filter = filter;
    this.refresh(() => true);
  }

  stop(): void {
    this.offFeed();
    clearInterval(this.timer);
    this.marks.stop();
  }

  private feature(record: CargoRecord): CargoFeature {
    return cargoFeature(record, this.marks.get(record.taskId), this.now(), this.filter);
  }

  private feedChanged(change: CargoChange): void {
    const picture = this.feed.picture;
    if (change.kind === 'reset') {
      this.drawing.reset([...picture.values()].map((record) => this.feature(record)));
      this.marks.want(taskIdsOf(picture.values()));
      return;
    }
    const records = change.changed.map((i) => picture.get(i)).filter((record) => record !== undefined);
    this.drawing.update(records.map((record) => this.feature(record)));
    this.marks.want(taskIdsOf(records));
  }

  private tasksChanged(taskIds: readonly string[]): void {
    const ids = new Set(taskIds);
    this.refresh((record) => record.taskId !== undefined && ids.has(record.taskId));
  }

  /** Rebuilds the features of the cargo `which` picks and sends those that differ. */
  private refresh(which: (record: CargoRecord) => boolean): void {
    const features: CargoFeature[] = [];
    for (const record of this.feed.picture.values()) if (which(record)) features.push(this.feature(record));
    this.drawing.update(features);
  }
}

function taskIdsOf(records: Iterable<CargoRecord>): string[] {
  const ids: string[] = [];
  for (const record of records) if (record.taskId !== undefined) ids.push(record.taskId);
  return ids;
}
