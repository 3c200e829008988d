import { HOST_CLOSE_SESSION_ENDED, HOST_SIGN_OUT_PATH, type FrameTransport, type RequestFrame } from '../../shared/contract/index.js';
import { ConnectionCell, type ConnectionSource } from './connection-state.js';

export interface ReconnectingTransport extends FrameTransport {
  readonly connection: ConnectionSource;
  /** Ends the host session (its cookie is cleared; the host closes this socket with 4401). */
  signOut(): Promise<void>;
  /** Closes the socket for good (no reconnect). */
  dispose(): void;
}

export interface WebSocketTransportOptions {
  /** First reconnect delay; doubles after each failed attempt. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Requests kept while the socket is not open; older ones beyond this are failed at once. */
  maxQueued?: number;
  createSocket?: (url: string) => WebSocket;
  /**
   * The host's sign-out address (same origin as the page); by default HOST_SIGN_OUT_PATH resolved
   * against the page's address, beside the bridge under the host's secret prefix. Tests hand in
   * their own fetch.
   */
  signOutUrl?: string;
  fetch?: typeof fetch;
}



const OPEN = 1;

/**
 * The headless host's channel: JSON frames on a WebSocket. The host authenticated the upgrade with
 * its session cookie, so nothing here knows about tokens. Requests sent while the socket is not open
 * wait in a short queue and go out on open; when the socket closes, close listeners fire (the
 * client then fails the calls still waiting) and a new socket is tried after 0.5 s, 1 s, 2 s… up
 * to 5 s, reset after a successful open.
 */
export function createWebSocketTransport(url: string, options: WebSocketTransportOptions = {}): ReconnectingTransport {
  const minDelay = options.minDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 5000;
  const maxQueued = options.maxQueued ?? 500;
  const createSocket = options.createSocket ?? ((address: string) => new WebSocket(address));
  const connection = new ConnectionCell('connecting');
  const frameListeners = new Set<(frame: unknown) => void>();
  const closeListeners = new Set<() => void>();
  let queue: string[] = [];
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  const connect = (): void => {
    timer = null;
    if (disposed) return;
    const current = createSocket(url);
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      attempt = 0;
      connection.set('connected');
      const waiting = queue;
      queue = [];
      for (const text of waiting) current.send(text);
    };
    current.onmessage = (event: MessageEvent) => {
      if (socket !== current || typeof event.data !== 'string') return;
      for (const listener of [...frameListeners]) listener(event.data);
    };
    current.onclose = (event: CloseEvent) => {
      if (socket !== current) return;
      socket = null;
      queue = [];
      if (event.code === HOST_CLOSE_SESSION_ENDED) {
        // The session is over: only a new sign-in address opens another, so stop trying.
        disposed = true;
        connection.set('signedOut');
      } else if (connection.getState() === 'connected') {
        connection.set('reconnecting');
      }
      for (const listener of [...closeListeners]) listener();
      scheduleReconnect();
    };
  };

  const scheduleReconnect = (): void => {
    if (disposed || timer !== null) return;
    const delay = Math.min(maxDelay, minDelay * 2 ** attempt);
    attempt += 1;
    timer = setTimeout(connect, delay);
  };

  connect();

  return {
    connection,
    async signOut() {
      const post = options.fetch ?? fetch;
      // Same origin: the browser sends the HttpOnly cookie and the Origin the host checks. A relative
      // address resolves against the page's, so it stays under the host's secret prefix.
      const answer = await post(options.signOutUrl ?? HOST_SIGN_OUT_PATH, { method: 'POST', credentials: 'same-origin' });
      if (!answer.ok && answer.status !== 401) throw new Error(`sign-out failed (${answer.status})`);
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      connection.set('signedOut');
      socket?.close();
    },
    send(frame: RequestFrame) {
      const text = JSON.stringify(frame);
      if (socket?.readyState === OPEN) {
        socket.send(text);
        return;
      }
      if (disposed || queue.length >= maxQueued) throw new Error('the connection to the core is not open');
      queue.push(text);
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    dispose() {
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const current = socket;
      socket = null;
      queue = [];
      current?.close();
    },
  };
}
