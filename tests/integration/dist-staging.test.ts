import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
// @electron/rebuild's own module search (what its walker uses to find native modules); not in its
// package exports, so imported by path.
import { searchForModule } from '../../node_modules/@electron/rebuild/lib/search-module.js';
import { distSteps, ROOT, stageApp, STAGING_DIR } from '../../packaging/dist.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * `npm run dist` must leave the development node_modules alone: packaging rebuilds better-sqlite3 for
 * Electron's ABI, and the tests, the headless host and the headless commands need its Node build.
 * Electron's headers cannot be downloaded here, so this checks the pipeline itself: what the script
 * runs, where, and that the rebuild's own module search, started where electron-builder starts it,
 * cannot reach the project's node_modules.
 */
const packageJson = z.object({
  scripts: z.record(z.string(), z.string()),
  dependencies: z.record(z.string(), z.string()),
  main: z.string(),
  workspaces: z.unknown().optional(),
});
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));
const project = packageJson.parse(readJson(path.join(ROOT, 'package.json')));

let temp: { dir: string; remove: () => void };
beforeEach(() => {
  temp = makeTempDir('dist-staging-');
});
afterEach(() => {
  temp.remove();
});

/** A project folder shaped like this one: manifest, lockfile, a build, resources, an installed better-sqlite3. */
function fakeProject(): string {
  const root = path.join(temp.dir, 'project');
  fs.mkdirSync(path.join(root, path.dirname(project.main)), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(root, 'package.json'));
  fs.copyFileSync(path.join(ROOT, 'package-lock.json'), path.join(root, 'package-lock.json'));
  fs.writeFileSync(path.join(root, project.main), 'export {};\n');
  fs.mkdirSync(path.join(root, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist', 'renderer', 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(root, 'dist', 'node', 'tsconfig.node.tsbuildinfo'), '{}');
  fs.mkdirSync(path.join(root, 'resources', 'icons'), { recursive: true });
  fs.writeFileSync(path.join(root, 'resources', 'icons', 'icon.png'), 'png');
  const sqlite = path.join(root, 'node_modules', 'better-sqlite3');
  fs.mkdirSync(sqlite, { recursive: true });
  fs.writeFileSync(path.join(sqlite, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.0.0' }));
  const electron = path.join(root, 'node_modules', 'electron');
  fs.mkdirSync(electron, { recursive: true });
  fs.writeFileSync(path.join(electron, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  return root;
}

describe('npm run dist', () => {
  it('runs the staging script, and never install-app-deps or a rebuild in the project', () => {
    const dist = project.scripts.dist ?? '';
    expect(dist).toBe('npm run build && node --import tsx packaging/dist.ts');
    expect(dist).not.toMatch(/install-app-deps|rebuild/);
    // Nothing rebuilds native modules when the development packages are installed either.
    expect(project.scripts.postinstall).toBeUndefined();
    // electron-builder looks for a workspace root above the app it packages; there must be none.
    expect(project.workspaces).toBeUndefined();
  });

  it('stages the build, resources, lockfile and a script-free production manifest in release/app', () => {
    expect(path.relative(ROOT, STAGING_DIR)).toBe(path.join('release', 'app'));
    const root = fakeProject();
    const staging = path.join(root, 'release', 'app');
    fs.mkdirSync(staging, { recursive: true });
    fs.writeFileSync(path.join(staging, 'left-over.txt'), 'from an earlier run');

    stageApp(root, staging);

    const manifest = readJson(path.join(staging, 'package.json'));
    const staged = packageJson.omit({ scripts: true }).extend({ private: z.literal(true) }).parse(manifest);
    // No scripts: nothing runs when its dependencies are installed.
    expect(manifest).not.toHaveProperty('scripts');
    expect(staged.dependencies).toEqual(project.dependencies);
    expect(staged.main).toBe(project.main);
    expect(fs.existsSync(path.join(staging, project.main))).toBe(true);
    expect(fs.existsSync(path.join(staging, 'dist', 'renderer', 'index.html'))).toBe(true);
    expect(fs.existsSync(path.join(staging, 'dist', 'node', 'tsconfig.node.tsbuildinfo'))).toBe(false);
    expect(fs.readFileSync(path.join(staging, 'package-lock.json'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    expect(fs.existsSync(path.join(staging, 'resources', 'icons', 'icon.png'))).toBe(true);
    expect(fs.existsSync(path.join(staging, 'left-over.txt'))).toBe(false);
    // Staging only reads the project: its own node_modules are not copied or touched.
    expect(fs.existsSync(path.join(staging, 'node_modules'))).toBe(false);
    expect(fs.readdirSync(path.join(root, 'node_modules')).sort()).toEqual(['better-sqlite3', 'electron']);
  });

  it('refuses to stage without a build', () => {
    const root = fakeProject();
    fs.rmSync(path.join(root, project.main));
    expect(() => {
      stageApp(root, path.join(root, 'release', 'app'));
    }).toThrow(/npm run build/);
  });

  it('installs and packages inside the staging folder, with electron-builder rooted there', () => {
    const root = fakeProject();
    const staging = path.join(root, 'release', 'app');
    const steps = distSteps(root, staging);
    expect(steps.map((step) => step.cwd)).toEqual([staging, staging]);
    const [install, builder] = steps;
    expect(install?.args).toEqual(['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund']);
    expect(builder?.args[0]).toBe(path.join(root, 'node_modules', 'electron-builder', 'cli.js'));
    expect(builder?.args.slice(1, 5)).toEqual(['--projectDir', staging, '--config', path.join(root, 'electron-builder.yml')]);
    expect(builder?.args).toContain('-c.electronVersion=45.4.1');
    expect(builder?.args).toContain(`-c.directories.output=${path.join(root, 'release')}`);
    for (const step of steps) expect(step.args.join(' ')).not.toMatch(/install-app-deps/);
  });

  it("the Electron rebuild, searching from the staged app as electron-builder makes it, finds only the staged app's modules", async () => {
    const root = fakeProject();
    const staging = path.join(root, 'release', 'app');
    stageApp(root, staging);
    // electron-builder hands @electron/rebuild buildPath = the app folder and projectRootPath = its
    // --projectDir; the search walks from the one up to the other.
    const builder = distSteps(root, staging)[1]!;
    const projectDir = builder.args[builder.args.indexOf('--projectDir') + 1]!;
    expect(await searchForModule(staging, 'better-sqlite3', projectDir)).toEqual([]);
    const stagedCopy = path.join(staging, 'node_modules', 'better-sqlite3');
    fs.mkdirSync(stagedCopy, { recursive: true });
    expect(await searchForModule(staging, 'better-sqlite3', projectDir)).toEqual([stagedCopy]);
    // What packaging from the project did (the project as projectRootPath): the project's own copy is found too.
    expect(await searchForModule(staging, 'better-sqlite3', root)).toContain(path.join(root, 'node_modules', 'better-sqlite3'));
  });
});
