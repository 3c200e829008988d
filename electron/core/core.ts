import { DATABASE_FILE, TRAINING_DIR } from './data-folder.js';
import path from 'node:path';
import type { EventName, EventPayload } from '../../shared/contract/index.js';
import { AttachmentStore } from './attachments/attachment-store.js';
import { createAccountHandlers, refuseTrainingAccount } from './auth/account-handlers.js';
import { ChannelSession } from './auth/channel-session.js';
import { PasswordChecker, type PasswordCheck } from './auth/password-check.js';
import { createSessionHandlers } from './auth/session-handlers.js';
import { createAuditHandlers } from './audit-handlers.js';
import { createConflictHandlers } from './conflict-handlers.js';
import { createDispatchHandlers, type DispatchMethod } from './dispatch-handlers.js';
import { openDatabase, type Database } from './db/connection.js';
import type { AccountRepository } from './db/account-repository.js';
import type { DatabaseHolderKind } from './db/database-lock.js';
import type { SettingsRepository } from './db/settings-repository.js';
import { createInspectionHandlers, type InspectionMethod } from './inspection-handlers.js';
import { ChainWatch } from './audit/chain-watch.js';
import { createLogger, fileSink, type LogSink, type Logger } from './log.js';
import { createEvidenceHandlers } from './evidence-handlers.js';
import { EXPORTS_FOLDER } from './evidence/export-bundle.js';
import { createResultHandlers } from './results-handlers.js';
import { createRouter, type Caller, type Handlers, type Router } from './router.js';
import { loadOrCreateKeyFile } from './secrets/data-key.js';
import { createSecretBox } from './secrets/secret-box.js';
import { createMapSettingsHandlers } from './map-settings-handlers.js';
import { createConnectionTest, createSettingsHandlers } from './settings-handlers.js';
import { createBackupHandlers } from './backup-handlers.js';
import { createKpiHandlers } from './kpi-handlers.js';
import { createReviewHandlers } from './review-handlers.js';
import { BackupService } from './backup/backup-service.js';
import { backupSettingsRepository } from './db/backup-settings-repository.js';
import { createSyncHandlers } from './sync-handlers.js';
import { GatewayClient } from './sync/gateway-client.js';
import { SyncService, type SyncServiceOptions } from './sync/sync-service.js';
import { startTrainingGateway } from './sync/training-gateway.js';
import { createTaskHandlers } from './task-handlers.js';

// The host reports a refused database by this error's kind; it never imports core/db itself.
export { DatabaseInUseError } from './db/database-lock.js';

export interface CoreOptions {
  /** The user-data folder: database, attachments, logs. */
  dataDir: string;
  /** Injected clock (ms since epoch) so time-dependent rules (overdue) can be tested. */
  clock?: () => number;
  logSink?: LogSink;
  appVersion?: string;
  /** Electron main's data key (unwrapped with safeStorage); without it the core keeps a 0600 key file. */
  dataKey?: Buffer;
  /**
   * The process this core runs in, when it is the folder's one writer (process entries pass it):
   * every database file is opened with that exclusive lock, and a second core is refused naming
   * the first. Absent in tests that open cores on their own temp folders.
   */
  holder?: DatabaseHolderKind;
  /**
   * Runs sync with the single window (the configured gateway, or the built-in simulator in training
   * mode). Off unless given: tests of other parts start no simulator.
   */
  sync?: Partial<Pick<SyncServiceOptions, 'intervalMs' | 'pageSize' | 'retryBudgetMs' | 'startTraining' | 'cycleBackoff'>>;
  /**
   * One database for both modes (`<dataDir>/console.sqlite`): for benchmarks and tests that serve a
   * prepared database of tasks whatever the mode. The console never sets it: training works in its
   * own files (TRAINING_DIR).
   */
  singleDatabase?: boolean;
  /** Told when an admin switches the map between the offline basemap and Mapbox (Electron main's CSP follows it). */
  onMapChanged?: (mapbox: boolean) => void;
}

/** One open channel to a renderer (a MessagePort, a WebSocket, a node IPC channel). */
export interface Session {
  /**
   * Hands the core one frame as received: JSON text (both channels carry text). `answered` runs once
   * the answer has been handed to the channel, so a channel can bound the requests it has in flight.
   */
  receive(frame: unknown, answered?: () => void): void;
  close(): void;
}

