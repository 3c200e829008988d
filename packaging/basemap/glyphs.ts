import { openSync, type Font, type Glyph } from 'fontkit';
import { ProtobufWriter } from './protobuf.js';

/**
 * MapLibre glyph ranges (signed distance fields in glyphs.proto, 256 code points a file) made in
 * plain TypeScript from a font's vector outlines, with node-fontnik's conventions, which MapLibre's
 * shader and shaping expect: glyphs drawn at 24 px, a 3 px border around each bitmap, distances
 * spread over 8 px with the outline at 0.75 of the byte range (cutoff 0.25). The distance is
 * measured to the outline itself rather than to a rasterised copy, so no canvas is needed and
 * the same font always gives the same bytes.
 */

const SIZE = 24;
const BORDER = 3;
const RADIUS = 8;
const CUTOFF = 0.25;
/** Each curve becomes this many straight pieces: at 24 px a piece is well under a pixel long. */
const CURVE_STEPS = 8;

/** A font file, or one font of a collection (.ttc), by its PostScript name. */
export function openFont(file: string, postscriptName: string): Font {
  const opened = openSync(file);
  const font = 'fonts' in opened ? opened.fonts.find((f) => f.postscriptName === postscriptName) : opened;
  if (font?.postscriptName !== postscriptName) throw new Error(`${file} has no font named ${postscriptName}`);
  return font;
}

type Segment = readonly [number, number, number, number];

/** The glyph's outline in pixels (y up, baseline at 0) as straight segments. */
function outlineSegments(glyph: Glyph, scale: number): Segment[] {
  const segments: Segment[] = [];
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  const lineTo = (nx: number, ny: number): void => {
    if (nx !== x || ny !== y) segments.push([x, y, nx, ny]);
    x = nx;
    y = ny;
  };
  for (const { command, args } of glyph.path.commands) {
    const a = args.map((v) => v * scale);
    switch (command) {
      case 'moveTo':
        if (x !== startX || y !== startY) lineTo(startX, startY);
        x = startX = a[0] ?? 0;
        y = startY = a[1] ?? 0;
        break;
      case 'lineTo':
        lineTo(a[0] ?? 0, a[1] ?? 0);
        break;
      case 'quadraticCurveTo': {
        const [x0, y0] = [x, y];
        const [cx, cy, ex, ey] = [a[0] ?? 0, a[1] ?? 0, a[2] ?? 0, a[3] ?? 0];
        for (let i = 1; i <= CURVE_STEPS; i++) {
          const t = i / CURVE_STEPS;
          const u = 1 - t;
          lineTo(u * u * x0 + 2 * u * t * cx + t * t * ex, u * u * y0 + 2 * u * t * cy + t * t * ey);
        }
        break;
      }
      case 'bezierCurveTo': {
        const [x0, y0] = [x, y];
        const [c1x, c1y, c2x, c2y, ex, ey] = [a[0] ?? 0, a[1] ?? 0, a[2] ?? 0, a[3] ?? 0, a[4] ?? 0, a[5] ?? 0];
        for (let i = 1; i <= CURVE_STEPS; i++) {
          const t = i / CURVE_STEPS;
          const u = 1 - t;
          lineTo(
            u * u * u * x0 + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * ex,
            u * u * u * y0 + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * ey,
          );
        }
        break;
      }
      case 'closePath':
        lineTo(startX, startY);
        break;
    }
  }
  if (x !== startX || y !== startY) lineTo(startX, startY);
  return segments;
}

/** Distance from a point to the outline, and whether the point is inside it (non-zero winding rule). */
function distanceAndWinding(px: number, py: number, segments: readonly Segment[]): { distance: number; inside: boolean } {
  let best = Infinity;
  let winding = 0;
  for (const [x0, y0, x1, y1] of segments) {
    const dx = x1 - x0;
    const dy = y1 - y0;
    const lengthSq = dx * dx + dy * dy;
    const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / lengthSq));
    const ex = x0 + t * dx - px;
    const ey = y0 + t * dy - py;
    best = Math.min(best, ex * ex + ey * ey);
    if (y0 <= py !== y1 <= py) {
      const crossX = x0 + ((py - y0) / dy) * dx;
      if (crossX > px) winding += dy > 0 ? 1 : -1;
    }
  }
  return { distance: Math.sqrt(best), inside: winding !== 0 };
}

