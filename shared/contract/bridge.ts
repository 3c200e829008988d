/**
 * What the Electron preload exposes on `window.portConsole`: the contract's frame channel over the
 * MessagePort that main handed to this window, and nothing else. Frames are JSON text, as on the
 * WebSocket; the core validates every one.
 */
export interface PreloadBridge {
  send(frame: string): void;
  onFrame(listener: (frame: string) => void): () => void;
  /** Fires when the port closes (core restarted); a new port follows and onFrame listeners stay. */
  onClose(listener: () => void): () => void;
}

export const PRELOAD_GLOBAL = 'portConsole';
/** IPC channel names between preload and main, used only to hand over the port. */
export const PORT_REQUEST_CHANNEL = 'core-port:request';
export const PORT_DELIVERY_CHANNEL = 'core-port:deliver';
/** The app's own origin in Electron; main hands a port only to a top frame of this origin. */
export const APP_ORIGIN = 'app://console';

/*
 * The headless host serves the console only under a secret path prefix chosen at each start
 * (`/c/<random>/`), and its session cookie's Path is that prefix: browsers send 127.0.0.1 cookies
 * to every port, but only to paths under the cookie's Path, which a server on another port cannot
 * guess. So the page names the host's routes relative to its own address, never from the root.
 */
/** The WebSocket bridge to the core, relative to the page's address. */
export const HOST_BRIDGE_PATH = 'bridge';
/** The contract-free sign-out route (POST from the page itself), relative to the page's address. */
export const HOST_SIGN_OUT_PATH = 'session/sign-out';
/** WebSocket close code the headless host sends when the session ended: reconnecting cannot help. */
export const HOST_CLOSE_SESSION_ENDED = 4401;
