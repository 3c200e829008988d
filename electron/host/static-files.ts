import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { APP_ORIGIN } from '../../shared/contract/bridge.js';
import { mimeTypeOf, resolveAppPath, type AppMounts, type ResolvedPath } from '../protocol.js';
import { securityHeaders, sendText } from './responses.js';

/**
 * Maps a request target (`req.url`, raw) to a file under rendererDir with the same resolver as
 * Electron's app:// handler, so both shells refuse the same traversal attempts (`..`, `%2e%2e`,
 * encoded separators, backslashes, NULs) by inspecting the raw path, not a parser-normalised one.
 */
export function resolveStaticTarget(rendererDir: string, target: string, mounts: AppMounts = {}): ResolvedPath | null {
  // Only origin-form targets ("/path?query"); absolute-form is for proxies, which we are not.
  if (!target.startsWith('/')) return null;
  return resolveAppPath(rendererDir, `${APP_ORIGIN}${target}`, mounts);
}

/** Streams a file of the renderer build (or of a mounted folder: the basemap), or index.html for a client-side route, or a 404. */
export async function serveStatic(rendererDir: string, target: string, res: ServerResponse, mounts: AppMounts = {}, connectHosts: readonly string[] = []): Promise<void> {
  const resolved = resolveStaticTarget(rendererDir, target, mounts);
  if (!resolved) {
    sendText(res, 404, 'not found');
    return;
  }
  const file = fileInside(resolved.root, resolved.file) ?? (resolved.fallback ? fileInside(resolved.root, resolved.fallback) : null);
  if (!file) {
    sendText(res, 404, 'not found');
    return;
  }
  res.writeHead(200, {
    // The console's pages carry Mapbox's hosts in their CSP once an admin configured Mapbox.
    ...securityHeaders(connectHosts),
    'Content-Type': mimeTypeOf(file.path),
    'Content-Length': file.size,
    'Cache-Control': cachePolicy(rendererDir, file.path),
  });
  if (res.req.method === 'HEAD') {
    fs.closeSync(file.fd);
    res.end();
    return;
  }
  await pipeline(fs.createReadStream('', { fd: file.fd }), res);
}

/**
 * Opens a regular file whose real location (every symlink resolved, in the folder's path too) is
 * inside the real location of the folder it was resolved under (the renderer build or a mount). The lexical check in resolveAppPath cannot see a
 * symlink in the build (`assets/x -> /etc/passwd`, a linked folder); this one can. The file is
 * opened by its real path and checked again on the open descriptor, so a link swapped in between
 * opens nothing outside.
 */
function fileInside(folder: string, file: string): { path: string; size: number; fd: number } | null {
  let root: string;
  let real: string;
  try {
    root = fs.realpathSync(folder);
    real = fs.realpathSync(file);
  } catch {
    return null;
  }
  const inside = path.relative(root, real);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  let fd: number;
  try {
    // O_NOFOLLOW: the last component must not have become a link since realpath read it (Windows has no such flag).
    fd = fs.openSync(real, fs.constants.O_RDONLY | (process.platform === 'win32' ? 0 : fs.constants.O_NOFOLLOW));
  } catch {
    return null;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      fs.closeSync(fd);
      return null;
    }
    // The cache policy and the MIME type follow the name asked for (what the build calls it).
    return { path: file, size: stat.size, fd };
  } catch {
    fs.closeSync(fd);
    return null;
  }
}

/**
 * index.html is never cached so a rebuilt console loads its new bundle; Vite's assets/ carry a
 * content hash in their names, so a cached copy can never be stale.
 */
function cachePolicy(rendererDir: string, file: string): string {
  if (path.basename(file) === 'index.html') return 'no-store';
  const inAssets = path.relative(path.join(path.resolve(rendererDir), 'assets'), file);
  return inAssets.startsWith('..') ? 'no-cache' : 'private, max-age=31536000, immutable';
}
