/**
 * Fakes of the Electron APIs the shell uses, only as far as it uses them. The shell's modules take
 * Electron as parameters, so tests inject these; nothing here loads the real 'electron' package
 * (whose entry point would try to download the binary).
 */
import { APP_ORIGIN } from '../../../shared/contract/bridge.js';
import type { CoreChild, PortReceiver, PortRequestEvent, SenderFrame, Timers, TransferablePort } from '../../../electron/core-process.js';
import type { InitMessage, ConnectMessage } from '../../../electron/core/control.js';
import type { TrainingReply } from '../../../electron/core/training-control.js';
import type { AppWindow, GuardedSession, GuardedWebContents, PreventableEvent } from '../../../electron/window.js';

type Listener = (...args: never[]) => unknown;

/** A minimal EventEmitter that records listeners by name, so a test can fire them. */
export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
    return this;
  }

  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
}

export class FakeEvent implements PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type RequestHandler = Parameters<GuardedSession['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<GuardedSession['setPermissionCheckHandler']>[0];

export class FakeSession implements GuardedSession {
  requestHandler: RequestHandler | null = null;
  checkHandler: CheckHandler | null = null;

  setPermissionRequestHandler(handler: RequestHandler): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: CheckHandler): void {
    this.checkHandler = handler;
  }

  /** Asks like Chromium does and returns what the handler granted. */
  request(permission: string, requestingUrl: string, mediaTypes?: string[]): boolean {
    const answer: { granted?: boolean } = {};
    this.requestHandler?.(null, permission, (granted) => (answer.granted = granted), { requestingUrl, ...(mediaTypes ? { mediaTypes } : {}) });
    if (answer.granted === undefined) throw new Error('the permission handler never answered');
    return answer.granted;
  }

  check(permission: string, origin: string, mediaType?: string): boolean {
    if (!this.checkHandler) throw new Error('no permission check handler');
    return this.checkHandler(null, permission, origin, mediaType ? { mediaType } : {});
  }
}

type OpenHandler = (details: { url: string }) => { action: 'deny' };

export class FakeWebContents extends FakeEmitter implements GuardedWebContents {
  readonly session = new FakeSession();
  openHandler: OpenHandler | null = null;

  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }

  devToolsOpen = false;

  closeDevTools(): void {
    this.devToolsOpen = false;
  }

  /** Someone opened DevTools (a shortcut, a menu, code); says whether they are still open after the guards ran. */
  openDevTools(): boolean {
    this.devToolsOpen = true;
    this.emit('devtools-opened');
    return this.devToolsOpen;
  }

  /** Fires will-frame-navigate as Electron does (the details are on the event) and says whether it went through. */
  navigateFrame(url: string, isMainFrame: boolean): boolean {
    const event = Object.assign(new FakeEvent(), { url, isMainFrame });
    this.emit('will-frame-navigate', event);
    return !event.defaultPrevented;
  }

  /** Fires a navigation-like event and says whether the app let it through. */
  navigate(event: 'will-navigate' | 'will-redirect', url: string): boolean {
    const e = new FakeEvent();
    this.emit(event, e, url);
    return !e.defaultPrevented;
  }
}

/** Electron's app, as far as the app-wide guard uses it: fire web-contents-created by hand. */
export class FakeApp extends FakeEmitter {
  createWebContents(): FakeWebContents {
    const contents = new FakeWebContents();
    this.emit('web-contents-created', new FakeEvent(), contents);
    return contents;
  }
}

export class FakeBrowserWindow extends FakeEmitter implements AppWindow {
  readonly webContents = new FakeWebContents();
  loaded: string[] = [];
  shown = false;

  constructor(readonly options: unknown) {
    super();
  }

  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }

  show(): void {
    this.shown = true;
  }
}

export class FakeFrame implements SenderFrame {
  constructor(
    readonly url: string,
    readonly origin: string,
    readonly parent: FakeFrame | null = null,
  ) {}
}

let nextWebContentsId = 1;

/** A window's webContents as the port handout sees it: id, main frame, postMessage, destroyed. */
export class FakePortReceiver extends FakeEmitter implements PortReceiver {
  readonly id = nextWebContentsId++;
  readonly delivered: { channel: string; message: unknown; transfer: TransferablePort[] }[] = [];
  destroyed = false;

