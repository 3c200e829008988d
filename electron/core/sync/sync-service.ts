import { TRAINING_OPERATOR, type EventName, type EventPayload, type SyncStatus } from '../../../shared/contract/index.js';
import type { AttachmentStore } from '../attachments/attachment-store.js';
import type { Database } from '../db/connection.js';
import type { SettingsRepository } from '../db/settings-repository.js';
import { SyncRepository } from '../db/sync-repository.js';
import type { Logger } from '../log.js';
import { GatewayClient } from './gateway-client.js';
import { GatewayError } from './gateway.js';
import { workerApplier, type PageApplier } from './page-applier.js';
import { SyncJournal } from './journal.js';
import { pullUntilIdle } from './pull.js';
import { drainOutbox } from './push.js';
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
}

interface Connection {
  client: GatewayClient;
  /** Names the gateway a stored cursor belongs to; a cursor means nothing to another gateway. */
  identity: string;
  mode: SyncStatus['mode'];
  url: string;
}

type Problem = { code: string; message: string };

/** The regular interval, or sooner when a backed-off result falls due before it (never under 1 s). */
export function nextCycleDelay(intervalMs: number, nextResultDueAt: number | null, now: number): number {
  return nextResultDueAt === null ? intervalMs : Math.min(intervalMs, Math.max(1000, nextResultDueAt - now));
}

/**
 * Keeps the local cache equal to the single window and the outbox empty: one cycle at a time
 * (pull until caught up, then drain the outbox), every `intervalMs` and on demand. In training mode
 * it starts the built-in simulator and syncs with it over HTTP, the production code path.
 */
export class SyncService {
  private readonly sync: SyncRepository;
  private readonly journal: SyncJournal;
  /** Pages are written on a worker thread so the UI's calls are answered while a sync runs. */
  private readonly applier: PageApplier;
  private connection: Connection | null = null;
  /** The training simulator, from the moment it is asked for: stop() must reach one still starting. */
  private training: Promise<TrainingGateway> | null = null;
  private cycle: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
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

  constructor(private readonly options: SyncServiceOptions) {
    this.sync = new SyncRepository(options.db.connection, options.db.tasks);
    this.journal = new SyncJournal(this.sync, options.log.child('journal'), options.clock);
    this.applier = workerApplier(options.db.file);
  }

  /** Connects (starting the simulator in training mode) and schedules cycles; the first runs now. */
  start(): void {
    this.started = true;
    this.schedule(0);
  }

  /** Runs a cycle now (or joins the running one) and answers the status after it. */
  async syncNow(): Promise<SyncStatus> {
    if (this.started) await this.runCycle();
    return this.status();
  }

  /** Settings changed: drop the client, the cursor if it belonged to another gateway, and sync again. */
  gatewayChanged(): void {
    this.connection = null;
    this.signedIn = false;
    this.schedule(0);
  }

  status(): SyncStatus {
    const state = this.sync.state();
    const counts = this.options.db.results.counts();
    const config = this.options.settings.gatewayConfig();
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
      lastError: this.lastError,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort(new Error('sync stopped'));
    await this.cycle?.catch(() => undefined);
    await this.applier.close();
    await this.stopTraining();
  }

