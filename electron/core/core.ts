import path from 'node:path';
import type { EventName, EventPayload } from '../../shared/contract/index.js';
import { openDatabase, type Database } from './db/connection.js';
import { createTaskHandlers } from './task-handlers.js';
import { createLogger, fileSink, type LogSink, type Logger } from './log.js';
import { createRouter, type Caller, type Router } from './router.js';

export interface CoreOptions {
  /** The user-data folder: database, attachments, logs. */
  dataDir: string;
  mode?: 'training' | 'gateway';
  /** Injected clock (ms since epoch) so time-dependent rules (overdue) can be tested. */
  clock?: () => number;
  logSink?: LogSink;
  appVersion?: string;
}

/** One open channel to a renderer (a MessagePort, a WebSocket, a node IPC channel). */
export interface Session {
  /** Hands the core one frame as received: JSON text (both channels carry text). */
  receive(frame: unknown): void;
  close(): void;
}

export interface Core {
  readonly log: Logger;
  readonly router: Router;
  readonly db: Database;
  openSession(send: (frame: string) => void, caller: Caller): Session;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  close(): void;
}

export const DATABASE_FILE = 'console.sqlite';

export function logFile(dataDir: string): string {
  return path.join(dataDir, 'logs', 'console.log');
}

/** Starts the core: opens (and migrates) the database and wires the router. Throws DatabaseOpenError on a bad file. */
export function startCore(options: CoreOptions): Core {
  const log = createLogger(options.logSink ?? fileSink(logFile(options.dataDir)), { subsystem: 'core' });
  const clock = options.clock ?? Date.now;
  const db = openDatabase(path.join(options.dataDir, DATABASE_FILE), { log: log.child('db') });
  const sessions = new Set<(frame: string) => void>();
  const router = createRouter(
    {
      'app:info': (_input, caller) => ({
        version: options.appVersion ?? '0.0.0',
        mode: options.mode ?? 'training',
        roles: [...caller.roles],
        taskCount: db.tasks.totalCount(),
      }),
      ...createTaskHandlers(db, clock),
    },
    log.child('router'),
  );
  log.info('core started', { mode: options.mode ?? 'training' });

  return {
    log,
    router,
    db,
    openSession(send, caller) {
      sessions.add(send);
      let open = true;
      return {
        receive(frame) {
          void router.handle(frame, caller).then((answer) => {
            if (open) send(JSON.stringify(answer));
          });
        },
        close() {
          open = false;
          sessions.delete(send);
        },
      };
    },
    emit(event, payload) {
      const text = JSON.stringify({ type: 'event', name: event, payload });
      for (const send of sessions) send(text);
    },
    close() {
      sessions.clear();
      db.close();
      log.info('core stopped');
    },
  };
}
