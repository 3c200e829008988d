import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { HOST_BRIDGE_PATH, HOST_SIGN_OUT_PATH } from '../../shared/contract/index.js';
import type { Core } from '../core/core.js';
import type { Logger } from '../core/log.js';
import { isLoopbackAddress, urlHost } from './address.js';
import { assertTokenPair, assertTokenShape, createSessionStore, newToken, type SessionRef, type SessionStore } from './auth.js';
import { createBridge, type Bridge, type BridgeLimits } from './bridge.js';
import { newConsolePath, type ConsolePath } from './console-path.js';
import { allowedHosts, isOwnOrigin, ownHost } from './own-origin.js';
import { MAPBOX_CONNECT_HOSTS, type AppMounts } from '../protocol.js';
import { refuseUpgrade, securityHeaders, sendText } from './responses.js';
import { serveStatic } from './static-files.js';
import type { TlsFiles } from './tls-files.js';


export interface HostOptions {
  core: Core;
  /** The renderer build (dist/renderer): index.html and assets/. */
  rendererDir: string;
  /** The offline basemap (resources/basemap), served under basemap/ beside the renderer build. */
  basemapDir?: string;
  /** The application icons (resources/icons): its favicon.ico is answered at /favicon.ico. */
  iconsDir?: string;
  /** Interface to bind; loopback unless the admin asks otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The first sign-in token; defaults to 32 random bytes. A fixed one is accepted once per host start, like a random one. */
  token?: string;
  /**
   * Required to bind a non-loopback address: anyone on the network who learns the token could
   * then drive the console, so this never happens by accident (the CLI sets it for `--host`).
   */
  allowNonLoopback?: boolean;
  /** Tests shorten the 30 s WebSocket heartbeat. */
  heartbeatMs?: number;
  /** A session with no open page ends after this long without a request (default 12 h). */
  sessionIdleMs?: number;
  /** Tests move time forward for session expiry. */
  clock?: () => number;
  /** Caps on connections, frames and buffered bytes (defaults in bridge.ts). */
  limits?: Partial<BridgeLimits>;
  /** Called with the next sign-in URL once the current one has been spent. */
  onSignInUrl?: (url: string) => void;
  /**
   * The first wall token (defaults to 32 random bytes): its address opens a wall display's session,
   * whose page is signed in to the core as the read-only `wall` role with no account. A fixed one
   * lets the wall keep its bookmark (accepted once per host start).
   */
  wallToken?: string;
  /** Called with the next wall display URL once the current one has been spent. */
  onWallUrl?: (url: string) => void;
  /** Serve HTTPS with this certificate and key (node:https) instead of plain HTTP. */
  tls?: TlsFiles;
}

export interface Host {
  /**
   * The sign-in address, token included: http://127.0.0.1:<port>/?token=… (good for one sign-in).
   * It answers 303 into the console's secret path, which it never shows itself.
   */
  url: string;
  /** The sign-in address not yet spent (a new one after each sign-in). */
  signInUrl(): string;
  /** The wall display's address: like `url`, but its session is the read-only wall (good for one screen). */
  wallUrl: string;
  /** The wall display's address not yet spent. */
  nextWallUrl(): string;
  port: number;
  /** The address the server is bound to, as the socket reports it. */
  address: string;
  close(): Promise<void>;
}

const DEFAULT_HOST = '127.0.0.1';