  private schedule(delayMs: number): void {
    if (this.stopped || !this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.runCycle().finally(() => this.schedule(this.nextDelay()));
    }, delayMs);
  }

  private nextDelay(): number {
    return nextCycleDelay(this.options.intervalMs ?? 30_000, this.options.db.results.nextOutboxAttemptAt(), this.options.clock());
  }

  private runCycle(): Promise<void> {
    this.cycle ??= this.cycleOnce().finally(() => {
      this.cycle = null;
    });
    return this.cycle;
  }

  private async cycleOnce(): Promise<void> {
    const { db, log, clock } = this.options;
    this.lastAttemptAt = new Date(clock()).toISOString();
    try {
      const connection = await this.connect();
      this.pulling = true;
      this.changed();
      await pullUntilIdle({
        gateway: connection.client,
        db,
        log: log.child('pull'),
        journal: this.journal,
        clock,
        signal: this.abort.signal,
        applier: this.applier,
        ...(this.options.pageSize === undefined ? {} : { pageSize: this.options.pageSize }),
        ...(this.options.retryBudgetMs === undefined ? {} : { retryBudgetMs: this.options.retryBudgetMs }),
        onPage: (page) => this.options.emit('tasks:changed', { taskIds: page.changedTaskIds.slice(0, 1000), reloadAll: page.changedTaskIds.length > 1000 }),
      });
      this.pulling = false;
      this.pushing = true;
      this.changed();
      const pushed = await drainOutbox({
        gateway: connection.client,
        db,
        attachments: this.options.attachments,
        log: log.child('push'),
        journal: this.journal,
        clock,
        signal: this.abort.signal,
      });
      if (pushed.tasksChanged.length > 0) this.options.emit('tasks:changed', { taskIds: pushed.tasksChanged.slice(0, 1000), reloadAll: pushed.tasksChanged.length > 1000 });
      this.online = true;
      this.signedIn = true;
      this.lastError = null;
    } catch (error) {
      this.noteFailure(error);
    } finally {
      this.pulling = false;
      this.pushing = false;
      this.changed();
    }
  }

  private noteFailure(error: unknown): void {
    if (error instanceof GatewayError) {
      const { failure } = error;
      this.online = failure.kind !== 'transport' && failure.kind !== 'timeout';
      if (failure.kind === 'credentials') this.signedIn = false;
      this.lastError = { code: failure.kind === 'http' ? `http_${failure.status}` : failure.kind, message: failure.message };
    } else {
      this.lastError = { code: 'internal', message: error instanceof Error ? error.message : String(error) };
    }
    this.options.log.warn('sync cycle failed', { error: this.lastError });
  }

  private async connect(): Promise<Connection> {
    if (this.connection) return this.connection;
    const { settings, log, clock } = this.options;
    const config = settings.gatewayConfig();
    let connection: Connection;
    if (config.gatewayUrl === null) {
      this.training ??= this.options.startTraining();
      const training = await this.training;
      if (this.stopped) throw new Error('sync stopped');
      const client = new GatewayClient({
        baseUrl: training.url,
        credentials: { operatorId: TRAINING_OPERATOR.operatorId, password: TRAINING_OPERATOR.password, workstationId: config.workstationId },
        log: log.child('gateway'),
        clock,
        journal: this.journal,
      });
      // Each simulator run is a new single window (same seed, fresh versions): its cursors and
      // task versions do not continue the last run's.
      connection = { client, identity: `training ${training.url} ${clock()}`, mode: 'training', url: training.url };
    } else {
      await this.stopTraining();
      if (config.operatorId === null || config.password === null) {
        throw new GatewayError({ kind: 'credentials', message: 'no operator and password are configured for the gateway' });
      }
      const client = new GatewayClient({
        baseUrl: config.gatewayUrl,
        credentials: { operatorId: config.operatorId, password: config.password, workstationId: config.workstationId },
        log: log.child('gateway'),
        clock,
        journal: this.journal,
      });
      client.onToken((token) => settings.setToken({ accessToken: token.accessToken, expiresAt: token.expiresAt }));
      connection = { client, identity: config.gatewayUrl, mode: 'gateway', url: config.gatewayUrl };
    }
    this.sync.bindCursor(connection.identity, { forgetTasks: connection.mode === 'training' });
    this.connection = connection;
    return connection;
  }

  private async stopTraining(): Promise<void> {
    const training = this.training;
    this.training = null;
    if (training) await (await training.catch(() => null))?.stop();
  }

  private changed(): void {
    this.options.emit('sync:changed', this.status());
  }
}
