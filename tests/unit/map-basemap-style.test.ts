import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASEMAP_STYLE_PATH, loadBasemap } from '../../renderer/features/map/basemap-style.js';

/**
 * The basemap's style as the map loads it, from the committed resources/basemap/style.json: every
 * URL in it made absolute against the style's own address under each shell's page (app://console/
 * in Electron, the host's secret path in a browser), placeholders kept; a missing or wrong style
 * gives the plain fallback instead of a broken map.
 */
const STYLE = fs.readFileSync(path.resolve(import.meta.dirname, '../../resources/basemap', path.basename(BASEMAP_STYLE_PATH)), 'utf8');
const serve = (body: string, status = 200) => (url: string) => {
  asked.push(url);
  return Promise.resolve(new Response(body, { status }));
};
const asked: string[] = [];

describe('loadBasemap', () => {
  it.each([
    ['app://console/', 'app://console/basemap/'],
    ['http://127.0.0.1:5123/c/AbCdEfGhIjKlMnOpQrStUv/', 'http://127.0.0.1:5123/c/AbCdEfGhIjKlMnOpQrStUv/basemap/'],
  ])('under %s, reads the style beside the page and makes its URLs absolute', async (page, root) => {
    asked.length = 0;
    const { style, labelFont } = await loadBasemap(page, serve(STYLE));
    expect(asked).toEqual([`${root}style.json`]);
    expect(style.glyphs).toBe(`${root}glyphs/{fontstack}/{range}.pbf`);
    const data = Object.values(style.sources).map((source) => ('data' in source ? source.data : null));
    expect(data.length).toBeGreaterThan(3);
    for (const url of data) expect(typeof url === 'string' && url.startsWith(`${root}data/`)).toBe(true);
    expect(labelFont).toEqual(['NotoSans-Regular']);
  });

  it.each([
    ['a missing style', serve('not found', 404)],
    ['a style that is not JSON', serve('<html>')],
    ['JSON that is no style', serve('{"version":7,"layers":[]}')],
    ['an unreachable one', () => Promise.reject(new Error('offline'))],
  ])('falls back to the plain style with the hubs for %s', async (_name, fetchStyle) => {
    const { style, labelFont } = await loadBasemap('app://console/', fetchStyle);
    expect(labelFont).toBeNull();
    expect(style.glyphs).toBeUndefined();
    expect(style.layers.map((layer) => layer.id)).toEqual(['background', 'hubs']);
  });
});
