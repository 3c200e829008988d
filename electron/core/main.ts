/**
 * The core process entry. Two hosts start it:
 *  - Electron main, with utilityProcess.fork: `process.parentPort` carries control messages, and each
 *    window's channel arrives as a MessagePortMain with a `connect` message;
 *  - any Node parent, with child_process.fork (the tests): `process.send` carries control messages
 *    and the frames of one session, wrapped as `{ type: 'frame', data }`.
 * No electron import here: the parent port is typed by hand, just as far as this file uses it.
 */
import {
  FATAL_EXIT_CODE,
  parentMessageSchema,
  type ConnectMessage,
  type CoreStatus,
  type FrameMessage,
  type InitMessage,
} from './control.js';
import { startCore, type Core, type Session } from './core.js';
import { DatabaseInUseError } from './db/database-lock.js';
import { createLogger, type Logger } from './log.js';
import { decodeDataKey } from './secrets/data-key.js';
import { TRAINING_SEED, TRAINING_TASKS } from './sync/training-gateway.js';
import type { TrainingRequest } from './training-control.js';
import { trainingViaMain } from './training-via-main.js';

/** An Electron MessagePortMain, as far as the core uses it. */
interface CorePort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: string): void;
  start(): void;
  close(): void;
}

/** Electron's `process.parentPort` in a utility process. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown; ports?: readonly unknown[] }) => void): unknown;
  postMessage(message: unknown): void;
}

/** Where control messages come from and statuses go to, whichever parent started us. */
interface Host {
  readonly kind: 'utility' | 'fork';
  onMessage(listener: (message: unknown, ports: readonly unknown[]) => void): void;
  post(message: CoreStatus | FrameMessage | TrainingRequest): void;
  /** Posts a last status and exits once it had a chance to leave the process. */
  postAndExit(message: CoreStatus, code: number): void;
}

/** The training world when main starts the simulator: as training-gateway.ts starts it for the headless host. */
const TRAINING_WORLD = { seed: TRAINING_SEED, tasks: TRAINING_TASKS, cargo: 500 };

function hasFunctions(value: unknown, ...names: string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return names.every((name) => typeof Reflect.get(value, name) === 'function');
}

function isParentPort(value: unknown): value is ParentPort {
  return hasFunctions(value, 'on', 'postMessage');
}

function isCorePort(value: unknown): value is CorePort {
  return hasFunctions(value, 'on', 'postMessage', 'start', 'close');
}

function detectHost(): Host | null {
  // Read through Reflect: Electron's typings declare parentPort on every process, but only a
  // utility process has one.
  const parentPort: unknown = Reflect.get(process, 'parentPort');
  if (isParentPort(parentPort)) {
    return {
      kind: 'utility',
      onMessage: (listener) => {
        parentPort.on('message', (event) => {
          listener(event.data, event.ports ?? []);
        });
      },
      post: (message) => {
        parentPort.postMessage(message);
      },
      postAndExit: (message, code) => {
        parentPort.postMessage(message);
        // postMessage has no completion callback; give the message a moment to leave.
        setTimeout(() => process.exit(code), 100);
      },
    };
  }
  const send = process.send?.bind(process);
  if (send) {
    return {
      kind: 'fork',
      onMessage: (listener) => {
        process.on('message', (message: unknown) => {
          listener(message, []);
        });
      },
      post: (message) => {
        send(message);
      },
      postAndExit: (message, code) => {
        send(message, undefined, undefined, () => process.exit(code));
      },
    };
  }
  return null;
}

/** A logger for the time before init: no data folder yet, so lines go to stderr (the parent's log). */
const stderrLog: Logger = createLogger({ write: (line) => process.stderr.write(line) }, { subsystem: 'core.process' });

