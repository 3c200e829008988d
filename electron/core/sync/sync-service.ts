import { TRAINING_ACCOUNTS, TRAINING_OPERATOR, type CargoArrivals, type EventName, type EventPayload, type SyncStatus } from '../../../shared/contract/index.js';
import { checkGatewayUrl } from '../../../shared/domain/gateway-url.js';
import type { AttachmentStore } from '../attachments/attachment-store.js';
import type { Database } from '../db/connection.js';
import { assignmentOutbox, type AssignmentOutbox } from '../db/assignment-outbox.js';
import { gatewayIdentity } from '../db/gateway-identity.js';
import type { TrackPoint } from '../db/cargo-repository.js';
import type { SettingsRepository } from '../db/settings-repository.js';
import type { SyncRepository } from '../db/sync-repository.js';
import type { Logger } from '../log.js';
import { backoffMs } from './backoff.js';
import { LiveCargo } from '../cargo/live-cargo.js';
import { GatewayClient } from './gateway-client.js';
import { GatewayError, type Gateway } from './gateway.js';
import { workerApplier, type PageApplier } from './page-applier.js';
import { SyncJournal } from './journal.js';
import { pullUntilIdle } from './pull.js';
import { drainOutbox } from './push.js';
import { pushAssignments } from './assignment-push.js';
import { refreshReference } from './reference-refresh.js';
import type { TrainingGateway } from './training-gateway.js';

export interface SyncServiceOptions {
  db: Database;
  settings: SettingsRepository;
  attachments: AttachmentStore;
  log: Logger;
  clock: () => number;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Starts the built-in simulator for training mode (injected so tests can count and stop it). */
  startTraining: () => Promise<TrainingGateway>;
  /** Time between sync cycles (pull, then push); default 30 s. */
  intervalMs?: number;
  pageSize?: number;
  retryBudgetMs?: number;
  /**
   * The workspace this service syncs ('training': the built-in simulator, 'gateway': the configured
   * one). Settings of the other mode make it refuse to connect: the core has switched files and is
   * stopping it. Omitted: follows the settings (tools and tests with one database).
   */
  workspace?: 'training' | 'gateway';
  /** Timers for the cycle schedule (injected so tests can run simulated hours). */
  timers?: CycleTimers;
  /** [0, 1) for the cycle backoff's jitter. */
  random?: () => number;
  /** Backoff of the whole cycle after failures: first ceiling and cap (default 30 s and 15 min). */
  cycleBackoff?: { baseMs: number; maxMs: number };
}

