import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Role } from '../../shared/contract/index.js';
import type { Core } from '../core/core.js';
import type { Logger } from '../core/log.js';

/** The path the renderer's WebSocket connects to (same origin as the page). */
export const BRIDGE_PATH = '/bridge';

/**
 * Well above the router's 1 MiB frame cap, so an oversized frame still reaches the router and gets
 * a readable `frame_too_large` answer; beyond this, ws closes that one connection with 1009 before
 * buffering more.
 */
export const MAX_WS_PAYLOAD = 64 * 1024 * 1024;
/** A client that stops reading must not make the host buffer answers without end. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

/** Every role until local accounts exist: the token is the only credential of the headless host. */
const HOST_ROLES: readonly Role[] = ['inspector', 'supervisor', 'admin'];

export interface Bridge {
  /** Completes an upgrade the caller has already authenticated. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every connection (1001, going away), cutting those that do not answer within a second. */
  close(): Promise<void>;
}

export function createBridge(options: { core: Core; log: Logger; heartbeatMs?: number }): Bridge {
  const { core, log } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();

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

  const connect = (ws: WebSocket, remote: string): void => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    const session = core.openSession(
      (text) => {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
          log.warn('bridge client is not reading its answers; dropped', { remote });
          ws.terminate();
          return;
        }
        ws.send(text);
      },
      { roles: HOST_ROLES },
    );
    log.info('bridge client connected', { remote });

    ws.on('message', (data, isBinary) => {
      // The contract's frames are JSON text. A binary frame reaches the router as bytes, which no
      // request schema accepts, so the sender gets a `bad_frame` answer instead of silence.
      session.receive(isBinary ? toBytes(data) : toBytes(data).toString('utf8'));
    });
    ws.on('error', (error) => {
      // ws closes the connection itself (1009 for a frame above maxPayload); the host stays up.
      log.warn('bridge connection error', { remote, error });
    });
    ws.on('close', (code) => {
      session.close();
      log.info('bridge client disconnected', { remote, code });
    });
  };

  return {
    accept(req, socket, head) {
      const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
      wss.handleUpgrade(req, socket, head, (ws) => {
        connect(ws, remote);
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
