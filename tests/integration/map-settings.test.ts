import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE, startCore, type Core } from '../../electron/core/core.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { responseFrameSchema, type Role } from '../../shared/contract/index.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { signIn } from './host-sign-in.js';

/**
 * The map engine's settings through the real core: only an admin sets or reads them, the Mapbox
 * token is stored sealed, never answered by settings:getMap, never logged or audited, and handed
 * by map:config to the window drawing the map; the host's pages open their CSP to Mapbox's hosts
 * only while Mapbox is configured.
 */
const TOKEN = 'pk.eyJ1IjoidGVzdCJ9.never-in-the-log';
const STYLE = 'mapbox://styles/mapbox/streets-v12';
const temp = makeTempDir('console-map-settings-');
const logLines: string[] = [];
let core: Core;
let host: Host;
let page: { url: string; cookie: string };

beforeAll(async () => {
  core = startCore({ dataDir: temp.dir, logSink: { write: (line) => logLines.push(line) } });
  const rendererDir = path.join(temp.dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  host = await startHost({ core, rendererDir });
  const signedIn = await signIn(host.url);
  page = { url: signedIn.page, cookie: signedIn.cookie };
});
afterAll(async () => {
  await host.close();
  await core.close();
  temp.remove();
});

async function call(method: string, input: unknown, roles: readonly Role[]) {
  return responseFrameSchema.parse(await core.router.handle(JSON.stringify({ type: 'request', id: 1, method, input }), { roles, operatorId: 'admin-1' })).result;
}

function csp(): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(page.url, { headers: { Cookie: page.cookie } }, (res) => {
      res.resume();
      resolve(String(res.headers['content-security-policy']));
    }).on('error', reject);
  });
}

describe('Mapbox settings', () => {
  it('starts on the offline basemap, with the strict CSP', async () => {
    expect(await call('map:config', {}, ['inspector'])).toEqual({ ok: true, value: { engine: 'maplibre' } });
    expect(core.mapboxConfigured()).toBe(false);
    expect(await csp()).not.toContain('mapbox');
  });

  it('lets only an admin set or read them, and refuses a secret token or a style elsewhere', async () => {
    for (const roles of [['inspector'], ['supervisor']] as const) {
      expect(await call('settings:setMap', { mapbox: { styleUrl: STYLE, token: TOKEN } }, roles)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await call('settings:getMap', {}, roles)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    for (const mapbox of [
      { styleUrl: STYLE, token: 'sk.secret-token' },
      { styleUrl: 'https://tiles.example.com/style.json', token: TOKEN },
    ]) {
      expect(await call('settings:setMap', { mapbox }, ['admin'])).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(core.mapboxConfigured()).toBe(false);
  });

  it('stores the token sealed, never answers it to settings, and gives it to the map with the style', async () => {
    const set = await call('settings:setMap', { mapbox: { styleUrl: STYLE, token: TOKEN } }, ['admin']);
    expect(set).toEqual({ ok: true, value: { engine: 'mapbox', styleUrl: STYLE, hasToken: true } });
    expect(await call('settings:getMap', {}, ['admin'])).toEqual(set);
    // A new style keeps the stored token.
    expect(await call('settings:setMap', { mapbox: { styleUrl: 'mapbox://styles/mapbox/light-v11' } }, ['admin'])).toMatchObject({ ok: true, value: { hasToken: true } });
    expect(await call('map:config', {}, ['inspector'])).toEqual({ ok: true, value: { engine: 'mapbox', styleUrl: 'mapbox://styles/mapbox/light-v11', accessToken: TOKEN } });
    expect(core.mapboxConfigured()).toBe(true);
    expect(await csp()).toContain("connect-src 'self' https://api.mapbox.com https://events.mapbox.com");
  });

  it('goes back to the offline basemap and forgets the token', async () => {
    expect(await call('settings:setMap', { mapbox: null }, ['admin'])).toEqual({ ok: true, value: { engine: 'maplibre', styleUrl: null, hasToken: false } });
    expect(await call('map:config', {}, ['inspector'])).toEqual({ ok: true, value: { engine: 'maplibre' } });
    expect(await csp()).not.toContain('mapbox');
  });

  it('left the token out of the log, the audit log and the database file, and audited each change', () => {
    expect(logLines.join('\n')).not.toContain(TOKEN);
    const file = path.join(temp.dir, DATABASE_FILE);
    const raw = new Database(file, { readonly: true });
    const audited = raw.prepare("SELECT details FROM audit_log WHERE action = 'settings.map_changed' ORDER BY seq").pluck().all() as string[];
    raw.close();
    expect(audited.map((details) => JSON.parse(details) as unknown)).toEqual([
      { from: null, to: STYLE, tokenChanged: true },
      { from: STYLE, to: 'mapbox://styles/mapbox/light-v11', tokenChanged: false },
      { from: 'mapbox://styles/mapbox/light-v11', to: null, tokenChanged: true },
    ]);
    for (const part of [file, `${file}-wal`]) {
      if (fs.existsSync(part)) expect(fs.readFileSync(part).includes(Buffer.from(TOKEN, 'utf8')), part).toBe(false);
    }
  });
});
