import fs from 'node:fs';
import path from 'node:path';
import { Icns } from '@fiahfy/icns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ICON_FILES, ICONS_DIR, writeIcons } from '../../packaging/icons.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** The square sizes an ICO file's directory lists (a 0 byte means 256). */
function icoSizes(file: Buffer): number[] {
  expect(file.readUInt16LE(0)).toBe(0);
  expect(file.readUInt16LE(2)).toBe(1);
  return Array.from({ length: file.readUInt16LE(4) }, (_, index) => {
    const width = file[6 + index * 16] ?? -1;
    const height = file[7 + index * 16] ?? -1;
    expect(height).toBe(width);
    return width === 0 ? 256 : width;
  });
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(file: Buffer): [number, number] {
  expect(file.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [file.readUInt32BE(16), file.readUInt32BE(20)];
}

const committed = (name: string): Buffer => fs.readFileSync(path.join(ICONS_DIR, name));

describe('the application icons (npm run icons)', () => {
  let out: { dir: string; remove: () => void };

  beforeAll(async () => {
    out = makeTempDir('console-icons-');
    await writeIcons(path.join(ICONS_DIR, 'icon.svg'), out.dir);
  });

  afterAll(() => {
    out.remove();
  });

  it('are the committed files: none was edited by hand or left behind a change of icon.svg', () => {
    for (const name of Object.values(ICON_FILES)) {
      expect(fs.readFileSync(path.join(out.dir, name)).equals(committed(name)), name).toBe(true);
    }
  });

  it('hold the sizes each platform asks for', () => {
    expect(pngSize(committed(ICON_FILES.png))).toEqual([1024, 1024]);
    expect(icoSizes(committed(ICON_FILES.ico))).toEqual([16, 24, 32, 48, 64, 128, 256]);
    expect(icoSizes(committed(ICON_FILES.favicon))).toEqual([16, 32, 48]);
    const icns = Icns.from(committed(ICON_FILES.icns));
    expect(icns.images.map((image) => image.osType)).toEqual(['ic11', 'ic12', 'ic07', 'ic13', 'ic08', 'ic14', 'ic09', 'ic10']);
    const largest = icns.images.find((image) => image.osType === 'ic10');
    expect(largest && pngSize(largest.image)).toEqual([1024, 1024]);
  });
});
