/**
 * The fonts every picture is drawn with: DejaVu Sans (regular and bold) and
 * DejaVu Sans Mono, from the dejavu-fonts-ttf package the project depends
 * on, so a picture is the same on any machine and in the slim container.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const FONT_FILES = {
  sans: 'ttf/DejaVuSans.ttf',
  'sans-bold': 'ttf/DejaVuSans-Bold.ttf',
  mono: 'ttf/DejaVuSansMono.ttf',
} as const;

/** A font that is not installed: the dependencies need installing again. */
export class MissingFontError extends Error {
  readonly code = 'FONT_MISSING';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MissingFontError';
  }
}

let folder: string | undefined;

/** The absolute path of one of the shipped fonts; throws MissingFontError when it is not there. */
export function fontFile(name: keyof typeof FONT_FILES): string {
  if (folder === undefined) {
    try {
      folder = dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json'));
    } catch (error) {
      throw new MissingFontError(
        'Pictures cannot be drawn here: the fonts package (dejavu-fonts-ttf) is not installed. Reinstall the dependencies (npm ci).',
        { cause: error },
      );
    }
  }
  const file = join(folder, FONT_FILES[name]);
  if (!existsSync(file))
    throw new MissingFontError(
      `Pictures cannot be drawn here: the font file ${file} is missing. Reinstall the dependencies (npm ci).`,
    );
  return file;
}
