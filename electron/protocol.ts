import fs from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_ORIGIN } from '../shared/contract/bridge.js';
import type { Logger } from './core/log.js';

/**
 * The app:// protocol: the renderer build served from disk with a strict CSP. Electron's `protocol`
 * is injected (electron/main.ts passes it); the resolver, the CSP and the request handler are plain
 * functions so they run in Node tests, and the headless host may reuse buildCsp.
 */

export const APP_SCHEME = 'app';
const APP_HOST = new URL(APP_ORIGIN).host;

/**
 * `standard` gives app:// real origins and relative URL resolution; `secure` makes it a secure
 * context (camera). `corsEnabled` stays off on purpose: it would let other origins read app:// files.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** The hosts mapbox-gl talks to; they enter connect-src and img-src only when the admin configured Mapbox. */
export const MAPBOX_CONNECT_HOSTS = ['https://api.mapbox.com', 'https://events.mapbox.com'] as const;

/** An https origin, optionally with a leading wildcard label; nothing that could end a CSP directive. */
const CSP_HOST = /^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d{1,5})?$/;

export function buildCsp(options: { connectHosts?: readonly string[] } = {}): string {
  const extra = options.connectHosts ?? [];
  for (const host of extra) {
    if (!CSP_HOST.test(host)) throw new Error(`not a host a CSP may name: ${JSON.stringify(host)}`);
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    // No 'unsafe-inline': styles come only from the app's own CSS files. React's style props set
    // CSSOM properties (element.style.x), which a CSP does not govern; a <style> element or a style=""
    // attribute in markup would be refused (tests/unit/electron-packaging.test.ts scans the build).
    "style-src 'self'",
    ["img-src 'self' data: blob:", ...extra].join(' '),
    // The map engine runs its tile worker from a blob: URL.
    "worker-src 'self' blob:",
    ["connect-src 'self'", ...extra].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface ResolvedPath {
  /** The folder the file must stay inside: the renderer build, or a mounted folder. */
  root: string;
  /** The file the URL names, inside root. */
  file: string;
  /** index.html when the URL is a client-side route (no extension) and the file does not exist. */
  fallback: string | null;
}

/**
 * Folders served beside the renderer build under a fixed first path segment. The offline basemap
 * (resources/basemap) stays a plain folder next to the app (electron-builder.yml's extraResources),
 * not a copy inside the renderer build, and is served under `basemap/`.
 */
export interface AppMounts {
  basemap?: string;
}
export const BASEMAP_MOUNT = 'basemap';

/**
 * Maps an app:// URL to a file under rendererDir (or under a mounted folder when its first segment
 * is a mount's name), or null when the URL must be refused: another
 * host, a `.` or `..` segment (raw or percent-encoded), an encoded separator, a NUL or a drive
 * colon. The raw path is inspected, not `new URL().pathname`, because the URL parser silently
 * resolves `..` and would turn a traversal attempt into an innocent-looking route.
 */
export function resolveAppPath(rendererDir: string, url: string, mounts: AppMounts = {}): ResolvedPath | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password) return null;

  const afterScheme = url.slice(url.indexOf('//') + 2);
  const slash = afterScheme.indexOf('/');
  const rawPath = (slash === -1 ? '/' : afterScheme.slice(slash)).replace(/[?#].*$/s, '');
  if (rawPath.includes('\\')) return null;

  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment.startsWith('.') || /[/\\:\0]/.test(segment)) return null;
    segments.push(segment);
  }

  if (segments[0] === BASEMAP_MOUNT && mounts.basemap !== undefined) {
    // A mounted folder has files only: no index, no client-side routes.
    if (segments.length === 1) return null;
    const mounted = path.resolve(mounts.basemap);
    const file = fileUnder(mounted, segments.slice(1));
    return file === null ? null : { root: mounted, file, fallback: null };
  }
  const root = path.resolve(rendererDir);
  const index = path.join(root, 'index.html');
  if (segments.length === 0) return { root, file: index, fallback: null };
  const file = fileUnder(root, segments);
  if (file === null) return null;
  const last = segments[segments.length - 1] ?? '';
  return { root, file, fallback: path.extname(last) === '' ? index : null };
}

function fileUnder(root: string, segments: readonly string[]): string | null {
  const file = path.join(root, ...segments);
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? null : file;
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pbf': 'application/x-protobuf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppHandlerOptions {
  rendererDir: string;
  mounts?: AppMounts;
  /** Read per request, so configuring Mapbox takes effect on the next load without a restart. */
  connectHosts?: () => readonly string[];
  log: Logger;
}

/** The protocol.handle('app', …) handler: a file of the renderer build, index.html for routes, else 404. */
export function createAppHandler(options: AppHandlerOptions): (request: Request) => Promise<Response> {
  const { log } = options;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound();
    const resolved = resolveAppPath(options.rendererDir, request.url, options.mounts);
    if (!resolved) {
      log.warn('app:// request refused', { url: request.url.slice(0, 200) });
      return notFound();
    }
    const body = (await readFileOrNull(resolved.file)) ?? (resolved.fallback ? await readFileOrNull(resolved.fallback) : null);
    if (!body) return notFound();
    const served = body.file;
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body.bytes), {
      status: 200,
      headers: {
        'Content-Type': mimeTypeOf(served),
        'Content-Security-Policy': buildCsp({ connectHosts: options.connectHosts?.() ?? [] }),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      },
    });
  };
}

async function readFileOrNull(file: string): Promise<{ file: string; bytes: Buffer } | null> {
  try {
    return { file, bytes: await fs.readFile(file) };
  } catch (error) {
    // A missing file or a folder is a 404; anything else (permissions, I/O) is too, but worth a log line upstream.
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'ENOTDIR')) {
      return null;
    }
    throw error;
  }
}

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** What registerAppProtocol needs of Electron's `protocol`. */
export interface ProtocolApi {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** Must run before the app's ready event: Electron fixes scheme privileges at startup. */
export function registerAppScheme(protocol: Pick<ProtocolApi, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** After ready: serve the renderer build on app://. */
export function registerAppProtocol(protocol: Pick<ProtocolApi, 'handle'>, options: AppHandlerOptions): void {
  const handler = createAppHandler(options);
  protocol.handle(APP_SCHEME, async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      options.log.error('app:// request failed', { url: request.url.slice(0, 200), error });
      return new Response('error', { status: 500 });
    }
  });
}