export interface CycleTimers {
  setTimeout(run: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: CycleTimers = {
  setTimeout: (run, delayMs) => setTimeout(run, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export const CYCLE_BACKOFF_BASE_MS = 30_000;
export const CYCLE_BACKOFF_MAX_MS = 15 * 60_000;
/** No cycle follows a failed one sooner than this, whatever the jitter drew. */
const CYCLE_BACKOFF_MIN_MS = 1_000;

interface Connection {
  client: GatewayClient;
  /**
   * Sends supervisors' assignments: the same client, except in training, where the workstation
   * syncs as an inspector and the simulator takes assignments only from its training supervisor.
   */
  assigner: GatewayClient;
  /** Names the gateway a stored cursor belongs to; a cursor means nothing to another gateway. */
  identity: string;
  /** Names the gateway results are made for (gateway-identity.ts): only those are pushed on this connection. */
  resultsFor: string;
  mode: SyncStatus['mode'];
  url: string;
  /** The settings generation it was made from: a change of settings makes it stale. */
  generation: number;
}

type Problem = { code: string; message: string };

/** The regular interval, or sooner when a backed-off result or assignment falls due before it (never under 1 s). */
export function nextCycleDelay(intervalMs: number, nextDueAt: number | null, now: number): number {
  return nextDueAt === null ? intervalMs : Math.min(intervalMs, Math.max(1000, nextDueAt - now));
}

/** After `failures` failed cycles in a row: full jitter under an exponential ceiling, capped, never under 1 s. */
export function cycleBackoffDelay(failures: number, options: { baseMs: number; maxMs: number; random: () => number }): number {
  return Math.max(CYCLE_BACKOFF_MIN_MS, backoffMs(failures - 1, options));
}

/**
 * Keeps the local cache equal to the single window and the outbox empty: one cycle at a time
 * (pull until caught up, refresh the reference data, then drain the outbox; each runs even when
 * another failed), every
 * `intervalMs` and on demand. In training mode it starts the built-in simulator and syncs with it
 * over HTTP, the production code path.
 *
 * After a failed cycle the next waits with exponential backoff and full jitter (reset by a
 * successful one). A refused sign-in pauses automatic cycles altogether (a wrong password retried on
 * a timer locks real accounts) until the settings change or someone presses "sync now".
 *
 * Settings changes apply in order: each bumps a generation, aborts the running cycle, and the
 * connect step reads the settings after its last await, starting over if they changed meanwhile.
 */
export class SyncService {
  private readonly sync: SyncRepository;
  /** Supervisors' assignments: counted in the status, and their next attempts wake the cycle. */
  private readonly assignments: AssignmentOutbox;
  private readonly journal: SyncJournal;
  /** Pages are written on a worker thread so the UI's calls are answered while a sync runs. */
  private readonly applier: PageApplier;
  private connection: Connection | null = null;
  /** The training simulator, from the moment it is asked for: stop() must reach one still starting. */
  private training: Promise<TrainingGateway> | null = null;
  private cycle: Promise<void> | null = null;
  private timer: unknown = null;
  private readonly timers: CycleTimers;
  /** Bumped by every settings change. */
  private generation = 0;
  /** The running cycle's abort: a settings change or stop() ends it. */
  private cycleAbort: AbortController | null = null;
  /** Failed cycles in a row (drives the backoff). */
  private failures = 0;
  private paused: SyncStatus['paused'] = null;
  private nextCycleAt: number | null = null;
  /** A settings change arrived while a cycle ran: the next one starts as soon as it ends. */
  private rerun = false;
  /** Cycles run only once started: a core without sync (tests, tools) never starts a simulator. */
  private started = false;
  private stopped = false;
  private readonly abort = new AbortController();
  private online = false;
  private signedIn = false;
  private pulling = false;
  private pushing = false;
  private lastAttemptAt: string | null = null;
  private lastError: Problem | null = null;
  /** Live cargo of this workspace: the last picture from its file at once, the stream once signed in. */
  private readonly cargo: LiveCargo;
  private cargoClient: GatewayClient | null = null;

  constructor(private readonly options: SyncServiceOptions) {
    this.timers = options.timers ?? realTimers;
    this.sync = options.db.sync;
    this.assignments = assignmentOutbox(options.db, options.clock);
    this.journal = new SyncJournal(this.sync, options.log.child('journal'), options.clock);
    this.applier = workerApplier(options.db.file);
    this.cargo = new LiveCargo({
      db: options.db,
      emit: (frame) => {
        options.emit('cargo:moved', frame);
      },
      log: options.log.child('cargo'),
    });
    this.cargo.load().catch((error: unknown) => options.log.error('the last cargo picture was not read', { error }));
  }

  /** A page of the last known cargo picture (cargo:snapshot). */
  cargoSnapshot(after: number, limit: number): ReturnType<LiveCargo['snapshot']> {
    return this.cargo.snapshot(after, limit);
  }

  /** The cargo expected at each Chongqing hub within `withinHours` (cargo:arrivals). */
  cargoArrivals(withinHours: number): CargoArrivals {
    const now = this.options.clock();
    return { computedAt: new Date(now).toISOString(), withinHours, hubs: this.cargo.arrivals(now, withinHours) };
  }

  /** One cargo's stored track, oldest first (cargo:track). */
  cargoTrack(cargoId: string): TrackPoint[] {
    return this.cargo.track(cargoId);
  }

  /** Follows the stream of the gateway signed in to (a new connection: the new gateway's). */
  private followCargo(): void {
    const client = this.connection?.client ?? null;
    if (client === null || client === this.cargoClient || this.stopped) return;
    this.cargoClient = client;
    this.cargo.follow(client).catch((error: unknown) => this.options.log.warn('cargo stream not followed', { error }));
  }

  /** Connects (starting the simulator in training mode) and schedules cycles; the first runs now. */
  start(): void {
    this.started = true;
    // The page writer's thread starts now, not in the middle of the first sync (its start holds this thread).
    this.applier.prepare();
    this.schedule(0);
  }

  /** Runs a cycle now (or joins the running one) and answers the status after it. A person asking lifts a pause for one try. */
  async syncNow(): Promise<SyncStatus> {
    if (this.started) {
      this.paused = null;
      await this.runCycle();
      this.schedule(this.nextDelay());
    }
    return this.status();
  }

  /**
   * A result or an assignment was just queued: a cycle at once, on a timer, so that the call that
   * queued it (the officer's submit, the supervisor's dispatch) is answered first instead of waiting for the cycle's start or, in a core that
   * does not sync, for a status it never uses. Lifts a pause for one try, as a person asking does.
   */
  cycleSoon(): void {
    this.paused = null;
    this.schedule(0);
  }

  /** Settings changed: end the running cycle, drop the client, and sync again at once with the new settings. */
  gatewayChanged(): void {
    this.generation++;
    this.connection = null;
    this.signedIn = false;
    this.paused = null;
    this.failures = 0;
    this.lastError = null;
    if (this.cycle) {
      this.rerun = true;
      this.cycleAbort?.abort(new Error('the gateway settings changed'));
    } else {
      this.schedule(0);
    }
  }

  status(): SyncStatus {
    const state = this.sync.state();
    const config = this.options.settings.gatewayConfig();
    const resultsFor = this.connection?.resultsFor ?? gatewayIdentity(config.gatewayUrl, config.operatorId);
    const counts = this.options.db.results.counts(resultsFor);
    return {
      mode: config.gatewayUrl === null ? 'training' : 'gateway',
      online: this.online,
      signedIn: this.signedIn,
      gatewayUrl: this.connection?.url ?? config.gatewayUrl,
      lastSuccessAt: state.lastSuccessAt,
      lastAttemptAt: this.lastAttemptAt,
      caughtUp: state.caughtUp,
      pulling: this.pulling,
      pushing: this.pushing,
      resultsWaiting: counts.queued,
      conflicts: counts.conflict + counts.rejected + counts.waiting_attachment,
      flags: this.sync.flags().length,
      resultsParked: this.options.db.results.parkedCount(resultsFor),
      assignments: this.assignments.counts(resultsFor),
      paused: this.paused,
      nextCycleAt: this.nextCycleAt === null ? null : new Date(this.nextCycleAt).toISOString(),
      lastError: this.lastError,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.nextCycleAt = null;
    this.abort.abort(new Error('sync stopped'));
    this.cycleAbort?.abort(new Error('sync stopped'));
    await this.cycle?.catch(() => undefined);
    await this.cargo.stop();
    await this.applier.close();
    await this.stopTraining();
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.nextCycleAt = null;
    if (this.stopped || !this.started || this.paused !== null) return;
    this.nextCycleAt = this.options.clock() + delayMs;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.nextCycleAt = null;
      void this.runCycle().finally(() => this.schedule(this.nextDelay()));
    }, delayMs);
  }

  /** After a settings change: now. After a failure: the backoff. Otherwise the interval, or sooner for a result or an assignment falling due. */
  private nextDelay(): number {
    if (this.rerun) {
      this.rerun = false;
      return 0;
    }
    if (this.failures > 0) {
      return cycleBackoffDelay(this.failures, {
        baseMs: this.options.cycleBackoff?.baseMs ?? CYCLE_BACKOFF_BASE_MS,
        maxMs: this.options.cycleBackoff?.maxMs ?? CYCLE_BACKOFF_MAX_MS,
        random: this.options.random ?? Math.random,
      });
    }
    const resultsFor = this.connection?.resultsFor ?? this.options.db.results.currentGateway();
    const due = [this.options.db.results.nextOutboxAttemptAt(resultsFor), this.assignments.nextAttemptAt(resultsFor)].filter((at) => at !== null);
    return nextCycleDelay(this.options.intervalMs ?? 30_000, due.length === 0 ? null : Math.min(...due), this.options.clock());
  }

  private runCycle(): Promise<void> {
    this.cycle ??= this.cycleOnce().finally(() => {
      this.cycle = null;
    });
    return this.cycle;
  }

  /** Pull, then push: each runs even when the other failed, except after a refused sign-in (no second try). */
  private async cycleOnce(): Promise<void> {
    const { db, log, clock } = this.options;
    this.lastAttemptAt = new Date(clock()).toISOString();
    const abort = new AbortController();
    this.cycleAbort = abort;
    const signal = AbortSignal.any([this.abort.signal, abort.signal]);
    // Written from callbacks too (the push's watched calls), hence an object TypeScript does not narrow.
    const outcome: { failure: unknown; refused: boolean } = { failure: null, refused: false };
    const note = (error: unknown): void => {
      outcome.failure ??= error;
      if (error instanceof GatewayError && error.failure.kind === 'credentials') outcome.refused = true;
    };
    try {
      const connection = await this.connect(signal);
      this.pulling = true;
      this.changed();
      try {
        await pullUntilIdle({
          gateway: connection.client,
          db,
          log: log.child('pull'),
          journal: this.journal,
          clock,
          signal,
          applier: this.applier,
          ...(this.options.pageSize === undefined ? {} : { pageSize: this.options.pageSize }),
          ...(this.options.retryBudgetMs === undefined ? {} : { retryBudgetMs: this.options.retryBudgetMs }),
          onPage: (page) => this.options.emit('tasks:changed', { taskIds: page.changedTaskIds.slice(0, 1000), reloadAll: page.changedTaskIds.length > 1000 }),
        });
      } catch (error) {
        note(error);
      }
      this.pulling = false;
      if (!outcome.refused && !signal.aborted) {
        // Its failure is journalled and does not fail the cycle: the cached copy serves meanwhile.
        await refreshReference({ gateway: connection.client, reference: db.sync.reference, journal: this.journal, log: log.child('reference') });
      }
      if (!outcome.refused && !signal.aborted) {
        this.pushing = true;
        this.changed();
        const pushed = await drainOutbox({
          gateway: watchCredentials(connection.client, note),
          gatewayIdentity: connection.resultsFor,
          db,
          attachments: this.options.attachments,
          log: log.child('push'),
          journal: this.journal,
          clock,
          signal,
        });
        if (pushed.tasksChanged.length > 0) this.options.emit('tasks:changed', { taskIds: pushed.tasksChanged.slice(0, 1000), reloadAll: pushed.tasksChanged.length > 1000 });
        const assigned = await pushAssignments({ gateway: connection.assigner, gatewayIdentity: connection.resultsFor, db, log: log.child('assignments'), journal: this.journal, clock, signal });
        if (assigned.tasksChanged.length > 0) this.options.emit('tasks:changed', { taskIds: assigned.tasksChanged.slice(0, 1000), reloadAll: assigned.tasksChanged.length > 1000 });
      }
    } catch (error) {
      note(error);
    } finally {
      this.pulling = false;
      this.pushing = false;
      this.cycleAbort = null;
    }
    if (outcome.failure === null) {
      this.failures = 0;
      this.signedIn = true;
      this.lastError = null;
      this.followCargo();
    } else if (!this.rerun) {
      // A cycle ended by a settings change is not a failure of the new settings.
      this.noteFailure(outcome.failure, outcome.refused);
    }
    this.changed();
  }

  private noteFailure(error: unknown, refused: boolean): void {
    this.failures++;
    if (refused) {
      this.paused = 'credentials_refused';
      this.signedIn = false;
      // The client would sign in again with the same refused password: the next cycle builds a new one.
      this.connection = null;
      this.cargoClient = null;
      this.cargo.unfollow().catch((error: unknown) => this.options.log.warn('cargo stream not stopped', { error }));
    }
    if (error instanceof GatewayError) {
      const { failure } = error;
      if (failure.kind === 'credentials') this.signedIn = false;
      this.lastError = { code: failure.kind === 'http' ? `http_${failure.status}` : failure.kind, message: failure.message };
    } else {
      this.lastError = { code: 'internal', message: error instanceof Error ? error.message : String(error) };
    }
    this.options.log.warn('sync cycle failed', { error: this.lastError, failuresInRow: this.failures, paused: this.paused });
  }

  /**
   * The connection for the settings as they are now. Every await is followed by a fresh look at the
   * settings generation: a change made meanwhile (even one made while the training simulator was
   * starting or stopping) starts the step over, so the newest settings are the ones installed.
   */
  private async connect(signal: AbortSignal): Promise<Connection> {
    for (;;) {
      if (this.stopped) throw new Error('sync stopped');
      signal.throwIfAborted();
      const generation = this.generation;
      if (this.connection?.generation === generation) return this.connection;
      const connection = await this.connectOnce(generation);
      if (connection !== null && this.generation === generation) {
        // Another single window (training run, other gateway): its tasks are not this one's, so none
        // of them stays listed (drafts and results stay, each tied to its own gateway).
        this.sync.bindCursor(connection.identity, { forgetTasks: true });
        this.connection = connection;
        return connection;
      }
    }
  }

  /** One try; null when the settings changed during an await (the caller starts over). */
  private async connectOnce(generation: number): Promise<Connection | null> {
    const { settings, log, clock } = this.options;
    const wanted = settings.gatewayConfig().gatewayUrl === null ? 'training' : 'gateway';
    if (this.options.workspace !== undefined && wanted !== this.options.workspace) {
      throw new Error(`the settings are for ${wanted} mode; this is the ${this.options.workspace} workspace's sync`);
    }
    if (settings.gatewayConfig().gatewayUrl === null) {
      this.training ??= this.options.startTraining();
      const training = await this.training;
      if (this.stopped) throw new Error('sync stopped');
      if (this.generation !== generation) return null;
      // Read after the await: the settings installed are the ones in force now.
      const config = settings.gatewayConfig();
      if (config.gatewayUrl !== null) return null;
      // The officer's client, and the supervisor's for assignments: one simulator, two sign-ins.
      const signedInAs = ({ operatorId, password }: { operatorId: string; password: string }): GatewayClient =>
        new GatewayClient({
          baseUrl: training.url,
          credentials: { operatorId, password, workstationId: config.workstationId },
          log: log.child('gateway'),
          clock,
          journal: this.journal,
          onReach: (answered) => this.reached(generation, answered),
        });
      const client = signedInAs(TRAINING_OPERATOR);
      const assigner = signedInAs(TRAINING_ACCOUNTS.find((account) => account.roles.some((role) => role === 'supervisor')) ?? TRAINING_OPERATOR);
      // Each simulator run is a new single window (same seed, fresh versions): its cursors and
      // task versions do not continue the last run's.
      return {
        client,
        assigner,
        identity: `training ${training.url} ${clock()}`,
        resultsFor: gatewayIdentity(null, null),
        mode: 'training',
        url: training.url,
        generation,
      };
    }
    await this.stopTraining();
    if (this.generation !== generation) return null;
    {
      // Read after the await: never the settings of before the simulator stopped.
      const config = settings.gatewayConfig();
      if (config.gatewayUrl === null) return null;
      if (config.operatorId === null || config.password === null) {
        throw new GatewayError({ kind: 'credentials', message: 'no operator and password are configured for the gateway' });
      }
      // An address stored before the rule existed (plain http to another host, user info) never
      // gets the password: sign-in stops, as for a refused password, until the settings change.
      const address = checkGatewayUrl(config.gatewayUrl);
      if (!address.ok) {
        throw new GatewayError({ kind: 'credentials', message: `the stored gateway address is refused (${address.message}); correct it in Settings` });
      }
      const client = new GatewayClient({
        baseUrl: config.gatewayUrl,
        credentials: { operatorId: config.operatorId, password: config.password, workstationId: config.workstationId },
        log: log.child('gateway'),
        clock,
        journal: this.journal,
        onReach: (answered) => this.reached(generation, answered),
      });
      client.onToken((token) => settings.setToken({ accessToken: token.accessToken, expiresAt: token.expiresAt }));
      return {
        client,
        assigner: client,
        identity: config.gatewayUrl,
        resultsFor: gatewayIdentity(config.gatewayUrl, config.operatorId),
        mode: 'gateway',
        url: config.gatewayUrl,
        generation,
      };
    }
  }

  private async stopTraining(): Promise<void> {
    const training = this.training;
    this.training = null;
    if (training) await (await training.catch(() => null))?.stop();
  }

  /**
   * After each call to the gateway: `online` says whether the last one got an answer (the contract's
   * meaning), at once, not when the cycle's retries give up; the renderers hear of each change. A
   * client of settings replaced since (its calls still ending) no longer speaks for the status.
   */
  private reached(generation: number, answered: boolean): void {
    if (generation !== this.generation || this.stopped || answered === this.online) return;
    this.online = answered;
    this.changed();
  }

  private changed(): void {
    this.options.emit('sync:changed', this.status());
  }
}

/** The push's gateway calls, with a refused sign-in reported to the cycle (the drain itself never throws). */
function watchCredentials(client: Pick<Gateway, 'putAttachment' | 'postResult'>, note: (error: unknown) => void): Pick<Gateway, 'putAttachment' | 'postResult'> {
  const watch = async <T>(call: Promise<T>): Promise<T> => {
    try {
      return await call;
    } catch (error) {
      if (error instanceof GatewayError && error.failure.kind === 'credentials') note(error);
      throw error;
    }
  };
  return {
    putAttachment: (...args) => watch(client.putAttachment(...args)),
    postResult: (...args) => watch(client.postResult(...args)),
  };
}