function runCoreProcess(host: Host): void {
  let core: Core | null = null;
  let log = stderrLog;
  // Under Electron the core cannot start processes (no ELECTRON_RUN_AS_NODE): main starts the
  // training simulator on its request. A forked core (tests, Node parents) spawns it itself.
  const training =
    host.kind === 'utility'
      ? trainingViaMain({ post: (message) => host.post(message), log: stderrLog.child('training') })
      : null;
  /** fork host: the one session over the IPC channel. */
  let forkSession: Session | null = null;
  /** utility host: one session per window; a window that reconnects replaces its old one. */
  const windowSessions = new Map<number, { port: CorePort; session: Session }>();

  const stop = (code: number): void => {
    for (const { port } of windowSessions.values()) port.close();
    windowSessions.clear();
    forkSession?.close();
    const closing = core?.close() ?? Promise.resolve();
    core = null;
    void closing.finally(() => process.exit(code));
  };

  const init = (message: InitMessage): void => {
    if (core) {
      log.warn('second init ignored');
      return;
    }
    try {
      // The key main unwrapped with safeStorage; without it (headless parents) the core reads its key file.
      const dataKey = message.dataKey === undefined ? undefined : decodeDataKey(message.dataKey);
      const options = {
        dataDir: message.dataDir,
        appVersion: message.appVersion,
        holder: host.kind === 'utility' ? ('desktop' as const) : ('core-process' as const),
        ...(dataKey ? { dataKey } : {}),
        ...(message.sync ? { sync: training ? { startTraining: () => training.start(TRAINING_WORLD) } : {} } : {}),
        onMapChanged: (mapbox: boolean) => {
          host.post({ type: 'map', mapbox });
        },
      };
      core = startCore(options);
    } catch (error) {
      log.error('the core could not start', { error });
      host.postAndExit({ type: 'fatal', message: fatalMessage(error) }, FATAL_EXIT_CODE);
      return;
    }
    log = core.log.child('process');
    if (host.kind === 'fork') {
      // Signed out like any channel: the parent signs in with session:signIn over it.
      forkSession = core.openSession((data) => {
        host.post({ type: 'frame', data });
      });
    }
    log.info('core process ready', { host: host.kind, pid: process.pid });
    // The map engine goes out before ready: a parent may disconnect as soon as it hears ready.
    host.post({ type: 'map', mapbox: core.mapboxConfigured() });
    host.post({ type: 'ready' });
  };

  const connect = (message: ConnectMessage, port: unknown): void => {
    if (!isCorePort(port)) {
      log.warn('connect without a port ignored', { windowId: message.windowId });
      return;
    }
    if (!core) {
      log.warn('connect before init refused', { windowId: message.windowId });
      port.close();
      return;
    }
    const previous = windowSessions.get(message.windowId);
    if (previous) {
      previous.session.close();
      previous.port.close();
    }
    // Each window's port starts signed out; its sign-in screen binds an account to it.
    const session = core.openSession((text) => {
      port.postMessage(text);
    });
    const entry = { port, session };
    windowSessions.set(message.windowId, entry);
    port.on('message', (event) => {
      session.receive(event.data);
    });
    port.on('close', () => {
      session.close();
      if (windowSessions.get(message.windowId) === entry) windowSessions.delete(message.windowId);
    });
    port.start();
    log.info('window connected', { windowId: message.windowId });
  };

  host.onMessage((raw, ports) => {
    if (training?.handle(raw)) return;
    const parsed = parentMessageSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn('control message ignored: unknown shape', { type: typeOf(raw) });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'init':
        init(message);
        return;
      case 'connect':
        if (host.kind !== 'utility') {
          log.warn('connect ignored: this host has no ports');
          return;
        }
        connect(message, ports[0]);
        return;
      case 'frame':
        if (!forkSession) {
          log.warn('frame ignored: no session (not initialised, or not a forked core)');
          return;
        }
        forkSession.receive(message.data);
        return;
    }
  });

  process.on('SIGTERM', () => {
    log.info('SIGTERM: closing the core');
    stop(0);
  });
  // A forked core whose parent went away has nobody to answer: close the database cleanly.
  process.on('disconnect', () => {
    log.info('parent disconnected: closing the core');
    stop(0);
  });
  process.on('uncaughtException', (error) => {
    log.error('uncaught exception; the core exits and its parent restarts it', { error });
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled rejection; the core exits and its parent restarts it', { error: reason });
    process.exit(1);
  });
}

/**
 * What main shows in its error dialog. Another console holding the folder is the one refusal an
 * officer can fix alone (close the other console), so it is said in both languages: main has no i18n.
 */
function fatalMessage(error: unknown): string {
  if (error instanceof DatabaseInUseError) return `控制台无法启动：${error.messageZh}\nThe console could not start: ${error.message}`;
  return `The console's core could not start: ${error instanceof Error ? error.message : String(error)}`;
}

/** For the log only: what kind of message arrived, never its content. */
function typeOf(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return typeof raw;
  const type: unknown = Reflect.get(raw, 'type');
  return typeof type === 'string' ? type.slice(0, 32) : 'object';
}

const host = detectHost();
if (host) {
  runCoreProcess(host);
} else {
  stderrLog.error('the core process must be started by Electron (utilityProcess) or child_process.fork');
  process.exitCode = FATAL_EXIT_CODE;
}
