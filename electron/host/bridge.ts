import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { HOST_CLOSE_SESSION_ENDED, MAX_FRAME_BYTES } from '../../shared/contract/index.js';
import type { Core } from '../core/core.js';
import type { Logger } from '../core/log.js';

/**
 * What one host holds for its clients, whatever they send. Sized so that the worst case
 * (every connection at every cap) stays in the low hundreds of MiB.
 */
export interface BridgeLimits {
  /** Open WebSockets per host; more are refused with 503 at the upgrade. */
  maxConnections: number;
  /**
   * Largest frame ws will read: the contract's 1 MiB frame cap plus room, so a slightly oversized
   * frame still reaches the router and gets a readable `frame_too_large` answer. A bigger frame is
   * refused from its header (1009) before its body is buffered.
   */
  maxPayload: number;
  /** Requests read but not answered, per connection, in bytes; above it the host stops reading that socket. */
  maxInflightBytes: number;
  /** The same, per connection, in requests (a flood of tiny frames). */
  maxInflightRequests: number;
  /** Requests read but not answered across the host; above it every socket that adds more is paused. */
  maxInflightBytesTotal: number;
  /** Answers queued for one client that does not read them; above it that connection is dropped. */
  maxBufferedBytes: number;
  /** Answers queued across all clients; above it the connection adding more is dropped. */
  maxBufferedBytesTotal: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_BRIDGE_LIMITS: BridgeLimits = {
  maxConnections: 32,
  maxPayload: 2 * MAX_FRAME_BYTES,
  maxInflightBytes: 4 * MiB,
  maxInflightRequests: 64,
  maxInflightBytesTotal: 32 * MiB,
  maxBufferedBytes: 8 * MiB,
  maxBufferedBytesTotal: 64 * MiB,
};
const HEARTBEAT_MS = 30_000;

export interface Bridge {
  /** False when the host already holds its maximum of connections. */
  hasRoom(): boolean;
  /**
   * Completes an upgrade the caller has already authenticated. `attach` ties the socket to its
   * session: it is called with a function that closes the socket when the session ends, and
   * returns the function to call when the socket closes. `wall`: the socket's channel is signed in
   * to the core as the read-only wall display (the session came from the wall token).
   */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, attach: (end: () => void) => () => void, wall?: boolean): void;
  /** Closes every connection (1001, going away), cutting those that do not answer within a second. */
  close(): Promise<void>;
}

export function createBridge(options: { core: Core; log: Logger; heartbeatMs?: number; limits?: Partial<BridgeLimits> }): Bridge {
  const { core, log } = options;
  const limits: BridgeLimits = { ...DEFAULT_BRIDGE_LIMITS, ...options.limits };
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayload, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();
  let inflightTotal = 0;
  /** Connections paused only because of the host-wide total: resumed as it drains. */
  const pausedForTotal = new Set<() => void>();

  // A laptop that sleeps or a cable pulled leaves a socket that never closes; ping it out.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        log.info('bridge client did not answer the heartbeat; dropped');
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  const bufferedTotal = (): number => {
    let total = 0;
    for (const ws of wss.clients) total += ws.bufferedAmount;
    return total;
  };

  const connect = (ws: WebSocket, remote: string, detach: () => void, wall: boolean): void => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    let inflightBytes = 0;
    let inflightRequests = 0;
    let paused = false;

    const overLocal = (): boolean => inflightBytes > limits.maxInflightBytes || inflightRequests >= limits.maxInflightRequests;
    const resumeIfRoom = (): void => {
      if (!paused || overLocal() || inflightTotal > limits.maxInflightBytesTotal) return;
      paused = false;
      pausedForTotal.delete(resumeIfRoom);
      ws.resume();
    };

    // The host's cookie only lets the page reach the core; the socket starts signed out and the
    // console's own sign-in (session:signIn) decides who calls, with which roles. A wall session's
    // socket is the wall display from the start and stays it.
    const session = core.openSession((text) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      // A client that does not read its answers (or asks faster than it reads) is cut off rather
      // than letting the host queue its answers without end.
      if (ws.bufferedAmount > limits.maxBufferedBytes || bufferedTotal() > limits.maxBufferedBytesTotal) {
        log.warn('bridge client is not reading its answers; dropped', { remote, buffered: ws.bufferedAmount });
        ws.terminate();
        return;
      }
      ws.send(text);
    }, wall ? { wall: true } : undefined);
    log.info('bridge client connected', { remote, wall });

    ws.on('message', (data, isBinary) => {
      const bytes = toBytes(data);
      const size = bytes.length;
      inflightBytes += size;
      inflightRequests += 1;
      inflightTotal += size;
      let answered = false;
      // The contract's frames are JSON text. A binary frame reaches the router as bytes, which no
      // request schema accepts, so the sender gets a `bad_frame` answer instead of silence.
      session.receive(isBinary ? bytes : bytes.toString('utf8'), () => {
        if (answered) return;
        answered = true;
        inflightBytes -= size;
        inflightRequests -= 1;
        inflightTotal -= size;
        resumeIfRoom();
        for (const resume of [...pausedForTotal]) resume();
      });
      // A client that sends faster than the core answers waits: the host stops reading its socket
      // (TCP then pushes back on the sender) until its answers have gone out.
      if (!paused && (overLocal() || inflightTotal > limits.maxInflightBytesTotal)) {
        paused = true;
        pausedForTotal.add(resumeIfRoom);
        ws.pause();
      }
    });
    ws.on('error', (error) => {
      // ws closes the connection itself (1009 for a frame above maxPayload); the host stays up.
      log.warn('bridge connection error', { remote, error });
    });
    ws.on('close', (code) => {
      pausedForTotal.delete(resumeIfRoom);
      session.close();
      detach();
      log.info('bridge client disconnected', { remote, code });
    });
  };

  return {
    hasRoom() {
      return wss.clients.size < limits.maxConnections;
    },
    accept(req, socket, head, attach, wall = false) {
      const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
      wss.handleUpgrade(req, socket, head, (ws) => {
        const detach = attach(() => {
          // The page must sign in again (sign-out or expiry); its transport stops reconnecting on this code.
          ws.close(HOST_CLOSE_SESSION_ENDED, 'session ended');
        });
        connect(ws, remote, detach, wall);
      });
    },
    async close() {
      clearInterval(heartbeat);
      const closing = [...wss.clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => {
              resolve();
            });
            ws.close(1001, 'console host stopping');
          }),
      );
      // A client that does not answer the close handshake is cut after a second.
      const cut = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 1000);
      await Promise.all(closing);
      clearTimeout(cut);
      await new Promise<void>((resolve) => {
        wss.close(() => {
          resolve();
        });
      });
    },
  };
}

function toBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
