import type { Agency, Role } from '../../shared/contract/enums.js';
import { TRAINING_ACCOUNTS } from '../../shared/contract/training.js';
import { PORT_CODE } from './seed/task-generator.js';

/** An account the simulated single window accepts at POST /v1/auth/token. */
export interface OperatorAccount {
  readonly operatorId: string;
  readonly password: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly agency: Agency;
  /** The customs district the token is scoped to; every simulated port is in '8000' (Chongqing). */
  readonly portCode?: string;
}

export interface SimulatorOptions {
  /** Interface to bind; loopback unless a caller asks for another one by name. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  seed?: number;
  /** Tasks generated at start. */
  tasks?: number;
  /** At most this many cargo move on the map at a time. */
  cargo?: number;
  tokenTtlSeconds?: number;
  /** Share (0..1) of requests that fail at random: 500, 503, a reset or a truncated body. */
  faults?: number;
  /** Replaces the built-in training accounts. */
  operators?: readonly OperatorAccount[];
  /** The simulator's clock in ms (tokens, task times, cargo movement). */
  now?: () => number;
  /** Background activity on a timer; tests turn it off and call tick(). */
  evolve?: boolean;
  /** Superseded change-log entries kept; older cursors get 410 cursor_expired (default: max(100,000, 2 × tasks)). */
  retainChanges?: number;
  /**
   * Short (even empty) pages while hasMore is true, and re-delivery of the previous page's
   * changes, each now and then (seeded), so that clients meet what the contract allows.
   */
  feedQuirks?: boolean;
}

export interface ResolvedOptions {
  readonly host: string;
  readonly port: number;
  readonly seed: number;
  readonly tasks: number;
  readonly cargo: number;
  readonly tokenTtlSeconds: number;
  readonly faults: number;
  readonly operators: readonly OperatorAccount[];
  readonly now: () => number;
  readonly evolve: boolean;
  readonly retainChanges: number;
  readonly feedQuirks: boolean;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 0,
  seed: 1,
  tasks: 2000,
  cargo: 500,
  tokenTtlSeconds: 3600,
  faults: 0,
  evolve: true,
  retainChanges: 100_000,
  feedQuirks: true,
} as const;

export const TRAINING_OPERATORS: readonly OperatorAccount[] = TRAINING_ACCOUNTS.map((account) => ({
  operatorId: account.operatorId,
  password: account.password,
  name: account.name,
  roles: account.roles,
  agency: account.agency,
  portCode: PORT_CODE,
}));

function integer(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${value}`);
  return value;
}

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const tasks = integer('tasks', options.tasks ?? DEFAULTS.tasks, 0, 2_000_000);
  const faults = options.faults ?? DEFAULTS.faults;
  if (!(faults >= 0 && faults <= 1)) throw new RangeError(`faults must be in 0..1, got ${faults}`);
  const operators = options.operators ?? TRAINING_OPERATORS;
  const ids = new Set(operators.map((o) => o.operatorId));
  if (ids.size !== operators.length) throw new RangeError('operator ids must be unique');
  return {
    host: options.host ?? DEFAULTS.host,
    port: integer('port', options.port ?? DEFAULTS.port, 0, 65_535),
    seed: integer('seed', options.seed ?? DEFAULTS.seed, 0, Number.MAX_SAFE_INTEGER),
    tasks,
    cargo: integer('cargo', options.cargo ?? DEFAULTS.cargo, 0, 1_000_000),
    tokenTtlSeconds: integer('tokenTtlSeconds', options.tokenTtlSeconds ?? DEFAULTS.tokenTtlSeconds, 1, 365 * 24 * 3600),
    faults,
    operators,
    now: options.now ?? Date.now,
    evolve: options.evolve ?? DEFAULTS.evolve,
    // The world changes about tasks/2000 times a second, so 2 × tasks superseded entries are roughly an
    // hour of activity at any size: an initial load of a million tasks keeps its cursor valid.
    retainChanges: integer('retainChanges', options.retainChanges ?? Math.max(DEFAULTS.retainChanges, 2 * tasks), 0, Number.MAX_SAFE_INTEGER),
    feedQuirks: options.feedQuirks ?? DEFAULTS.feedQuirks,
  };
}
