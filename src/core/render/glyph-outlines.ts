/**
 * Text drawn as glyph outlines (SVG paths) for pictures that are rasterised.
 *
 * resvg lays out every <text> glyph by glyph and, in the resvg-js 2.6.2 we
 * ship, costs about 50 µs per glyph: a 60-row ladder's 2,000 glyphs took
 * 100 ms before drawing a pixel. Here each glyph's outline is read once
 * from the shipped DejaVu fonts (opentype.js), kept as a relative path, and
 * a label becomes one <path> built by concatenation: the same picture's
 * text then costs resvg about 3 ms. The widths are the fonts' own advances,
 * so text fits its box exactly. A browser gets real <text> instead
 * (SVG_TEXT in ladder-svg.ts): selectable, searchable, read aloud.
 *
 * Fonts are parsed on the first outline painter (about 0.1 s per font,
 * once per process or worker); glyphs missing from a font are drawn with
 * its .notdef box, as any renderer would.
 */
import { readFileSync } from 'node:fs';
import type { Font, Glyph } from 'opentype.js';
import { fontFile } from './font-files.js';
import { round, type TextPainter, type TextStyle, xmlEscape } from './ladder-svg.js';

interface Outline {
  /** The glyph as relative commands from its origin at this size ("" for a space). */
  d: string;
  /** Where the pen ends, relative to the origin. */
  endX: number;
  endY: number;
  advance: number;
}

interface Face {
  font: Font;
  outlines: Map<string, Outline>;
}

type FaceName = 'sans' | 'sans-bold' | 'mono';

let faces: Promise<Record<FaceName, Face>> | undefined;

/** The painter that draws text as outlines; the fonts are loaded on the first call. */
export async function outlinePainter(): Promise<TextPainter> {
  faces ??= loadFaces().catch((error: unknown) => {
    faces = undefined;
    throw error;
  });
  return painterOf(await faces);
}

async function loadFaces(): Promise<Record<FaceName, Face>> {
  const { default: opentype } = await import('opentype.js');
  // parse() of the file's bytes: loadSync is deprecated, and broken in opentype.js 1.3.5, which a
  // fresh `npm install sip-triage` gets (the lockfile's 1.3.4 still has it).
  const load = (name: FaceName): Face => {
    const bytes = readFileSync(fontFile(name));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return { font: opentype.parse(buffer), outlines: new Map() };
  };
  return { sans: load('sans'), 'sans-bold': load('sans-bold'), mono: load('mono') };
}

function faceOf(faces: Record<FaceName, Face>, style: Pick<TextStyle, 'bold' | 'mono'>): Face {
  return style.mono ? faces.mono : style.bold ? faces['sans-bold'] : faces.sans;
}

/** The outline of `ch` at `size` px, read from the font once. */
function outline(face: Face, ch: string, size: number): Outline {
  const key = `${size}|${ch}`;
  const known = face.outlines.get(key);
  if (known !== undefined) return known;
  const glyph: Glyph = face.font.charToGlyph(ch);
  const commands = glyph.getPath(0, 0, size).commands;
  let d = '';
  let x = 0;
  let y = 0;
  for (const c of commands) {
    switch (c.type) {
      case 'M':
      case 'L':
        d += `${c.type === 'M' ? 'm' : 'l'}${round(c.x - x)} ${round(c.y - y)}`;
        x = c.x;
        y = c.y;
        break;
      case 'Q':
        d += `q${round(c.x1 - x)} ${round(c.y1 - y)} ${round(c.x - x)} ${round(c.y - y)}`;
        x = c.x;
        y = c.y;
        break;
      case 'C':
        d += `c${round(c.x1 - x)} ${round(c.y1 - y)} ${round(c.x2 - x)} ${round(c.y2 - y)} ${round(c.x - x)} ${round(c.y - y)}`;
        x = c.x;
        y = c.y;
        break;
      case 'Z':
        d += 'z';
        break;
    }
  }
  const made = {
    d,
    endX: x,
    endY: y,
    advance: ((glyph.advanceWidth ?? 0) * size) / face.font.unitsPerEm,
  };
  face.outlines.set(key, made);
  return made;
}

function painterOf(faces: Record<FaceName, Face>): TextPainter {
  const width = (text: string, style: Pick<TextStyle, 'size' | 'bold' | 'mono'>): number => {
    const face = faceOf(faces, style);
    let w = 0;
    for (const ch of text) w += outline(face, ch, style.size).advance;
    return w;
  };
  return {
    width,
    text(x, y, text, style) {
      const face = faceOf(faces, style);
      const start = style.anchor === 'middle' ? x - width(text, style) / 2 : x;
      // Each glyph is drawn from its origin, then the pen goes on to the next origin.
      let d = `M${round(start)} ${round(y)}`;
      for (const ch of text) {
        const o = outline(face, ch, style.size);
        d +=
          o.d === ''
            ? `m${round(o.advance)} 0`
            : `${o.d}m${round(o.advance - o.endX)} ${round(-o.endY)}`;
      }
      const halo = style.halo
        ? ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
        : '';
      // The text stays in the picture for whatever reads the SVG rather than looks at it.
      return `<path d="${d}" fill="${style.fill}"${halo}><title>${xmlEscape(text)}</title></path>`;
    },
  };
}