export interface Core {
  readonly log: Logger;
  readonly router: Router;
  /** The active workspace's database (training or the real single window's), read at each use. */
  readonly db: Database;
  /** The active workspace's sync service. */
  readonly sync: SyncService;
  /** The console's local accounts (in the real database, whatever the mode). */
  readonly accounts: AccountRepository;
  /**
   * A channel to a renderer; it starts signed out (session:signIn binds an account to it), or, with
   * `wall`, signed in as the read-only wall display for its whole life (the host's wall token).
   */
  openSession(send: (frame: string) => void, options?: { wall?: boolean }): Session;
  /**
   * Checks a second officer's password on this workstation (the inspection's second signature):
   * the account exists, is enabled, is not locked out; a wrong password counts towards the lockout.
   */
  verifyOfficer(operatorId: string, password: string): Promise<PasswordCheck>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Whether an admin configured Mapbox: the shells then open their CSP to Mapbox's hosts. */
  mapboxConfigured(): boolean;
  close(): Promise<void>;
}

// The data folder's layout lives in data-folder.ts (the backup reads it too); named here as before.
export { DATABASE_FILE, TRAINING_DIR };

type WorkspaceMode = 'training' | 'gateway';
type WorkspaceMethod =
  | 'tasks:list'
  | 'tasks:count'
  | 'tasks:get'
  | 'tasks:byIds'
  | 'reference:get'
  | 'results:list'
  | 'results:forTask'
  | 'results:conflict'
  | 'results:resolve'
  | 'results:exportParked'
  | 'results:exportEvidence'
  | 'sync:status'
  | 'sync:now'
  | 'sync:journal'
  | 'cargo:snapshot'
  | 'cargo:arrivals'
  | 'cargo:track'
  | 'review:pending'
  | 'review:decide'
  | 'review:forTask'
  | 'audit:forTask'
  | 'kpi:summary'
  | 'kpi:officers'
  | 'kpi:exportCsv'
  | 'flags:list'
  | 'flags:acknowledge'
  | DispatchMethod
  | InspectionMethod;
// Each method once, as a record's keys: a method of WorkspaceMethod missing here fails to compile
// (the router would otherwise find no handler for it and answer internal).
const WORKSPACE_METHODS = Object.keys({
  'tasks:list': true,
  'tasks:count': true,
  'tasks:get': true,
  'tasks:byIds': true,
  'reference:get': true,
  'results:list': true,
  'results:forTask': true,
  'results:conflict': true,
  'results:resolve': true,
  'results:exportParked': true,
  'results:exportEvidence': true,
  'sync:status': true,
  'sync:now': true,
  'sync:journal': true,
  'cargo:snapshot': true,
  'cargo:arrivals': true,
  'cargo:track': true,
  'review:pending': true,
  'review:decide': true,
  'review:forTask': true,
  // A task's audit entries are in its workspace's database, beside the task.
  'audit:forTask': true,
  // KPIs are over the workspace's task cache (training or real).
  'kpi:summary': true,
  'kpi:officers': true,
  'kpi:exportCsv': true,
  'flags:list': true,
  'flags:acknowledge': true,
  // The roster and the assignments belong to the workspace's single window, like its tasks.
  'roster:get': true,
  'roster:set': true,
  'roster:officers': true,
  'dispatch:candidates': true,
  'dispatch:random': true,
  'dispatch:manual': true,
  'dispatch:forTask': true,
  'dispatch:list': true,
  // Drafts, results and their photos belong to the workspace's single window (training or real).
  'inspection:start': true,
  'inspection:get': true,
  'inspection:save': true,
  'inspection:patch': true,
  'inspection:sign': true,
  'inspection:check': true,
  'inspection:submit': true,
  'inspection:discard': true,
  'attachments:put': true,
} satisfies Record<WorkspaceMethod, true>) as WorkspaceMethod[];

/**
 * One single window's files: its database (tasks, drafts, results, journal) and attachments, and
 * the sync service of its current activation (a stopped service is not restarted: a new one is made).
 */
interface Workspace {
  readonly mode: WorkspaceMode;
  readonly db: Database;
  readonly attachments: AttachmentStore;
  sync: SyncService;
  handlers: Pick<Handlers, WorkspaceMethod>;
}

export function logFile(dataDir: string): string {
  return path.join(dataDir, 'logs', 'console.log');
}

