/**
 * An SVG drawn as a PNG, for chat platforms that show pictures but not SVG.
 *
 * The renderer is resvg (@resvg/resvg-js, a native module), loaded on the
 * first picture only: a process that never draws one (the CLI explaining a
 * code, a bot answering text) does not pay for loading it. The module is
 * kept after that first import.
 *
 * Text is drawn with the DejaVu fonts shipped in the dejavu-fonts-ttf
 * package, and with no system font at all, so a picture comes out the same
 * on a laptop, in CI and in the slim container. The SVG
 * should name its fonts: `DejaVu Sans` (regular and bold) and
 * `DejaVu Sans Mono`. Any other family, generic ones included, is drawn in
 * DejaVu Sans: resvg-js 2.6.2 maps every generic family (`monospace` too)
 * to the first font loaded and ignores its `monospaceFamily` option, so
 * monospace text must say `font-family="DejaVu Sans Mono, monospace"`.
 * Only these three faces exist: bold monospace and any italic are drawn
 * in the regular face (resvg does not fake bold or slant).
 *
 * The SVG is parsed once, its size checked, then drawn and encoded on the
 * calling thread: the bot draws in its worker threads, and a second parse
 * for resvg's `renderAsync` cost more than it saved. It works the same in a
 * worker thread. resvg lays out <text> slowly (about 50 µs a glyph), so the
 * ladder's PNG draws its text as outlines (ladder-png.ts); with them a
 * 40-row ladder takes some 50-70 ms at scale 1. The first picture of a
 * process adds some 40-90 ms (loading the native module and the fonts).
 */
import { fontFile } from './font-files.js';

/** Output pixels (width x height after scaling) above which a picture is refused: 40 MP is 160 MB of RGBA. */
export const MAX_PNG_PIXELS = 40_000_000;

export interface PngOptions {
  /**
   * Zoom: the PNG is the SVG's width and height times this (rounded up).
   * Default 1. Use 2 for pictures people open full size in chat (sharp on
   * high-density screens, about twice the time and bytes).
   */
  scale?: number;
}

/** Why a picture could not be drawn. */
export type PngRenderFailure = 'invalid-svg' | 'too-large' | 'bad-scale' | 'renderer-unavailable';

/** A picture that could not be drawn; `message` is fit to show a person, `cause` has resvg's own words. */
export class PngRenderError extends Error {
  readonly code = 'PNG_RENDER_FAILED';
  constructor(
    readonly reason: PngRenderFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PngRenderError';
  }
}

type Resvg = typeof import('@resvg/resvg-js');

let resvgModule: Promise<Resvg> | undefined;

/** The resvg module, imported once; a failed import is retried next time. */
function loadResvg(): Promise<Resvg> {
  resvgModule ??= import('@resvg/resvg-js').catch((error: unknown) => {
    resvgModule = undefined;
    throw new PngRenderError(
      'renderer-unavailable',
      'Pictures cannot be drawn here: the PNG renderer (@resvg/resvg-js) did not load. Reinstall the dependencies (npm ci) on this platform.',
      { cause: error },
    );
  });
  return resvgModule;
}

/** Absolute paths of the shipped fonts (font-files.ts); the first is also the fallback for any other family. */
function fonts(): string[] {
  try {
    return [fontFile('sans'), fontFile('sans-bold'), fontFile('mono')];
  } catch (error) {
    throw new PngRenderError(
      'renderer-unavailable',
      error instanceof Error ? error.message : String(error),
      { cause: error },
    );
  }
}

/**
 * Draws `svg` as a PNG, `options.scale` times its size. Rejects with a
 * PngRenderError when the SVG does not parse, has no size, or would be
 * larger than MAX_PNG_PIXELS, and when the renderer or its fonts are not
 * installed. The same SVG and scale give the same bytes every time.
 */
export async function renderPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 16)
    throw new PngRenderError(
      'bad-scale',
      `A picture's scale must be above 0 and at most 16, not ${scale}.`,
    );
  const resvg = await loadResvg();
  const fontOptions = {
    fontFiles: fonts(),
    loadSystemFonts: false,
    defaultFontFamily: 'DejaVu Sans',
    // Ignored by resvg-js 2.6.2 (see the top of this file), kept for when it honours them.
    sansSerifFamily: 'DejaVu Sans',
    monospaceFamily: 'DejaVu Sans Mono',
  };
  let drawing: InstanceType<Resvg['Resvg']>;
  try {
    // One parse: it gives the size to check before any pixel is drawn.
    drawing = new resvg.Resvg(svg, {
      font: fontOptions,
      fitTo: { mode: 'zoom', value: scale },
      logLevel: 'off',
    });
  } catch (error) {
    throw invalid(error);
  }
  const width = Math.ceil(drawing.width * scale);
  const height = Math.ceil(drawing.height * scale);
  if (width * height > MAX_PNG_PIXELS)
    throw new PngRenderError(
      'too-large',
      `The picture would be ${width}x${height} pixels, more than the ${MAX_PNG_PIXELS / 1_000_000} million allowed.`,
    );
  try {
    return drawing.render().asPng();
  } catch (error) {
    throw invalid(error);
  }
}

function invalid(error: unknown): PngRenderError {
  const detail = error instanceof Error ? error.message : String(error);
  return new PngRenderError('invalid-svg', `The picture could not be drawn: ${detail}.`, {
    cause: error,
  });
}
