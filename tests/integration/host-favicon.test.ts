import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { buildCsp } from '../../electron/protocol.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { ICONS_DIR } from '../../packaging/icons.js';
import { ROOT } from '../e2e/renderer-build.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { signIn } from './host-sign-in.js';

/**
 * The headless host's favicon: resources/icons/favicon.ico at /favicon.ico, where renderer/index.html
 * links it. Before, a browser's request for it was a 404.
 */
let tmp: { dir: string; remove: () => void };
let core: Core;
let host: Host;
let origin: string;
const favicon = fs.readFileSync(path.join(ICONS_DIR, 'favicon.ico'));

beforeAll(async () => {
  tmp = makeTempDir('host-favicon-');
  // The page as the renderer's sources have it: its <link rel="icon"> is what a browser follows.
  const rendererDir = path.join(tmp.dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.copyFileSync(path.join(ROOT, 'renderer', 'index.html'), path.join(rendererDir, 'index.html'));
  core = startCore({ dataDir: path.join(tmp.dir, 'data'), logSink: { write: () => undefined } });
  host = await startHost({ core, rendererDir, iconsDir: ICONS_DIR });
  origin = new URL(host.url).origin;
});

afterAll(async () => {
  await host.close();
  await core.close();
  tmp.remove();
});

describe('the headless host favicon', () => {
  it('answers /favicon.ico with the icon, as an icon, under the same security headers as every answer, with no session', async () => {
    const response = await fetch(`${origin}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/x-icon');
    expect(Buffer.from(await response.arrayBuffer()).equals(favicon)).toBe(true);
    expect(response.headers.get('content-security-policy')).toBe(buildCsp());
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('set-cookie')).toBeNull();
    // A query (a cache-buster) names the same file; HEAD has the headers only.
    expect((await fetch(`${origin}/favicon.ico?v=2`)).status).toBe(200);
    const head = await fetch(`${origin}/favicon.ico`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(favicon.length));
  });

  it('serves nothing else of the icons folder outside the session, and refuses to be written', async () => {
    for (const name of ['icon.png', 'icon.svg', 'icon.ico', 'favicon.ico/', 'icons/favicon.ico']) {
      expect((await fetch(`${origin}/${name}`)).status, name).toBe(404);
    }
    const post = await fetch(`${origin}/favicon.ico`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('is what the console page links, on its own origin, so the page keeps its CSP (img-src self)', async () => {
    const session = await signIn(host.signInUrl());
    const page = await fetch(session.page, { headers: { Cookie: session.cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(buildCsp());
    const href = /<link rel="icon" href="([^"]+)"/.exec(await page.text())?.[1];
    expect(href).toBeDefined();
    const icon = new URL(href ?? '', session.page);
    expect(icon.origin).toBe(origin);
    expect(buildCsp()).toContain("img-src 'self'");
    // A browser fetches it without the session's cookie (the cookie's Path is the secret prefix).
    const response = await fetch(icon);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/x-icon');
  });

  it('is a 404, as before, for a host given no icons folder', async () => {
    const bare = await startHost({ core, rendererDir: path.join(tmp.dir, 'renderer') });
    try {
      expect((await fetch(`${new URL(bare.url).origin}/favicon.ico`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
