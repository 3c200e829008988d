import type { Database as Sqlite } from 'better-sqlite3';
import type { Agency, TransportMode } from '../../../shared/contract/enums.js';
import type { Position } from '../../../shared/contract/gateway.js';
import { sqliteHandle, type Database } from './connection.js';
import { StatementCache } from './statement-cache.js';
import { agencyCodec } from './task-codes.js';

/** A position as the cargo store keeps it: the gateway's fields, its time in ms. */
export interface StoredPosition {
  readonly eventId: string;
  readonly cargoId: string;
  readonly containerNo?: string | undefined;
  readonly transportDocNo: string;
  readonly taskId?: string | undefined;
  readonly mode: TransportMode;
  readonly corridor: string;
  readonly lon: number;
  readonly lat: number;
  readonly atMs: number;
  readonly speedKmh?: number | undefined;
  readonly heading?: number | undefined;
  readonly milestone?: Position['milestone'];
}

/** An open task waiting for a cargo (arrivals per hub): its agencies and its site. */
export interface CargoTask {
  readonly cargoId: string;
  readonly taskId: string;
  readonly agencies: readonly Agency[];
  readonly lon: number;
  readonly lat: number;
}

/** Where a reader picks up after a restart: the stream's id, and the newest `at` for positions?since=. */
export interface ResumePoint {
  readonly lastEventId: string | null;
  readonly newestAtMs: number | null;
}

export interface TrackPoint {
  readonly atMs: number;
  readonly lon: number;
  readonly lat: number;
  readonly speedKmh: number | null;
}

/** Points kept per cargo for replay. */
export const TRACK_CAP = 200;
/** A cargo's track is trimmed back to the cap after this many new points, not on every insert. */
const TRIM_EVERY = 50;

// Newest `at` wins: a late report updates nothing (an equal time: the later arrival, a milestone after its fix).
const UPSERT_LATEST = `
  INSERT INTO cargo_latest (cargo_id, event_id, container_no, transport_doc_no, task_id, mode, corridor, lon, lat, at_ms, speed_kmh, heading, milestone)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (cargo_id) DO UPDATE SET
    event_id = excluded.event_id, container_no = excluded.container_no, transport_doc_no = excluded.transport_doc_no,
    task_id = excluded.task_id, mode = excluded.mode, corridor = excluded.corridor, lon = excluded.lon, lat = excluded.lat,
    at_ms = excluded.at_ms, speed_kmh = excluded.speed_kmh, heading = excluded.heading, milestone = excluded.milestone
  WHERE excluded.at_ms >= cargo_latest.at_ms`;
const INSERT_TRACK = 'INSERT OR IGNORE INTO cargo_track (cargo_id, at_ms, lon, lat, speed_kmh) VALUES (?, ?, ?, ?, ?)';
const TRIM_TRACK = `
  DELETE FROM cargo_track WHERE cargo_id = @cargo AND at_ms < (
    SELECT at_ms FROM cargo_track WHERE cargo_id = @cargo ORDER BY at_ms DESC LIMIT 1 OFFSET ${TRACK_CAP - 1})`;
const SET_RESUME = `
  UPDATE cargo_stream_state SET last_event_id = coalesce(?, last_event_id), newest_at_ms = max(coalesce(newest_at_ms, 0), coalesce(?, 0))
  WHERE id = 1`;
const RESUME = 'SELECT last_event_id AS lastEventId, newest_at_ms AS newestAtMs FROM cargo_stream_state WHERE id = 1';
const LATEST_PAGE = `
  SELECT event_id AS eventId, cargo_id AS cargoId, container_no AS containerNo, transport_doc_no AS transportDocNo, task_id AS taskId,
         mode, corridor, lon, lat, at_ms AS atMs, speed_kmh AS speedKmh, heading, milestone
  FROM cargo_latest WHERE cargo_id > ? ORDER BY cargo_id LIMIT ?`;
// The open tasks of the given cargo, with their agencies and site (arrivals per hub).
const OPEN_TASKS_OF = `
  SELECT cargo_id AS cargoId, task_id AS taskId, agency_mask AS agencyMask, lon, lat FROM tasks
  WHERE cargo_id IN (SELECT value FROM json_each(?)) AND status IN ('pending', 'assigned', 'in_progress')
  ORDER BY cargo_id, due_at`;
