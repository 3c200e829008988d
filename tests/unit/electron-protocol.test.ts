import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  buildCsp,
  createAppHandler,
  MAPBOX_CONNECT_HOSTS,
  registerAppProtocol,
  registerAppScheme,
  resolveAppPath,
} from '../../electron/protocol.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { memoryLog } from './fakes/memory-log.js';

const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
  "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

describe('buildCsp', () => {
  it('is exactly the strict policy when Mapbox is not configured', () => {
    expect(buildCsp()).toBe(STRICT_CSP);
    expect(buildCsp({ connectHosts: [] })).toBe(STRICT_CSP);
  });

  it('adds the Mapbox hosts to connect-src and img-src only, when configured', () => {
    const csp = buildCsp({ connectHosts: MAPBOX_CONNECT_HOSTS });
    const hosts = 'https://api.mapbox.com https://events.mapbox.com';
    expect(csp).toBe(STRICT_CSP.replace("connect-src 'self'", `connect-src 'self' ${hosts}`).replace("img-src 'self' data: blob:", `img-src 'self' data: blob: ${hosts}`));
    expect(csp.match(/mapbox/g)).toHaveLength(4);
  });

  it.each(["https://a.example; script-src 'unsafe-eval'", 'http://api.mapbox.com', '*', 'https://a.example/path', "'unsafe-inline'", 'data:'])(
    'refuses %s as a connect host',
    (host) => {
      expect(() => buildCsp({ connectHosts: [host] })).toThrow(/CSP/);
    },
  );
});

describe('resolveAppPath', () => {
  const root = path.resolve('/srv/renderer');
  const index = path.join(root, 'index.html');

  it('serves index.html for the root', () => {
    expect(resolveAppPath(root, 'app://console/')).toEqual({ root, file: index, fallback: null });
    expect(resolveAppPath(root, 'app://console')).toEqual({ root, file: index, fallback: null });
  });

  it('maps a file under the renderer folder', () => {
    expect(resolveAppPath(root, 'app://console/assets/index-abc.js?v=1#x')).toEqual({
      root,
      file: path.join(root, 'assets', 'index-abc.js'),
      fallback: null,
    });
    expect(resolveAppPath(root, 'app://console/fonts/Noto%20Sans.woff2')?.file).toBe(path.join(root, 'fonts', 'Noto Sans.woff2'));
  });

  it('falls back to index.html for routes without an extension, not for missing assets', () => {
    expect(resolveAppPath(root, 'app://console/tasks/T-42')?.fallback).toBe(index);
    expect(resolveAppPath(root, 'app://console/supervisor/')?.fallback).toBe(index);
    expect(resolveAppPath(root, 'app://console/assets/missing.js')?.fallback).toBeNull();
  });

  it.each([
    'app://console/../../etc/passwd',
    'app://console/%2e%2e/%2e%2e/etc/passwd',
    'app://console/%2E%2E/etc/passwd',
    'app://console/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://console/..%5c..%5cwindows%5cwin.ini',
    'app://console/assets\\..\\..\\secret',
    'app://console/./index.html',
    'app://console/.env',
    'app://console/C:%5cWindows',
    'app://console/index.html%00.js',
    'app://console/%E0%A4%A',
    'app://other/index.html',
    'app://user@console/index.html',
    'https://console/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });
});

describe('resolveAppPath with the basemap mounted', () => {
  const root = path.resolve('/srv/renderer');
  const basemap = path.resolve('/opt/console/resources/basemap');
  const mounts = { basemap };

  it('maps basemap/ to the mounted folder, with no index.html fallback', () => {
    expect(resolveAppPath(root, 'app://console/basemap/style.json', mounts)).toEqual({ root: basemap, file: path.join(basemap, 'style.json'), fallback: null });
    expect(resolveAppPath(root, 'app://console/basemap/glyphs/Noto%20Sans/0-255.pbf', mounts)?.file).toBe(path.join(basemap, 'glyphs', 'Noto Sans', '0-255.pbf'));
    expect(resolveAppPath(root, 'app://console/basemap/land', mounts)?.fallback).toBeNull();
  });

  it('leaves the renderer folder as it was, and basemap/ in it when nothing is mounted', () => {
    expect(resolveAppPath(root, 'app://console/assets/app.js', mounts)?.root).toBe(root);
    expect(resolveAppPath(root, 'app://console/basemap/style.json')).toEqual({ root, file: path.join(root, 'basemap', 'style.json'), fallback: null });
  });

  it.each([
    'app://console/basemap',
    'app://console/basemap/',
    'app://console/basemap/../index.html',
    'app://console/basemap/%2e%2e/%2e%2e/etc/passwd',
    'app://console/basemap/..%2f..%2fsecret',
    'app://console/basemap/glyphs\\..\\..\\secret',
    'app://console/basemap/.hidden',
    'app://console/basemap/style.json%00.png',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url, mounts)).toBeNull();
  });
});

