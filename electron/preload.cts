/**
 * The preload of every app window. It runs sandboxed, where `require` knows only 'electron' (and a
 * few web-safe built-ins): no relative import may survive compilation, so the few contract
 * constants are repeated here and a unit test checks them against shared/contract/bridge.ts.
 *
 * It asks main for a MessagePort to the core, and exposes exactly the PreloadBridge: frames as text
 * in, frames as text out, and a close signal. Nothing generic, nothing that names a method.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS, and 'electron' is the one module it may load
import electron = require('electron');
import type { PreloadBridge } from '../shared/contract/bridge.js';

const PRELOAD_GLOBAL = 'portConsole';
const PORT_REQUEST_CHANNEL = 'core-port:request';
const PORT_DELIVERY_CHANNEL = 'core-port:deliver';
const MAX_FRAME_BYTES = 1024 * 1024;
/** Frames sent before the first port arrives (the UI asks for app:info at once) wait here, bounded. */
const MAX_QUEUED_FRAMES = 256;

/** The renderer-side (DOM) MessagePort, as much of it as this file uses. */
interface RendererPort {
  postMessage(message: string): void;
  start(): void;
  close(): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
}

function isRendererPort(value: unknown): value is RendererPort {
  if (typeof value !== 'object' || value === null) return false;
  const port = value as Partial<Record<keyof RendererPort, unknown>>;
  return (
    typeof port.postMessage === 'function' &&
    typeof port.start === 'function' &&
    typeof port.close === 'function' &&
    typeof port.addEventListener === 'function'
  );
}

/** UTF-8 size check without allocating: a frame near the limit is counted, a short one is not. */
function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > limit) return true;
  }
  return false;
}

/** A throwing listener must not starve the others; its error still surfaces in the console. */
function callEach<A extends unknown[]>(listeners: Set<(...args: A) => void>, ...args: A): void {
  for (const listener of [...listeners]) {
    try {
      listener(...args);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

const frameListeners = new Set<(frame: string) => void>();
const closeListeners = new Set<() => void>();
const queued: string[] = [];
let current: RendererPort | null = null;

function detach(port: RendererPort): void {
  if (current !== port) return;
  current = null;
  callEach(closeListeners);
}

function attach(port: RendererPort): void {
  if (current) {
    const old = current;
    detach(old);
    old.close();
  }
  current = port;
  port.addEventListener('message', (event) => {
    if (port !== current || typeof event.data !== 'string') return;
    callEach(frameListeners, event.data);
  });
  port.addEventListener('close', () => {
    detach(port);
  });
  port.start();
  for (const frame of queued.splice(0)) port.postMessage(frame);
}

electron.ipcRenderer.on(PORT_DELIVERY_CHANNEL, (event: { ports: readonly unknown[] }) => {
  const port = event.ports[0];
  if (isRendererPort(port)) attach(port);
});

/**
 * Arguments arrive from page script, so they are typed `unknown` and checked: the PreloadBridge
 * types are a promise to honest callers, not a guarantee about what a compromised page sends.
 */
const bridge = {
  send(frame: unknown): void {
    if (typeof frame !== 'string') throw new TypeError('a frame is JSON text');
    if (exceedsBytes(frame, MAX_FRAME_BYTES)) throw new RangeError(`a frame is at most ${MAX_FRAME_BYTES} bytes`);
    if (current) {
      current.postMessage(frame);
      return;
    }
    if (queued.length >= MAX_QUEUED_FRAMES) throw new Error('the core is not connected');
    queued.push(frame);
  },
  onFrame(listener: unknown): () => void {
    return subscribe(frameListeners, listener);
  },
  onClose(listener: unknown): () => void {
    return subscribe(closeListeners, listener);
  },
} satisfies PreloadBridge;

function subscribe<L extends (...args: never[]) => void>(listeners: Set<L>, listener: unknown): () => void {
  if (typeof listener !== 'function') throw new TypeError('a listener is a function');
  const fn = listener as L;
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}

electron.contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, bridge);
electron.ipcRenderer.send(PORT_REQUEST_CHANNEL);
