import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Icns, IcnsImage } from '@fiahfy/icns';
import { Resvg } from '@resvg/resvg-js';
import pngToIco from 'png-to-ico';

/**
 * `npm run icons`: the application icons in resources/icons, rasterised from the hand-drawn
 * icon.svg beside them. The outputs are committed (electron-builder.yml names them, the headless host
 * serves favicon.ico), so packaging needs neither this script nor a converter of its own; run it again
 * after changing the drawing. Everything here works offline: resvg ships its renderer inside its npm
 * package, and the ICO and ICNS containers are written in JavaScript.
 */

export const ICONS_DIR = path.resolve(import.meta.dirname, '..', 'resources', 'icons');

/** Linux's icon (electron-builder makes the desktop icon sizes from it) and the source of the others. */
const PNG_SIZE = 1024;
/** Windows: Explorer, the taskbar and the NSIS installer pick from these; 256 is the largest ICO holds. */
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** The browser tab of the headless host: only the sizes a tab, a bookmark and a shortcut use. */
const FAVICON_SIZES = [16, 32, 48];
/**
 * macOS: the PNG-encoded types of an .icns (what Apple's iconutil writes), each a size at 1x or 2x;
 * 1024 is the 512@2x Finder shows in a Retina window.
 */
const ICNS_TYPES = [
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
] as const;

/** The file names this script writes, beside icon.svg. */
export const ICON_FILES = { png: 'icon.png', ico: 'icon.ico', icns: 'icon.icns', favicon: 'favicon.ico' } as const;

/** One square PNG of the drawing. No fonts are loaded: the drawing has no text. */
function renderPng(svg: Buffer, size: number): Buffer {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render();
  if (image.width !== size || image.height !== size) throw new Error(`icon.svg must be square: rendered ${image.width}x${image.height} for ${size}`);
  return image.asPng();
}

/** Writes icon.png, icon.ico, icon.icns and favicon.ico into outDir from the SVG file. */
export async function writeIcons(svgFile: string, outDir: string): Promise<void> {
  const svg = fs.readFileSync(svgFile);
  const pngs = new Map<number, Buffer>();
  const png = (size: number): Buffer => {
    const cached = pngs.get(size) ?? renderPng(svg, size);
    pngs.set(size, cached);
    return cached;
  };
  const icns = new Icns();
  for (const [osType, size] of ICNS_TYPES) icns.append(IcnsImage.fromPNG(png(size), osType));

  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, ICON_FILES.png), png(PNG_SIZE));
  fs.writeFileSync(path.join(outDir, ICON_FILES.ico), await pngToIco(ICO_SIZES.map(png)));
  fs.writeFileSync(path.join(outDir, ICON_FILES.favicon), await pngToIco(FAVICON_SIZES.map(png)));
  fs.writeFileSync(path.join(outDir, ICON_FILES.icns), icns.data);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeIcons(path.join(ICONS_DIR, 'icon.svg'), ICONS_DIR).then(
    () => process.stdout.write(`icons written to ${ICONS_DIR}\n`),
    (error: unknown) => {
      process.stderr.write(`npm run icons: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
