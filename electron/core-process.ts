import { APP_ORIGIN, PORT_DELIVERY_CHANNEL, PORT_REQUEST_CHANNEL } from '../shared/contract/bridge.js';
import { coreStatusSchema, FATAL_EXIT_CODE, type ConnectMessage, type InitMessage } from './core/control.js';
import type { Logger } from './core/log.js';
import type { TrainingReply } from './core/training-control.js';
import type { TrainingService } from './training-simulator.js';
import { isAppUrl } from './window.js';

/**
 * Starts the core in its own process (Electron's utilityProcess), restarts it when it dies, and hands
 * each trusted window a MessagePort to it. Electron is injected: main passes utilityProcess.fork,
 * MessageChannelMain and ipcMain; tests pass fakes. Nothing here imports 'electron' at runtime.
 */

/** A MessagePortMain; main only transfers ports, never reads them. */
export type TransferablePort = object;

/** The utility process, as far as main uses it. */
export interface CoreChild {
  postMessage(message: InitMessage | ConnectMessage | TrainingReply, transfer?: TransferablePort[]): void;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  kill(): boolean;
}

/** The sending frame of an IPC event (WebFrameMain), as far as the trust decision needs it. */
export interface SenderFrame {
  readonly url: string;
  readonly origin: string;
  readonly parent: unknown;
}