  /** Writable: a test navigates the window by giving it another main frame. */
  constructor(public mainFrame: FakeFrame = new FakeFrame(`${APP_ORIGIN}/index.html`, APP_ORIGIN)) {
    super();
  }

  postMessage(channel: string, message: unknown, transfer: TransferablePort[] = []): void {
    this.delivered.push({ channel, message, transfer });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export function portRequest(sender: FakePortReceiver, senderFrame: FakeFrame | null = sender.mainFrame): PortRequestEvent {
  return { sender, senderFrame };
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: PortRequestEvent) => void>();

  on(channel: string, listener: (event: PortRequestEvent) => void): this {
    this.handlers.set(channel, listener);
    return this;
  }

  emit(channel: string, event: PortRequestEvent): void {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`nothing listens on ${channel}`);
    handler(event);
  }
}

/** A MessagePortMain stand-in; main only transfers them, so identity is all a test needs. */
export class FakeMessagePortMain {
  constructor(readonly name: string) {}
}

let nextChannel = 1;
export function fakeChannel(): { port1: FakeMessagePortMain; port2: FakeMessagePortMain } {
  const n = nextChannel++;
  return { port1: new FakeMessagePortMain(`core-${n}`), port2: new FakeMessagePortMain(`window-${n}`) };
}

export class FakeUtilityProcess extends FakeEmitter implements CoreChild {
  readonly posted: { message: InitMessage | ConnectMessage | TrainingReply; transfer: TransferablePort[] }[] = [];
  killed = false;

  postMessage(message: InitMessage | ConnectMessage | TrainingReply, transfer: TransferablePort[] = []): void {
    this.posted.push({ message, transfer });
  }

  kill(): boolean {
    this.killed = true;
    return true;
  }

  exit(code: number): void {
    this.emit('exit', code);
  }
}

/** A clock and timers the test moves by hand. */
export class FakeTimers implements Timers {
  time = 0;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Delays of the timers waiting now, from the current time. */
  waiting(): number[] {
    return [...this.pending.values()].map((timer) => timer.at - this.time);
  }

  advance(ms: number): void {
    this.time += ms;
    for (const [id, timer] of [...this.pending]) {
      if (timer.at <= this.time) {
        this.pending.delete(id);
        timer.callback();
      }
    }
  }
}

/** The renderer-side (DOM) MessagePort the preload receives: records what it posts. */
export class FakeRendererPort {
  readonly posted: string[] = [];
  started = false;
  closed = false;
  private readonly listeners = new Map<string, ((event: { data: unknown }) => void)[]>();

  postMessage(message: string): void {
    this.posted.push(message);
  }

  start(): void {
    this.started = true;
  }

  close(): void {
    this.closed = true;
  }

  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
  }

  /** The core sends a frame to the window. */
  deliver(data: unknown): void {
    for (const listener of this.listeners.get('message') ?? []) listener({ data });
  }

  /** The other end went away (core exited). */
  fireClose(): void {
    for (const listener of this.listeners.get('close') ?? []) listener({ data: undefined });
  }
}

/** ipcRenderer and contextBridge, as the sandboxed preload sees them through `require('electron')`. */
export function fakeRendererElectron(): {
  electron: { ipcRenderer: FakeEmitter & { send(channel: string): void }; contextBridge: { exposeInMainWorld(key: string, api: unknown): void } };
  sent: string[];
  exposed: Map<string, unknown>;
  deliverPort(channel: string, port: unknown): void;
} {
  const sent: string[] = [];
  const exposed = new Map<string, unknown>();
  const ipcRenderer = Object.assign(new FakeEmitter(), {
    send(channel: string) {
      sent.push(channel);
    },
  });
  return {
    electron: {
      ipcRenderer,
      contextBridge: {
        exposeInMainWorld(key: string, api: unknown) {
          exposed.set(key, api);
        },
      },
    },
    sent,
    exposed,
    deliverPort(channel, port) {
      ipcRenderer.emit(channel, { ports: [port], sender: ipcRenderer });
    },
  };
}