/**
 * The headless host: serves the renderer build and bridges a WebSocket to the core, both behind a
 * session that only the printed sign-in link can open, and both only under a secret path prefix
 * (console-path.ts) that is the session cookie's Path. The renderer cannot tell it from Electron:
 * same files, same CSP, same frames.
 *
 * Routes: `GET /?token=<t>` spends the token (303 into the prefix, with the cookie); under the
 * prefix, the renderer's files, `bridge` (WebSocket) and `session/sign-out` (POST), each behind the
 * session. Every other target is a 404 that looks at no cookie.
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
  const firstToken = options.token ?? newToken();
  assertTokenShape(firstToken);
  // Checked before listening, so a bad pair leaves no socket open.
  if (options.wallToken !== undefined) assertTokenPair(firstToken, options.wallToken);
  const consolePath = newConsolePath();
  const bridge = createBridge({
    core: options.core,
    log,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });

  // The session store and the Host names need the port, known only once listening: requests are
  // answered only after listen resolves, so they always see `context`.
  let context: RequestContext | null = null;
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!context) {
      sendText(res, 503, 'starting');
      return;
    }
    handleRequest(req, res, context).catch((error: unknown) => {
      log.error('request failed', { path: consolePath.redact(pathOf(req)), error });
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : http.createServer(onRequest);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Before the handshake completes nothing else listens; a reset socket must not crash the host.
    socket.on('error', () => socket.destroy());
    if (!context) {
      refuseUpgrade(socket, 503, 'starting');
      return;
    }
    handleUpgrade(req, socket, head, context);
  });
  server.on('error', (error) => {
    log.error('host server error', { error });
  });

  await listen(server, options.port ?? 0, bindHost);
  const { address, port } = server.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';
  const origin = `${scheme}://${urlHost(address)}:${port}`;
  const sessions = createSessionStore({
    token: firstToken,
    port,
    cookiePath: consolePath.prefix,
    ...(options.sessionIdleMs === undefined ? {} : { idleMs: options.sessionIdleMs }),
    ...(options.clock ? { clock: options.clock } : {}),
    onTokenSpent: (next) => options.onSignInUrl?.(`${origin}/?token=${next}`),
    ...(options.wallToken === undefined ? {} : { wallToken: options.wallToken }),
    onWallTokenSpent: (next) => options.onWallUrl?.(`${origin}/?token=${next}`),
    secure: options.tls !== undefined,
  });
  const firstWallToken = sessions.currentWallToken();
  context = { core: options.core, rendererDir: options.rendererDir, mounts: options.basemapDir === undefined ? {} : { basemap: options.basemapDir }, sessions, bridge, log, hosts: allowedHosts(address, port), origin, scheme, consolePath, iconsDir: options.iconsDir };
  if (!isLoopbackAddress(bindHost)) {
    log.warn('listening on a non-loopback address: anyone on the network with a token can use the console', { address, port, tls: options.tls !== undefined });
  }
  log.info('host listening', { address, port, scheme });

  return {
    url: `${origin}/?token=${firstToken}`,
    signInUrl: () => `${origin}/?token=${sessions.currentToken()}`,
    wallUrl: `${origin}/?token=${firstWallToken}`,
    nextWallUrl: () => `${origin}/?token=${sessions.currentWallToken()}`,
    port,
    address,
    async close() {
      const stopped = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      await bridge.close();
      sessions.close();
      server.closeAllConnections();
      await stopped;
      log.info('host stopped');
    },
  };
}

interface RequestContext {
  core: Core;
  rendererDir: string;
  mounts: AppMounts;
  sessions: SessionStore;
  bridge: Bridge;
  log: Logger;
  /** Host header values this host answers to (address:port). */
  hosts: ReadonlySet<string>;
  /** The origin printed in the sign-in URL. */
  origin: string;
  /** http, or https when the host has a certificate: the scheme its pages' Origin names. */
  scheme: 'http' | 'https';
  /** The secret prefix everything but the sign-in link and the favicon lives under. */
  consolePath: ConsolePath;
  iconsDir: string | undefined;
}

function misdirected(context: RequestContext): string {
  return `this console host answers only to ${context.origin}/ (the request named another host)`;
}

const NOT_FOUND = 'not found: open the sign-in address the console host printed';

