import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Core } from '../core/core.js';
import { assertTokenShape, createTokenCheck, newToken, sessionCookie, type Credential } from './auth.js';
import { isLoopbackAddress, urlHost } from './address.js';
import { BRIDGE_PATH, createBridge } from './bridge.js';
import { refuseUpgrade, securityHeaders, sendText } from './responses.js';
import { serveStatic } from './static-files.js';

export interface HostOptions {
  core: Core;
  /** The renderer build (dist/renderer): index.html and assets/. */
  rendererDir: string;
  /** Interface to bind; loopback unless the admin asks otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to 32 random bytes; a fixed one lets a wall display keep its bookmark. */
  token?: string;
  /**
   * Required to bind a non-loopback address: anyone on the network who learns the token could
   * then drive the console, so this never happens by accident (the CLI sets it for `--host`).
   */
  allowNonLoopback?: boolean;
  /** Tests shorten the 30 s WebSocket heartbeat. */
  heartbeatMs?: number;
}

export interface Host {
  /** The address to open, token included: http://127.0.0.1:<port>/?token=… */
  url: string;
  port: number;
  /** The address the server is bound to, as the socket reports it. */
  address: string;
  close(): Promise<void>;
}

const DEFAULT_HOST = '127.0.0.1';

/**
 * The headless host: serves the renderer build and bridges a WebSocket to the core, both behind
 * the session token. The renderer cannot tell it from Electron: same files, same CSP, same frames.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const log = options.core.log.child('host');
  const bindHost = options.host ?? DEFAULT_HOST;
  if (!isLoopbackAddress(bindHost) && !options.allowNonLoopback) {
    throw new Error(`refusing to listen on ${bindHost}: not a loopback address (allow it explicitly to expose the console on the network)`);
  }
  if (!fs.existsSync(path.join(options.rendererDir, 'index.html'))) {
    throw new Error(`no renderer build in ${options.rendererDir}: run npm run build first`);
  }
  const token = options.token ?? newToken();
  assertTokenShape(token);
  const checkToken = createTokenCheck(token);
  const context: RequestContext = { rendererDir: options.rendererDir, checkToken, cookie: sessionCookie(token) };
  const bridge = createBridge({ core: options.core, log, ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}) });

  const server = http.createServer((req, res) => {
    handleRequest(req, res, context).catch((error: unknown) => {
      log.error('request failed', { path: pathOf(req), error });
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Before the handshake completes nothing else listens; a reset socket must not crash the host.
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req);
    if (url?.pathname !== BRIDGE_PATH) {
      refuseUpgrade(socket, 404, 'not found');
      return;
    }
    if (!checkToken(req, url)) {
      log.warn('bridge upgrade refused: no valid session token', { remote: req.socket.remoteAddress });
      refuseUpgrade(socket, 401, 'session token required');
      return;
    }
    if (!sameOrigin(req)) {
      // A page on another site must not drive the console, even from a browser that holds the cookie.
      log.warn('bridge upgrade refused: foreign origin', { origin: req.headers.origin?.slice(0, 200) });
      refuseUpgrade(socket, 403, 'foreign origin');
      return;
    }
    bridge.accept(req, socket, head);
  });
  server.on('error', (error) => {
    log.error('host server error', { error });
  });

  await listen(server, options.port ?? 0, bindHost);
  const { address, port } = server.address() as AddressInfo;
  if (!isLoopbackAddress(bindHost)) {
    log.warn('listening on a non-loopback address: anyone on the network with the token can use the console', { address, port });
  }
  log.info('host listening', { address, port });

  return {
    url: `http://${urlHost(address)}:${port}/?token=${token}`,
    port,
    address,
    async close() {
      const stopped = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      await bridge.close();
      server.closeAllConnections();
      await stopped;
      log.info('host stopped');
    },
  };
}

interface RequestContext {
  rendererDir: string;
  checkToken: (req: IncomingMessage, url: URL) => Credential;
  /** The Set-Cookie value that carries the token from then on. */
  cookie: string;
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, context: RequestContext): Promise<void> {
  const url = requestUrl(req);
  const credential = url ? context.checkToken(req, url) : null;
  if (!url || !credential) {
    sendText(res, 401, 'session token required: open the address the console host printed');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  if (credential === 'query') {
    // Trade the token in the URL for an HttpOnly cookie and drop it from the address bar and history.
    res.writeHead(303, { ...securityHeaders(), Location: '/', 'Set-Cookie': context.cookie, 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  await serveStatic(context.rendererDir, req.url ?? '/', res);
}

/** Parses the request target; the base only anchors relative targets, it is never trusted. */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://host.invalid');
  } catch {
    return null;
  }
}

/** The Origin, when a browser sends one, must be the host's own (the origin this page was served from). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser: the token is the whole check
  const host = req.headers.host;
  return host !== undefined && origin === `http://${host}`;
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '').replace(/[?#].*$/s, '').slice(0, 200);
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
