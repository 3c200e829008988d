import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronEnv, electronPackageDir, findElectronBinary, NO_BINARY_MESSAGE } from '../../electron/launch.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

const temps: (() => void)[] = [];
afterEach(() => {
  for (const remove of temps.splice(0)) remove();
});

function electronDir(files: Record<string, string>): string {
  const temp = makeTempDir('console-launch-');
  temps.push(temp.remove);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(temp.dir, name)), { recursive: true });
    fs.writeFileSync(path.join(temp.dir, name), content);
  }
  return temp.dir;
}

describe('findElectronBinary', () => {
  it('finds the executable path.txt names under dist/', () => {
    const dir = electronDir({ 'path.txt': 'electron', 'dist/electron': '' });
    expect(findElectronBinary(dir, {})).toBe(path.join(dir, 'dist', 'electron'));
  });

  it('says none when path.txt is missing (the binary was never downloaded)', () => {
    expect(findElectronBinary(electronDir({ 'package.json': '{}' }), {})).toBeNull();
  });

  it('says none when path.txt names a file that is not there', () => {
    expect(findElectronBinary(electronDir({ 'path.txt': 'electron' }), {})).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron/index.js does', () => {
    const override = electronDir({ electron: '' });
    const dir = electronDir({ 'path.txt': 'electron' });
    expect(findElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(path.join(override, 'electron'));
  });

  it('finds the project’s electron package by resolution alone', () => {
    const dir = electronPackageDir(process.cwd());
    expect(dir).not.toBeNull();
    expect(fs.existsSync(path.join(dir!, 'electron.d.ts'))).toBe(true);
  });
});

describe('electronEnv', () => {
  it('drops ELECTRON_RUN_AS_NODE and keeps the rest', () => {
    expect(electronEnv({ ELECTRON_RUN_AS_NODE: '1', PATH: '/bin' })).toEqual({ PATH: '/bin' });
  });
});

describe('the fallback message', () => {
  it('is one line that says how to get the binary', () => {
    expect(NO_BINARY_MESSAGE).not.toContain('\n');
    expect(NO_BINARY_MESSAGE).toContain('npx install-electron');
    expect(NO_BINARY_MESSAGE).toContain('headless host');
  });
});