async function handleRequest(req: IncomingMessage, res: ServerResponse, context: RequestContext): Promise<void> {
  // DNS rebinding: a foreign name that resolves to this address must not reach the console.
  const host = ownHost(req, context.hosts);
  if (!host) {
    sendText(res, 421, misdirected(context));
    return;
  }
  const target = req.url ?? '/';
  const inside = context.consolePath.strip(target);
  if (inside === null) {
    // Outside the secret prefix only the sign-in link and the favicon exist; no cookie is looked at
    // here (a browser sends the session cookie only under the prefix anyway).
    const url = requestUrl(target);
    if (url?.pathname === FAVICON_PATH && context.iconsDir !== undefined) {
      await serveFavicon(req, res, context.iconsDir);
      return;
    }
    const candidate = url?.pathname === '/' ? url.searchParams.get('token') : null;
    if (candidate === null) {
      sendText(res, 404, NOT_FOUND);
      return;
    }
    signIn(req, res, context, candidate);
    return;
  }
  const url = requestUrl(inside);
  const session = context.sessions.session(req);
  if (!url || !session) {
    sendText(res, 401, 'not signed in, or the session ended: open the sign-in address the console host printed (each one works once)');
    return;
  }
  context.sessions.touch(session);
  if (url.pathname === `/${HOST_SIGN_OUT_PATH}`) {
    signOut(req, res, context, host, session);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  await serveStatic(context.rendererDir, inside, res, context.mounts, context.core.mapboxConfigured() ? MAPBOX_CONNECT_HOSTS : []);
}

const FAVICON_PATH = '/favicon.ico';

/**
 * The console's icon, to anyone who asks: it is the same picture the installers show, so it tells
 * nothing a session would guard, and a browser asks for it at the root (index.html links it there),
 * outside the secret prefix it cannot know before signing in. Served as the renderer's files are.
 */
async function serveFavicon(req: IncomingMessage, res: ServerResponse, iconsDir: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  await serveStatic(iconsDir, FAVICON_PATH, res);
}

/** Trades the one-time token for a session cookie and sends the browser into the console's path. */
function signIn(req: IncomingMessage, res: ServerResponse, context: RequestContext, candidate: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const exchanged = context.sessions.exchange(candidate);
  if (!exchanged) {
    sendText(res, 401, 'this sign-in address is wrong or has been used already: open the newest one the console host printed');
    return;
  }
  context.log.info('signed in: sign-in token exchanged for a session', { kind: exchanged.session.kind, sessions: context.sessions.size() });
  // The redirect also drops the token from the address bar and the history.
  res.writeHead(303, { ...securityHeaders(), Location: context.consolePath.prefix, 'Set-Cookie': exchanged.cookie, 'Cache-Control': 'no-store' });
  res.end();
}

/** Ends the session and clears its cookie; a page on another origin (another port too) cannot. */
function signOut(req: IncomingMessage, res: ServerResponse, context: RequestContext, host: string, session: SessionRef): void {
  if (req.method !== 'POST') {
    sendText(res, 405, 'method not allowed', { Allow: 'POST' });
    return;
  }
  if (!isOwnOrigin(req, context.scheme, host)) {
    sendText(res, 403, 'sign-out must come from the console page itself (Origin)');
    return;
  }
  context.sessions.end(session);
  context.log.info('signed out', { sessions: context.sessions.size() });
  res.writeHead(204, { ...securityHeaders(), 'Set-Cookie': context.sessions.clearCookie(), 'Cache-Control': 'no-store' });
  res.end();
}

function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, context: RequestContext): void {
  const { log, sessions, bridge } = context;
  const host = ownHost(req, context.hosts);
  if (!host) {
    log.warn('bridge upgrade refused: foreign Host header', { host: req.headers.host?.slice(0, 200) });
    refuseUpgrade(socket, 421, misdirected(context));
    return;
  }
  // The bridge exists only under the secret prefix; anywhere else no cookie is looked at.
  const inside = context.consolePath.strip(req.url ?? '/');
  if (inside === null || requestUrl(inside)?.pathname !== `/${HOST_BRIDGE_PATH}`) {
    refuseUpgrade(socket, 404, 'not found');
    return;
  }
  // Only a session opens the bridge: a sign-in token is never looked at here, so the printed link
  // cannot be used behind the page's back.
  const session = sessions.session(req);
  if (!session) {
    log.warn('bridge upgrade refused: no live session', { remote: req.socket.remoteAddress });
    refuseUpgrade(socket, 401, 'not signed in, or the session ended');
    return;
  }
  if (!isOwnOrigin(req, context.scheme, host)) {
    // Defence in depth: a page on another port of 127.0.0.1 is same-site, so had it learnt the
    // prefix its WebSocket would carry the cookie; only a page served by this host may use it here.
    log.warn('bridge upgrade refused: missing or foreign Origin', { origin: req.headers.origin?.slice(0, 200) });
    refuseUpgrade(socket, 403, 'foreign or missing Origin');
    return;
  }
  if (!bridge.hasRoom()) {
    log.warn('bridge upgrade refused: connection limit reached');
    refuseUpgrade(socket, 503, 'too many connections to this console host');
    return;
  }
  bridge.accept(req, socket, head, (end) => sessions.attach(session, end), session.kind === 'wall');
}

/**
 * Parses an origin-form target for its path and query; the fixed authority is never trusted. (A
 * base URL would read `//name/x` as another host; prepending keeps it a path.)
 */
function requestUrl(target: string): URL | null {
  if (!target.startsWith('/')) return null;
  try {
    return new URL(`http://host.invalid${target}`);
  } catch {
    return null;
  }
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '').replace(/[?#].*$/s, '').slice(0, 200);
}

function listen(server: http.Server | https.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
