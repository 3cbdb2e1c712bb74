/**
 * The ladder as a PNG: the SVG picture with its text drawn as outlines
 * (glyph-outlines.ts, much faster for resvg than text), rasterised by
 * png.ts. Scale 1 keeps a 200-message ladder well under 0.1 s; chat
 * clients show it at about that size anyway.
 */
import type { Ladder } from '../diagnose/types.js';
import { outlinePainter } from './glyph-outlines.js';
import { type LadderSvgOptions, renderLadderSvg } from './ladder-svg.js';
import { renderPng } from './png.js';

export async function renderLadderPng(
  ladder: Ladder,
  options: Omit<LadderSvgOptions, 'painter'> & { scale?: number } = {},
): Promise<Uint8Array> {
  const { scale, ...drawing } = options;
  const svg = renderLadderSvg(ladder, { ...drawing, painter: await outlinePainter() });
  return renderPng(svg, scale === undefined ? {} : { scale });
}