const TRACK = 'SELECT at_ms AS atMs, lon, lat, speed_kmh AS speedKmh FROM cargo_track WHERE cargo_id = ? ORDER BY at_ms';

type Row = Omit<StoredPosition, 'containerNo' | 'taskId' | 'speedKmh' | 'heading' | 'milestone'> & {
  containerNo: string | null;
  taskId: string | null;
  speedKmh: number | null;
  heading: number | null;
  milestone: Position['milestone'] | null;
};

/**
 * The last known picture of live cargo (migration 010): newest position per cargo, a capped track,
 * the stream's resume point. A batch is one transaction with its resume point, so a crash loses at
 * most the batch in hand and the reader asks for it again.
 */
export class CargoRepository {
  private readonly statements: StatementCache;
  /** Points inserted per cargo since its last trim (restarts at 0: the cap may be passed by < TRIM_EVERY). */
  private readonly sinceTrim = new Map<string, number>();

  constructor(private readonly connection: Sqlite) {
    this.statements = new StatementCache(connection);
  }

  writeBatch(positions: readonly StoredPosition[], resume: { lastEventId?: string }): void {
    const latest = this.statements.get(UPSERT_LATEST);
    const track = this.statements.get(INSERT_TRACK);
    const trim = this.statements.get(TRIM_TRACK);
    let newest: number | null = null;
    this.connection.transaction(() => {
      for (const p of positions) {
        latest.run(p.cargoId, p.eventId, p.containerNo ?? null, p.transportDocNo, p.taskId ?? null, p.mode, p.corridor, p.lon, p.lat, p.atMs, p.speedKmh ?? null, p.heading ?? null, p.milestone ?? null);
        if (track.run(p.cargoId, p.atMs, p.lon, p.lat, p.speedKmh ?? null).changes > 0) {
          const count = (this.sinceTrim.get(p.cargoId) ?? 0) + 1;
          if (count >= TRIM_EVERY) {
            trim.run({ cargo: p.cargoId });
            this.sinceTrim.delete(p.cargoId);
          } else this.sinceTrim.set(p.cargoId, count);
        }
        if (newest === null || p.atMs > newest) newest = p.atMs;
      }
      this.statements.get(SET_RESUME).run(resume.lastEventId ?? null, newest);
    })();
  }

  resumePoint(): ResumePoint {
    const row = this.statements.get(RESUME).get() as { lastEventId: string | null; newestAtMs: number | null };
    return { lastEventId: row.lastEventId, newestAtMs: row.newestAtMs === 0 ? null : row.newestAtMs };
  }

  /** The newest position of each cargo, by cargo id, after `afterCargoId` ('' from the start). */
  latestPage(afterCargoId: string, limit: number): StoredPosition[] {
    const rows = this.statements.get(LATEST_PAGE).all(afterCargoId, limit) as Row[];
    return rows.map(fromRow);
  }

  /** The open tasks waiting for these cargo (by the tasks' cargo id), earliest due first per cargo. */
  openTasksOf(cargoIds: readonly string[]): CargoTask[] {
    if (cargoIds.length === 0) return [];
    const rows = this.statements.get(OPEN_TASKS_OF).all(JSON.stringify(cargoIds)) as (Omit<CargoTask, 'agencies'> & { agencyMask: number })[];
    return rows.map(({ agencyMask, ...task }) => Object.assign(task, { agencies: agencyCodec.fromMask(agencyMask) }));
  }

  track(cargoId: string): TrackPoint[] {
    return this.statements.get(TRACK).all(cargoId) as TrackPoint[];
  }
}

function fromRow(row: Row): StoredPosition {
  const { containerNo, taskId, speedKmh, heading, milestone, ...rest } = row;
  return {
    ...rest,
    ...(containerNo === null ? {} : { containerNo }),
    ...(taskId === null ? {} : { taskId }),
    ...(speedKmh === null ? {} : { speedKmh }),
    ...(heading === null ? {} : { heading }),
    ...(milestone === null ? {} : { milestone }),
  };
}

/** The cargo store of an open database (kept out of connection.ts: only live cargo needs it). */
export function cargoRepository(db: Database): CargoRepository {
  return new CargoRepository(sqliteHandle(db));
}
