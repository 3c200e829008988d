import { z } from 'zod';
import { milestones } from './gateway.js';
import { agencySchema, transportModes, transportModeSchema } from './enums.js';

/**
 * Live cargo as the core pushes it to the renderer (issue 9, point 3): `cargo:moved` at most 4
 * times a second, each frame the whole batch since the last one, in parallel arrays so that
 * 10,000 moves stay well under 1 MiB of JSON:
 * - a cargo is named once per core run: `cargo` lists the cargo new to this frame with their index
 *   `i`; moves refer to that index (`i[k]`). `epoch` changes when the core restarts: a renderer
 *   that sees a new epoch (or a gap in `seq`) asks for `cargo:snapshot` again;
 * - coordinates are integers of 1e-5 degrees (about a metre), times whole seconds after `baseS`,
 *   mode an index into transportModes, speed whole km/h and heading whole degrees (-1: not sent);
 * - `milestones` is sparse: pairs of (move index, index into milestones).
 * A move is the newest position of its cargo; a late report the core already has a newer one for
 * is never sent.
 */
export const CARGO_COORD_SCALE = 1e5;
export const MAX_FRAME_MOVES = 20_000;

const index = z.number().int().nonnegative();
const moves = <T extends z.ZodType>(item: T) => z.array(item).max(MAX_FRAME_MOVES);

export const cargoIdentitySchema = z.object({
  i: index,
  cargoId: z.string().min(1).max(64),
  transportDocNo: z.string().min(1).max(64),
  containerNo: z.string().max(16).optional(),
  taskId: z.string().max(64).optional(),
  corridor: z.string().max(64),
});
export type CargoIdentity = z.infer<typeof cargoIdentitySchema>;

export const cargoFrameSchema = z
  .object({
    epoch: z.string().min(1).max(64),
    seq: index,
    baseS: index,
    cargo: moves(cargoIdentitySchema),
    i: moves(index),
    lon: moves(z.number().int().min(-180 * CARGO_COORD_SCALE).max(180 * CARGO_COORD_SCALE)),
    lat: moves(z.number().int().min(-90 * CARGO_COORD_SCALE).max(90 * CARGO_COORD_SCALE)),
    dt: moves(z.number().int()),
    mode: moves(z.number().int().min(0).max(transportModes.length - 1)),
    speed: moves(z.number().int().min(-1)),
    heading: moves(z.number().int().min(-1).max(360)),
    milestones: z.array(z.number().int().nonnegative()).max(2 * MAX_FRAME_MOVES),
  })
  .refine((f) => [f.lon, f.lat, f.dt, f.mode, f.speed, f.heading].every((a) => a.length === f.i.length), 'every move array has one entry per move')
  .refine((f) => f.milestones.length % 2 === 0 && f.milestones.every((v, k) => (k % 2 === 0 ? v < f.i.length : v < milestones.length)), 'milestones are (move, milestone) pairs');
export type CargoFrame = z.infer<typeof cargoFrameSchema>;

/** cargo:snapshot: the last known picture in pages of cargo indexes, in the frame's own shape. */
export const cargoSnapshotInputSchema = z.object({ after: z.number().int().min(-1).default(-1), limit: z.number().int().min(1).max(MAX_FRAME_MOVES).default(10_000) });
export const cargoSnapshotSchema = z.object({ frame: cargoFrameSchema, next: index.nullable() });

/** cargo:track: one cargo's recent points, oldest first, for the journey replay (capped per cargo in the store). */
export const cargoTrackInputSchema = z.strictObject({ cargoId: z.string().min(1).max(64) });
export const cargoTrackSchema = z.object({
  cargoId: z.string(),
  points: z.array(z.object({ at: z.string(), lon: z.number(), lat: z.number(), speedKmh: z.number().nullable() })),
});

/** cargo:arrivals: the cargo expected at each Chongqing hub in the next hours (electron/core/cargo/arrivals.ts). */
export const cargoArrivalsInputSchema = z.strictObject({ withinHours: z.number().int().min(1).max(72).default(6) });
export const hubArrivalsSchema = z.object({
  /** A place id of resources/domain/places.json. */
  hubId: z.string(),
  expected: z.number().int().nonnegative(),
  /** Of those, past their estimated arrival: due any moment. */
  late: z.number().int().nonnegative(),
  /** Of those, carrying at least one open inspection task. */
  withTasks: z.number().int().nonnegative(),
  /** Cargo with an open task needing each agency (a joint task counts for each of its agencies). */
  byAgency: z.record(agencySchema, z.number().int().nonnegative()),
  byMode: z.record(transportModeSchema, z.number().int().nonnegative()),
  /** The first to arrive, soonest first (at most ten). */
  soonest: z.array(
    z.object({
      cargoId: z.string(),
      transportDocNo: z.string(),
      containerNo: z.string().optional(),
      mode: transportModeSchema,
      corridor: z.string(),
      etaAt: z.string(),
      taskIds: z.array(z.string()),
    }),
  ),
});
export type HubArrivals = z.infer<typeof hubArrivalsSchema>;
export const cargoArrivalsSchema = z.object({ computedAt: z.string(), withinHours: z.number().int(), hubs: z.array(hubArrivalsSchema) });
export type CargoArrivals = z.infer<typeof cargoArrivalsSchema>;
