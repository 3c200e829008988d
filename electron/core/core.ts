import path from 'node:path';
import type { EventName, EventPayload } from '../../shared/contract/index.js';
import { AttachmentStore } from './attachments/attachment-store.js';
import { openDatabase, type Database } from './db/connection.js';
import type { DatabaseHolderKind } from './db/database-lock.js';
import { SettingsRepository } from './db/settings-repository.js';
import { createLogger, fileSink, type LogSink, type Logger } from './log.js';
import { createResultHandlers } from './results-handlers.js';
import { createRouter, type Caller, type Router } from './router.js';
import { loadOrCreateKeyFile } from './secrets/data-key.js';
import { createSecretBox } from './secrets/secret-box.js';
import { createConnectionTest, createSettingsHandlers } from './settings-handlers.js';
import { createSyncHandlers } from './sync-handlers.js';
import { GatewayClient } from './sync/gateway-client.js';
import { SyncService, type SyncServiceOptions } from './sync/sync-service.js';
import { startTrainingGateway } from './sync/training-gateway.js';
import { createTaskHandlers } from './task-handlers.js';

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
  sync?: Partial<Pick<SyncServiceOptions, 'intervalMs' | 'pageSize' | 'retryBudgetMs' | 'startTraining'>>;
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
  readonly db: Database;
  readonly sync: SyncService;
  openSession(send: (frame: string) => void, caller: Caller): Session;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'console.sqlite';

export function logFile(dataDir: string): string {
  return path.join(dataDir, 'logs', 'console.log');
}

/** Starts the core: opens (and migrates) the database and wires the router. Throws DatabaseOpenError on a bad file. */
export function startCore(options: CoreOptions): Core {
  const log = createLogger(options.logSink ?? fileSink(logFile(options.dataDir)), { subsystem: 'core' });
  const clock = options.clock ?? Date.now;
  const db = openDatabase(path.join(options.dataDir, DATABASE_FILE), {
    log: log.child('db'),
    clock,
    appVersion: options.appVersion ?? '0.0.0',
    ...(options.holder ? { lock: options.holder } : {}),
  });
  const sessions = new Set<(frame: string) => void>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    const text = JSON.stringify({ type: 'event', name: event, payload });
    for (const send of sessions) send(text);
  };
  let sync: SyncService;
  let settings: SettingsRepository;
  try {
    settings = new SettingsRepository(db.connection, createSecretBox(options.dataKey ?? loadOrCreateKeyFile(options.dataDir)), {
      log: log.child('settings'),
    });
    const attachments = new AttachmentStore(options.dataDir);
    // Temp files left by a crash in the middle of writing evidence; their rows were never committed.
    attachments.sweepTemp().catch((error: unknown) => log.warn('attachment temp files not swept', { error }));
    sync = new SyncService({
      db,
      settings,
      attachments,
      log: log.child('sync'),
      clock,
      emit,
      startTraining: () => startTrainingGateway({ log: log.child('sync') }),
      ...options.sync,
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const router = createRouter(
    {
      'app:info': (_input, caller) => ({
        version: options.appVersion ?? '0.0.0',
        mode: settings.gatewayConfig().gatewayUrl === null ? 'training' : 'gateway',
        roles: [...caller.roles],
        taskCount: db.tasks.totalCount(),
      }),
      ...createTaskHandlers(db, clock),
      ...createResultHandlers(db, clock),
      ...createSyncHandlers(db, sync),
      ...createSettingsHandlers({
        settings,
        testConnection: createConnectionTest((url, operatorId, password) =>
          new GatewayClient({ baseUrl: url, credentials: { operatorId, password, workstationId: settings.workstationId() }, log: log.child('gateway-test') }).signIn(),
        ),
        onGatewayChanged: () => sync.gatewayChanged(),
        unresolvedResults: () => db.results.unresolvedFor(db.results.currentGateway()),
      }),
    },
    log.child('router'),
  );
  if (options.sync) sync.start();
  log.info('core started', { sync: options.sync !== undefined });

  return {
    log,
    router,
    db,
    sync,
    openSession(send, caller) {
      sessions.add(send);
      let open = true;
      return {
        receive(frame, answered) {
          void router.handle(frame, caller).then((answer) => {
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
    async close() {
      sessions.clear();
      await sync.stop();
      db.close();
      log.info('core stopped');
    },
  };
}
