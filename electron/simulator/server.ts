import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_IN_FLIGHT, type GatewayTask, type Position } from '../../shared/contract/gateway.js';
import { AssignmentEndpoint } from './assignment.js';
import { AttachmentStore } from './attachments.js';
import { CargoWorld } from './cargo.js';
import { CargoStreams } from './cargo-http.js';
import { CursorCodec } from './cursor.js';
import { CANCEL_REASONS, Evolution } from './evolution.js';
import { FaultInjector } from './faults.js';
import { ChangeFeed } from './feed.js';
import { InFlightLimiter } from './in-flight.js';
import { resolveOptions, type SimulatorOptions } from './options.js';
import { PositionLog } from './position-log.js';
import { buildReference } from './reference.js';
import { ResultsEndpoint, type StoredResult } from './results.js';
import { createRequestHandler } from './router.js';
import { TokenStore } from './tokens.js';
import { TaskWorld, type TaskRecord } from './world.js';

export type { SimulatorOptions } from './options.js';
export type { StoredResult } from './results.js';

/** A running single-window simulator: its address, its controls, and what tests may inspect. */
export interface Simulator {
  /** http://<host>:<port>, the API under /v1. */
  readonly url: string;
  readonly port: number;
  /** Stops the timer, ends event streams and open connections, and closes the server. */
  close(): Promise<void>;
  /** Advances the world `steps` times (default 1): task changes, cargo reports due on the clock. */
  tick(steps?: number): void;
  /** Every accepted result, oldest first, with the submission as accepted and who sent it. */
  results(): StoredResult[];
  tasks(): GatewayTask[];
  task(taskId: string): GatewayTask | undefined;
  /** sha256 of every stored attachment. */
  attachments(): string[];
  /** Cargo positions held, in emission order. */
  positions(): Position[];
  /** Every cursor issued so far is now older than the log's horizon: the next use is 410. */
  expireCursors(): void;
  /** Every access token stops working at once (401). */
  revokeTokens(): void;
  /** Server-side changes for tests, each bumping the version and appending to the change log. */
  cancelTask(taskId: string, reason?: string): GatewayTask;
  reassignTask(taskId: string, assignedTo: readonly string[]): GatewayTask;
  /** A new priority or due time: not a change that invalidates a result. */
  touchTask(taskId: string): GatewayTask;
  /** Another inspection type and checklist: invalidates results made on earlier versions. */
  changeInspection(taskId: string): GatewayTask;
}

const DAY = 86_400_000;
const EVOLVE_INTERVAL_MS = 1000;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const o = resolveOptions(options);
  const now = o.now;
  const world = new TaskWorld({
    seed: o.seed,
    count: o.tasks,
    // The start of the UTC day: the same seed and task count give the same data all day long.
    generatorNow: Math.floor(now() / DAY) * DAY,
    now,
    retainChanges: o.retainChanges,
  });
  const reference = buildReference();
  const codec = new CursorCodec(o.seed);
  const attachments = new AttachmentStore();
  const results = new ResultsEndpoint(world, reference, attachments, now);
  const positions = new PositionLog(Math.min(200_000, Math.max(10_000, o.cargo * 100)), codec.instance);
  const cargo = new CargoWorld({ world, positions, seed: o.seed, max: o.cargo, now });
  const evolution = new Evolution(world, o.seed, o.operators);
  const feed = new ChangeFeed(world, codec, o.feedQuirks, o.seed);
  const streams = new CargoStreams(positions);
  const tokenStore = new TokenStore(o.operators, o.tokenTtlSeconds * 1000, now);

  const server = http.createServer(
    createRequestHandler({
      tokens: tokenStore,
      inFlight: new InFlightLimiter(MAX_IN_FLIGHT),
      faults: new FaultInjector(o.faults, o.seed),
      world,
      feed,
      results,
      assignment: new AssignmentEndpoint(world),
      attachments,
      reference,
      positions,
      streams,
      now,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const tick = (steps = 1): void => {
    if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a non-negative integer, got ${steps}`);
    for (let i = 0; i < steps; i++) {
      evolution.step();
      cargo.step(now());
    }
  };
  const timer = o.evolve ? setInterval(tick, EVOLVE_INTERVAL_MS) : undefined;
  timer?.unref();

  const record = (taskId: string): TaskRecord => {
    const found = world.get(taskId);
    if (found === undefined) throw new RangeError(`no task ${taskId}`);
    return found;
  };

  return {
    url: `http://${urlHost(o.host)}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        streams.closeAll();
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
    tick,
    results: () => results.keys.values(),
    tasks: () => [...world.all()].map((r) => structuredClone(r.task)),
    task: (taskId) => {
      const found = world.get(taskId);
      return found === undefined ? undefined : structuredClone(found.task);
    },
    attachments: () => attachments.list(),
    positions: () => positions.all(),
    expireCursors: () => {
      feed.expireAll();
    },
    revokeTokens: () => {
      tokenStore.revokeAll();
    },
    cancelTask: (taskId, reason = CANCEL_REASONS[0] ?? '') => structuredClone(world.cancel(record(taskId).task.taskId, reason).task),
    reassignTask: (taskId, assignedTo) => structuredClone(evolution.reassign(record(taskId), assignedTo).task),
    touchTask: (taskId) => structuredClone(evolution.touch(record(taskId)).task),
    changeInspection: (taskId) => structuredClone(evolution.changeInspection(record(taskId)).task),
  };
}

/** A URL host for the bound address: wildcards are reached over loopback, IPv6 in brackets. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
