import fs from 'node:fs';
import path from 'node:path';
import type { TargetConfigType } from 'app-builder-lib/out/core.js';
import { FileMatcher } from 'app-builder-lib/out/fileMatcher.js';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { convertIcon, type IconFormat } from 'app-builder-lib/out/util/iconConverter.js';
import { DebugLogger } from 'builder-util';
import { build, type InlineConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import viteConfig from '../../vite.config.js';
import { buildCsp } from '../../electron/protocol.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * The package as electron-builder will see it: electron-builder.yml is read with electron-builder's own
 * loader and checked against its own schema (a misspelt fuse would otherwise be ignored silently).
 */
const projectDir = path.resolve(import.meta.dirname, '..', '..');

async function builderConfig(): Promise<Awaited<ReturnType<typeof getConfig>>> {
  return getConfig(projectDir, path.join(projectDir, 'electron-builder.yml'), null);
}

/** A platform's target names, whichever of the forms electron-builder accepts the file uses. */
function targetNames(target: TargetConfigType | undefined): string[] {
  return [target ?? []].flat().map((entry) => (typeof entry === 'string' ? entry : entry.target));
}

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('electron-builder.yml', () => {
  it('is a valid electron-builder configuration', async () => {
    const config = await builderConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips the fuses: no RunAsNode, NODE_OPTIONS or inspect; cookie encryption; only the validated asar; no file:// privileges', async () => {
    const config = await builderConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // OnlyLoadAppFromAsar and the integrity check mean nothing without an asar.
    expect(config.asar).toBe(true);
  });

  it('builds AppImage and deb for Linux, an NSIS installer for Windows and a dmg for macOS, and publishes nowhere', async () => {
    const config = await builderConfig();
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
    // Updates are installer files an admin runs (README "Installers and offline updates").
    expect(config.publish).toBeNull();
    // The installer asks where to install, so an admin can keep the console where the port's policy wants it.
    expect(config.nsis?.oneClick).toBe(false);
  });

  it("unpacks better-sqlite3's native module from the asar, and only native modules", async () => {
    const config = await builderConfig();
    expect(config.asar).toBe(true);
    // electron-builder's own matcher, as its asar packer applies asarUnpack, on the installed module.
    const unpacked = new FileMatcher(projectDir, projectDir, (pattern) => pattern, config.asarUnpack).createFilter();
    const sqlite = path.join(projectDir, 'node_modules', 'better-sqlite3');
    const binding = path.join(sqlite, 'build', 'Release', 'better_sqlite3.node');
    expect(unpacked(binding, fs.statSync(binding))).toBe(true);
    const script = path.join(sqlite, 'lib', 'index.js');
    expect(unpacked(script, fs.statSync(script))).toBe(false);
    // Rebuilt for Electron's ABI in the staged app (packaging/dist.ts), never in the project.
    expect(config.npmRebuild).toBe(true);
  });

  it('names an icon in resources/icons for each platform, which electron-builder takes as it is', async () => {
    const config = await builderConfig();
    const buildResources = path.join(projectDir, config.directories?.buildResources ?? 'build');
    expect(buildResources).toBe(path.join(projectDir, 'resources', 'icons'));
    const icons: [string | null | undefined, IconFormat, string][] = [
      [config.linux?.icon, 'set', 'icon.png'],
      [config.win?.icon, 'ico', 'icon.ico'],
      [config.mac?.icon, 'icns', 'icon.icns'],
    ];
    const out = makeTempDir('console-icons-');
    try {
      for (const [icon, format, file] of icons) {
        expect(icon).toBe(file);
        // electron-builder's own resolution and checks (an ICO must hold 256 px); nothing converted, no default.
        const result = await convertIcon({ sources: [file], fallbackSources: [], roots: [buildResources, projectDir], format, outDir: out.dir });
        expect(result.isFallback, format).toBe(false);
        expect(result.icons.map((found) => found.file)).toEqual([path.join(buildResources, file)]);
      }
    } finally {
      out.remove();
    }
  });

  it('keeps source maps out of the package', async () => {
    const config = await builderConfig();
    // The loader normalizes `files` into file sets; the patterns are in their filters.
    const patterns = [config.files ?? []]
      .flat()
      .flatMap((entry) => (typeof entry === 'string' ? [entry] : [entry.filter ?? []].flat()));
    expect(patterns).toContain('dist/**');
    expect(patterns).toContain('!**/*.map');
  });
});

describe('the renderer build', () => {
  let out: { dir: string; remove: () => void };

  beforeAll(async () => {
    out = makeTempDir('console-renderer-build-');
    const inline: InlineConfig = {
      configFile: path.join(projectDir, 'vite.config.ts'),
      root: path.join(projectDir, 'renderer'),
      logLevel: 'silent',
      build: { outDir: out.dir, emptyOutDir: true },
    };
    await build(inline);
  }, 180_000);

  afterAll(() => {
    out.remove();
  });

  it('vite.config.ts writes no source maps', () => {
    // Either no maps at all, or maps without the sources in them; this project chose none.
    expect(viteConfig.build?.sourcemap).toBe(false);
  });

  it('has no source map and no sourceMappingURL', () => {
    const all = files(out.dir);
    expect(all.some((file) => file.endsWith('index.html'))).toBe(true);
    expect(all.filter((file) => file.endsWith('.map'))).toEqual([]);
    for (const file of all.filter((name) => /\.(js|css)$/.test(name))) {
      expect(/sourceMappingURL/.test(fs.readFileSync(file, 'utf8')), file).toBe(false);
    }
  });

  it("needs no 'unsafe-inline': no <style> element, no style attribute, no inline script in the page", () => {
    expect(buildCsp()).not.toContain('unsafe-inline');
    expect(buildCsp()).toContain("style-src 'self';");
    const html = fs.readFileSync(path.join(out.dir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<style[\s>]/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    for (const script of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
      expect(script[0]).toMatch(/\ssrc=/);
      expect(script[1]?.trim()).toBe('');
    }
  });

  it('renders no <style> element and injects no style sheet from its own code', () => {
    // React's bundle carries the code path for JSX <style> elements, so the app's own sources are what
    // must not use it (nor innerHTML, which could carry a style attribute). Style props are CSSOM.
    const sources = files(path.join(projectDir, 'renderer')).filter((name) => /\.(ts|tsx)$/.test(name));
    expect(sources.length).toBeGreaterThan(10);
    const forbidden = [
      /<style[\s>]/,
      /dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML/,
      /createElement\(\s*["'`]style["'`]\s*\)|insertRule|adoptedStyleSheets|setAttribute\(\s*["'`]style["'`]/,
    ];
    for (const file of sources) {
      const code = fs.readFileSync(file, 'utf8');
      for (const pattern of forbidden) expect(pattern.test(code), `${file} ${String(pattern)}`).toBe(false);
    }
  });
});
