/**
 * Makes a process ready to draw pictures before the first one is asked
 * for: the first PNG of a process loads resvg's native module and parses
 * the three DejaVu fonts (opentype.js), a few hundred milliseconds that
 * would otherwise land on the first person who pastes a trace. A bot calls
 * this once in each diagnosis worker after it is ready; the CLI never does.
 */
import { outlinePainter } from './glyph-outlines.js';
import type { TextPainter, TextStyle } from './ladder-svg.js';
import { renderPng } from './png.js';

/** A picture the size of a stamp with a label in each face, its text as outlines like a ladder's. */
function stamp(painter: TextPainter): string {
  const label = (y: number, text: string, style: Partial<TextStyle>) =>
    painter.text(2, y, text, { size: 11, fill: '#111827', ...style });
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="48" viewBox="0 0 80 48">',
    '<rect width="80" height="48" fill="#ffffff"/>',
    label(12, 'INVITE', {}),
    label(26, '486 Busy', { bold: true }),
    label(40, 'SIP/2.0', { mono: true, halo: true }),
    '</svg>',
  ].join('');
}

/**
 * Loads the PNG renderer and the fonts and draws one tiny picture, so the
 * next picture costs only its own drawing. Resolves when done; rejects when
 * pictures cannot be drawn here (the caller decides whether that matters:
 * the pictures themselves say why on the card).
 */
export async function warmPictures(): Promise<void> {
  await renderPng(stamp(await outlinePainter()));
}