/** Starts the core: opens (and migrates) the database and wires the router. Throws DatabaseOpenError on a bad file. */
export function startCore(options: CoreOptions): Core {
  const log = createLogger(options.logSink ?? fileSink(logFile(options.dataDir)), { subsystem: 'core' });
  const clock = options.clock ?? Date.now;
  const open = (file: string): Database =>
    openDatabase(file, {
      log: log.child('db'),
      clock,
      appVersion: options.appVersion ?? '0.0.0',
      ...(options.holder ? { lock: options.holder } : {}),
    });
  // The real database also holds the settings (gateway, operator, encrypted credentials,
  // workstation id), so the mode is remembered; training works in its own files beside it.
  const db = open(path.join(options.dataDir, DATABASE_FILE));
  const sessions = new Map<(frame: string) => void, ChannelSession>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    const text = JSON.stringify({ type: 'event', name: event, payload });
    for (const [send, channel] of sessions) if (channel.hears(event)) send(text);
  };
  let settings: SettingsRepository;
  let checker: PasswordChecker;
  const verifyOfficer = (operatorId: string, password: string) => checker.check(operatorId, password, 'session.officer_verified');
  let trainingDb: Database | null = null;
  const workspaces = {} as Record<WorkspaceMode, Workspace>;
  let chainWatches: { database: 'real' | 'training'; watch: ChainWatch }[] = [];
  let active: Workspace;
  const modeNow = (): WorkspaceMode => (settings.gatewayConfig().gatewayUrl === null ? 'training' : 'gateway');
  /** A new sync service and handlers for the workspace (its previous service, if any, was stopped). */
  const activate = (workspace: Workspace): Workspace => {
    workspace.sync = new SyncService({
      db: workspace.db,
      settings,
      attachments: workspace.attachments,
      log: log.child('sync'),
      clock,
      emit,
      workspace: workspace.mode,
      startTraining: () => startTrainingGateway({ log: log.child('sync') }),
      ...options.sync,
    });
    workspace.handlers = {
      ...createTaskHandlers(workspace.db, clock),
      ...createKpiHandlers(workspace.db, db.accounts, clock),
      ...createReviewHandlers(workspace.db, clock, (taskId) => {
        emit('tasks:changed', { taskIds: [taskId], reloadAll: false });
      }),
      ...createResultHandlers(workspace.db, clock, db.accounts, () => workspace.sync.cycleSoon()),
      ...createConflictHandlers(workspace.db, clock),
      ...createAuditHandlers(workspace.db, db.accounts),
      ...createDispatchHandlers({
        db: workspace.db,
        accounts: db.accounts,
        clock,
        queued: () => workspace.sync.cycleSoon(),
        taskChanged: (taskId) => emit('tasks:changed', { taskIds: [taskId], reloadAll: false }),
      }),
      ...createEvidenceHandlers({
        db: workspace.db,
        attachments: workspace.attachments,
        // beside the workspace's attachments folder: the real and the training data each export their own
        exportDir: path.join(path.dirname(workspace.attachments.root), EXPORTS_FOLDER),
        appVersion: options.appVersion ?? '0.0.0',
        clock,
      }),
      ...createSyncHandlers(workspace.db, workspace.sync),
      ...createInspectionHandlers({
        db: workspace.db,
        attachments: workspace.attachments,
        accounts: db.accounts,
        verifyOfficer,
        clock,
        submitted: () => workspace.sync.cycleSoon(),
      }),
    };
    if (options.sync) workspace.sync.start();
    return workspace;
  };
  try {
    settings = db.settings(createSecretBox(options.dataKey ?? loadOrCreateKeyFile(options.dataDir)), {
      log: log.child('settings'),
    });
    // Accounts live in the real database whatever the mode; the training accounts are made at first start.
    checker = new PasswordChecker({ accounts: db.accounts, inTraining: () => modeNow() === 'training', clock, log: log.child('auth') });
    trainingDb = options.singleDatabase ? null : open(path.join(options.dataDir, TRAINING_DIR, DATABASE_FILE));
    for (const [mode, workspaceDb, dir] of [
      ['gateway', db, options.dataDir],
      ['training', trainingDb ?? db, trainingDb ? path.join(options.dataDir, TRAINING_DIR) : options.dataDir],
    ] as const) {
      const attachments = new AttachmentStore(dir);
      // Temp files left by a crash in the middle of writing evidence; their rows were never committed.
      attachments.sweepTemp().catch((error: unknown) => log.warn('attachment temp files not swept', { error }));
      // sync and handlers are set by activate() before the workspace is ever active.
      workspaces[mode] = { mode, db: workspaceDb, attachments } as Workspace;
    }
    // Only the active workspace syncs; the other gets its service when it becomes active.
    active = activate(workspaces[modeNow()]);
    // The badge's view of each database's audit chain, walked in slices beside the console's work.
    chainWatches = [{ database: 'real', watch: new ChainWatch(db.audit, { clock }) }];
    if (trainingDb) chainWatches.push({ database: 'training', watch: new ChainWatch(trainingDb.audit, { clock }) });
  } catch (error) {
    trainingDb?.close();
    db.close();
    throw error;
  }
  /** Stops of services left behind by mode switches, in order; close() waits for them. */
  let leaving: Promise<void> = Promise.resolve();
  const gatewayChanged = (): void => {
    const mode = modeNow();
    if (mode === active.mode) {
      active.sync.gatewayChanged();
      return;
    }
    // Switching mode switches files: from here on every call reaches the other workspace.
    const previous = active;
    leaving = leaving.then(() => previous.sync.stop()).catch((error: unknown) => log.warn('sync of the previous workspace did not stop cleanly', { error }));
    active = activate(workspaces[mode]);
    log.info('workspace switched', { mode });
    emit('sync:changed', active.sync.status());
    emit('tasks:changed', { taskIds: [], reloadAll: true });
  };
  /** Every call that reads or writes tasks, results, the journal or flags reaches the active workspace at call time. */
  const delegated = Object.fromEntries(
    WORKSPACE_METHODS.map((method) => [method, (input: never, caller: Caller) => (active.handlers[method] as (input: never, caller: Caller) => unknown)(input, caller)]),
  ) as unknown as Pick<Handlers, WorkspaceMethod>;
  const settingsHandlers = createSettingsHandlers({
    settings,
    testConnection: createConnectionTest((url, operatorId, password) =>
      new GatewayClient({ baseUrl: url, credentials: { operatorId, password, workstationId: settings.workstationId() }, log: log.child('gateway-test') }).signIn(),
    ),
    onGatewayChanged: gatewayChanged,
    // The real single window's results: the ones a change of its URL or operator would strand.
    unresolvedResults: () => db.results.unresolvedFor(db.results.currentGateway()),
  });
  const backupSettings = backupSettingsRepository(db);
  const backups = new BackupService({ dataDir: options.dataDir, settings: backupSettings, appVersion: options.appVersion ?? '0.0.0', clock, log: log.child('backup') });
  backups.start();
  const router = createRouter(
    {
      ...createSessionHandlers(db.accounts),
      ...createBackupHandlers(backups, backupSettings, db.accounts),
      ...createAccountHandlers({ accounts: db.accounts, checker, clock }),
      'app:info': (_input, caller) => ({
        version: options.appVersion ?? '0.0.0',
        mode: active.mode,
        roles: [...caller.roles],
        taskCount: active.db.tasks.totalCount(),
      }),
      ...delegated,
      'audit:status': () => ({ chains: chainWatches.map(({ database, watch }) => ({ database, ...watch.status() })) }),
      ...settingsHandlers,
      ...createMapSettingsHandlers(settings, (mapbox) => options.onMapChanged?.(mapbox)),
      'settings:setGateway': (input, caller) => {
        refuseTrainingAccount(db.accounts, caller);
        return settingsHandlers['settings:setGateway'](input, caller);
      },
    },
    log.child('router'),
  );
  log.info('core started', { sync: options.sync !== undefined, mode: active.mode });

  return {
    log,
    router,
    get db() {
      return active.db;
    },
    get sync() {
      return active.sync;
    },
    accounts: db.accounts,
    mapboxConfigured: () => settings.mapConfig().engine === 'mapbox',
    openSession(send, sessionOptions) {
      let open = true;
      const channel = new ChannelSession({
        accounts: db.accounts,
        checker,
        inTraining: () => active.mode === 'training',
        clock,
        log: log.child('session'),
        ...(sessionOptions?.wall ? { wall: true } : {}),
      });
      sessions.set(send, channel);
      return {
        receive(frame, answered) {
          void router.handle(frame, channel).then((answer) => {
            if (open) send(JSON.stringify(answer));
            answered?.();
          });
        },
        close() {
          open = false;
          sessions.delete(send);
        },
      };
    },
    emit,
    verifyOfficer,
    async close() {
      sessions.clear();
      for (const { watch } of chainWatches) watch.stop();
      // The training accounts' hashes may still be in the thread pool: let them land before the file closes.
      await checker.ready();
      await active.sync.stop();
      await backups.stop();
      await leaving;
      if (workspaces.training.db !== db) workspaces.training.db.close();
      db.close();
      log.info('core stopped');
    },
  };
}