export interface PortReceiver {
  readonly id: number;
  readonly mainFrame: SenderFrame;
  postMessage(channel: string, message: unknown, transfer?: TransferablePort[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** An IpcMainEvent, as far as the port handout needs it. */
export interface PortRequestEvent {
  readonly senderFrame: SenderFrame | null;
  readonly sender: PortReceiver;
}

export interface IpcMainLike {
  on(channel: string, listener: (event: PortRequestEvent) => void): unknown;
}

export interface FrameInfo {
  /** The frame is its window's top frame (no parent, and the webContents' main frame). */
  isTop: boolean;
  origin: string;
  url: string;
}

/**
 * Only the app's own top frame gets a port: a subframe, a page that navigated elsewhere, a file://
 * page or any other origin gets nothing. Both origin and URL must be the app's, so that an opaque
 * origin ('null') cannot pass on its URL alone.
 */
export function mayReceivePort(frame: FrameInfo): boolean {
  return frame.isTop && frame.origin === APP_ORIGIN && isAppUrl(frame.url);
}

/** A window's current main frame, as the trust decision sees it. */
export function mainFrameInfoOf(window: PortReceiver): FrameInfo {
  const frame = window.mainFrame;
  return { isTop: frame.parent === null, origin: frame.origin, url: frame.url };
}

export function frameInfoOf(event: PortRequestEvent): FrameInfo | null {
  const frame = event.senderFrame;
  if (!frame) return null;
  return { isTop: frame.parent === null && frame === event.sender.mainFrame, origin: frame.origin, url: frame.url };
}

export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

export interface CoreProcessOptions {
  /** Starts one core process: `utilityProcess.fork(coreEntry, [], { serviceName: 'core' })`. */
  fork(): CoreChild;
  /** `new MessageChannelMain()`. */
  createChannel(): { port1: TransferablePort; port2: TransferablePort };
  init: Omit<InitMessage, 'type'>;
  log: Logger;
  /** The core refused to start (database newer than the app, not a database): restarting cannot help. */
  onFatal(message: string): void;
  /** The core's map engine: true while an admin has Mapbox configured (app://'s CSP follows it). */
  onMapEngine?: (mapbox: boolean) => void;
  /** Starts training simulators on the core's request (it cannot start processes itself). */
  training?: Pick<TrainingService, 'handle' | 'coreExited'>;
  timers?: Timers;
}

/** Restart delays: 0.5 s doubling to 10 s; a core that ran a minute before dying starts from 0.5 s again. */
export const RESTART_MIN_MS = 500;
export const RESTART_MAX_MS = 10_000;
export const STABLE_UPTIME_MS = 60_000;

export function nextRestartDelay(previousDelay: number | null, uptimeMs: number): number {
  if (previousDelay === null || uptimeMs >= STABLE_UPTIME_MS) return RESTART_MIN_MS;
  return Math.min(previousDelay * 2, RESTART_MAX_MS);
}

export interface CoreProcess {
  /** Registers a window and hands it a port now, and again after every restart of the core. */
  connect(window: PortReceiver): void;
  /** Stops the core for good (app quitting): no restart follows. */
  stop(): void;
  /** Whether a core process is running (it may still be starting). */
  readonly running: boolean;
}

export function startCoreProcess(options: CoreProcessOptions): CoreProcess {
  const { log } = options;
  const timers = options.timers ?? realTimers;
  const windows = new Map<number, PortReceiver>();
  let child: CoreChild | null = null;
  let startedAt = 0;
  let lastDelay: number | null = null;
  let restartTimer: unknown = null;
  let stopped = false;
  let fatal = false;

  const handPort = (target: CoreChild, window: PortReceiver): void => {
    if (window.isDestroyed()) {
      windows.delete(window.id);
      return;
    }
    // Checked at every handout, not only when the window asked: after a core restart ports go out
    // again on main's initiative, and the window may have been navigated somewhere else meanwhile.
    const frame = mainFrameInfoOf(window);
    if (!mayReceivePort(frame)) {
      windows.delete(window.id);
      log.warn('port withheld: the window no longer shows the app', {
        windowId: window.id,
        origin: frame.origin,
        url: frame.url.slice(0, 200),
      });
      return;
    }
    const { port1, port2 } = options.createChannel();
    target.postMessage({ type: 'connect', windowId: window.id }, [port1]);
    window.postMessage(PORT_DELIVERY_CHANNEL, null, [port2]);
  };

  const launch = (): void => {
    restartTimer = null;
    const started = options.fork();
    child = started;
    startedAt = timers.now();
    started.on('message', (raw) => {
      if (options.training?.handle(started, raw)) return;
      const status = coreStatusSchema.safeParse(raw);
      if (!status.success) {
        log.warn('unexpected message from the core ignored');
        return;
      }
      if (status.data.type === 'ready') {
        log.info('core ready');
        return;
      }
      if (status.data.type === 'map') {
        options.onMapEngine?.(status.data.mapbox);
        return;
      }
      fatal = true;
      log.error('the core refused to start', { message: status.data.message });
      options.onFatal(status.data.message);
    });
    started.on('exit', (code) => {
      options.training?.coreExited(started);
      if (child !== started) return;
      child = null;
      if (stopped) return;
      if (fatal || code === FATAL_EXIT_CODE) {
        log.error('the core exited after a fatal start error; not restarting', { code });
        return;
      }
      const uptime = timers.now() - startedAt;
      lastDelay = nextRestartDelay(lastDelay, uptime);
      log.warn('the core exited; restarting', { code, uptimeMs: uptime, delayMs: lastDelay });
      restartTimer = timers.setTimeout(launch, lastDelay);
    });
    // Control messages are delivered in order: init first, then the windows' ports.
    started.postMessage({ type: 'init', ...options.init });
    for (const window of windows.values()) handPort(started, window);
  };

  launch();

  return {
    connect(window) {
      if (!windows.has(window.id)) {
        window.once('destroyed', () => {
          windows.delete(window.id);
        });
      }
      windows.set(window.id, window);
      // While the core restarts the window waits; launch() hands it a port.
      if (child) handPort(child, window);
    },
    stop() {
      stopped = true;
      if (restartTimer !== null) timers.clearTimeout(restartTimer);
      restartTimer = null;
      child?.kill();
      child = null;
    },
    get running() {
      return child !== null;
    },
  };
}

/**
 * ipcMain listener for PORT_REQUEST_CHANNEL: checks the asking frame, then registers its window.
 * A foreign frame gets nothing and a warning in the log.
 */
export function handlePortRequests(ipcMain: IpcMainLike, core: Pick<CoreProcess, 'connect'>, log: Logger): void {
  ipcMain.on(PORT_REQUEST_CHANNEL, (event) => {
    const info = frameInfoOf(event);
    if (!info || !mayReceivePort(info)) {
      log.warn('port request from a foreign frame refused', {
        origin: info?.origin ?? 'unknown',
        url: (info?.url ?? '').slice(0, 200),
        top: info?.isTop ?? false,
      });
      return;
    }
    core.connect(event.sender);
  });
}