interface SdfGlyph {
  readonly id: number;
  readonly bitmap: Uint8Array | null;
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly top: number;
  readonly advance: number;
}

/**
 * fontnik's "top" counts down from the line's ascender, not from the baseline. All fonts of a stack
 * take the first one's ascender, or their glyphs would not share a baseline.
 */
function renderGlyph(font: Font, codePoint: number, ascender: number): SdfGlyph {
  const glyph = font.glyphForCodePoint(codePoint);
  const scale = SIZE / font.unitsPerEm;
  const advance = Math.round(glyph.advanceWidth * scale);
  const segments = outlineSegments(glyph, scale);
  if (segments.length === 0) return { id: codePoint, bitmap: null, width: 0, height: 0, left: 0, top: -ascender, advance };

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x0, y0, x1, y1] of segments) {
    minX = Math.min(minX, x0, x1);
    minY = Math.min(minY, y0, y1);
    maxX = Math.max(maxX, x0, x1);
    maxY = Math.max(maxY, y0, y1);
  }
  const left = Math.floor(minX);
  const bottom = Math.floor(minY);
  const right = Math.ceil(maxX);
  const top = Math.ceil(maxY);
  const width = right - left;
  const height = top - bottom;
  const w = width + 2 * BORDER;
  const h = height + 2 * BORDER;
  const bitmap = new Uint8Array(w * h);
  for (let row = 0; row < h; row++) {
    const py = top + BORDER - row - 0.5;
    for (let col = 0; col < w; col++) {
      const px = left - BORDER + col + 0.5;
      const { distance, inside } = distanceAndWinding(px, py, segments);
      const signed = inside ? -distance : distance;
      const value = Math.round(255 - 255 * (signed / RADIUS + CUTOFF));
      bitmap[row * w + col] = Math.max(0, Math.min(255, value));
    }
  }
  return { id: codePoint, bitmap, width, height, left, top: top - ascender, advance };
}

/** The 256-code-point range a code point's glyph is served in, as MapLibre names it ("0-255"). */
export const rangeName = (start: number): string => `${start}-${start + 255}`;
export const rangeStart = (codePoint: number): number => Math.floor(codePoint / 256) * 256;

/** The first font of the stack that has a glyph for the code point. */
export const fontFor = (fonts: readonly Font[], codePoint: number): Font | undefined => fonts.find((f) => f.hasGlyphForCodePoint(codePoint));

/**
 * One range file: the glyphs of `codePoints` (all in the range starting at `start`), each from the
 * first font of the stack that has it; a code point no font has is left out.
 */
export function glyphRange(fonts: readonly Font[], fontstack: string, start: number, codePoints: readonly number[]): Uint8Array {
  const primary = fonts[0];
  if (primary === undefined) throw new Error('a glyph range needs at least one font');
  const ascender = Math.round((primary.ascent * SIZE) / primary.unitsPerEm);
  const stack = new ProtobufWriter().string(1, fontstack).string(2, rangeName(start));
  for (const cp of [...codePoints].sort((a, b) => a - b)) {
    if (rangeStart(cp) !== start) throw new Error(`U+${cp.toString(16)} is not in range ${rangeName(start)}`);
    const font = fontFor(fonts, cp);
    if (font === undefined) continue;
    const g = renderGlyph(font, cp, ascender);
    const message = new ProtobufWriter().uint32(1, g.id);
    if (g.bitmap !== null) message.bytesField(2, g.bitmap);
    message.uint32(3, g.width).uint32(4, g.height).sint32(5, g.left).sint32(6, g.top).uint32(7, g.advance);
    stack.message(3, message);
  }
  return new ProtobufWriter().message(1, stack).finish();
}