describe('the app:// handler', () => {
  const temp = makeTempDir('console-protocol-');
  const rendererDir = path.join(temp.dir, 'renderer');
  const basemapDir = path.join(temp.dir, 'basemap');
  const secret = path.join(temp.dir, 'secret.txt');
  const { log, lines } = memoryLog();
  let mapbox = false;
  const handler = createAppHandler({ rendererDir, mounts: { basemap: basemapDir }, log, connectHosts: () => (mapbox ? MAPBOX_CONNECT_HOSTS : []) });
  const get = (url: string): Promise<Response> => handler(new Request(url));

  beforeAll(() => {
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'export {};');
    fs.writeFileSync(secret, 'do not serve');
    fs.mkdirSync(basemapDir);
    fs.writeFileSync(path.join(basemapDir, 'style.json'), '{"version":8}');
  });
  afterAll(() => {
    temp.remove();
  });

  it('serves the mounted basemap, and nothing beside it', async () => {
    const response = await get('app://console/basemap/style.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe('{"version":8}');
    for (const url of ['app://console/basemap/%2e%2e/secret.txt', 'app://console/basemap/', 'app://console/basemap/missing.json']) {
      const refused = await get(url);
      expect(refused.status).toBe(404);
      expect(await refused.text()).not.toContain('do not serve');
    }
  });

  it('serves a file with its type, the strict CSP and nosniff', async () => {
    const response = await get('app://console/assets/app.js');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('export {};');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(STRICT_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves index.html for a client-side route', async () => {
    const response = await get('app://console/tasks/T-42');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>console</title>');
  });

  it('answers 404 for a missing asset', async () => {
    expect((await get('app://console/assets/missing.js')).status).toBe(404);
    expect((await get('app://console/assets/app.js/x.css')).status).toBe(404);
  });

  it('answers 404 to traversal, and logs the refusal', async () => {
    for (const url of ['app://console/%2e%2e/secret.txt', 'app://console/assets/..%2f..%2fsecret.txt']) {
      const response = await get(url);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('do not serve');
    }
    expect(lines.some((line) => line.message === 'app:// request refused')).toBe(true);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handler(new Request('app://console/index.html', { method: 'POST', body: 'x' }))).status).toBe(404);
  });

  it('puts the Mapbox hosts in the CSP once Mapbox is configured', async () => {
    mapbox = true;
    const csp = (await get('app://console/')).headers.get('content-security-policy');
    mapbox = false;
    expect(csp).toContain("connect-src 'self' https://api.mapbox.com https://events.mapbox.com;");
  });
});

describe('registration', () => {
  it('registers app as standard, secure and fetch-capable', () => {
    const registered: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => registered.push(...schemes) });
    expect(registered).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(APP_SCHEME_PRIVILEGES.privileges?.standard).toBe(true);
  });

  it('answers 500 instead of throwing when reading fails', async () => {
    const { log } = memoryLog();
    const registered: { handler?: (request: Request) => Response | Promise<Response> } = {};
    // A NUL in the folder name makes fs refuse the path outright: an error that is not "missing".
    registerAppProtocol({ handle: (_scheme, handler) => (registered.handler = handler) }, { rendererDir: '/srv/\0renderer', log });
    const response = await registered.handler!(new Request('app://console/index.html'));
    expect(response.status).toBe(500);
  });
});
