/**
 * A screenshot checked against a reference PNG kept in the repository.
 *
 * Pixels are compared with pixelmatch (anti-aliasing is not counted as a
 * difference), and a test allows a share of them to differ. With
 * UPDATE_REFERENCE=1 in the environment the screenshot becomes the new
 * reference instead: look at it before committing it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

export interface CompareOptions {
  /** The share of pixels (0 to 1) allowed to differ; 0 asks for the same picture. */
  maxDiffRatio: number;
  /** pixelmatch's colour distance (0 to 1) under which two pixels are equal; default 0.1. */
  threshold?: number;
  /** Write `png` as the reference instead of comparing; default: UPDATE_REFERENCE=1 in the environment. */
  update?: boolean;
}

export interface Comparison {
  /** Pixels that differ (0 when the reference was just written). */
  diffPixels: number;
  totalPixels: number;
  /** diffPixels / totalPixels. */
  ratio: number;
  /** The reference was (re)written from `png`. */
  updated: boolean;
}

const UPDATE_HOW = 'UPDATE_REFERENCE=1 npx vitest run <this test file>';

/** Pixels that differ between two decoded PNGs of the same size; `diff` gets the picture of them. */
export function countDifferentPixels(
  actual: PNG,
  expected: PNG,
  threshold = 0.1,
  diff?: PNG,
): number {
  if (actual.width !== expected.width || actual.height !== expected.height)
    throw new Error(
      `the pictures differ in size: ${actual.width}x${actual.height} against ${expected.width}x${expected.height}`,
    );
  return pixelmatch(actual.data, expected.data, diff?.data, actual.width, actual.height, {
    threshold,
  });
}

/** Writes the PNGs to a new temporary folder and returns their paths, for an error message. */
function keep(name: string, pngs: Record<string, Buffer>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'sip-triage-screenshot-'));
  return Object.entries(pngs).map(([kind, bytes]) => {
    const path = join(dir, `${name.replace(/\.png$/, '')}.${kind}.png`);
    writeFileSync(path, bytes);
    return path;
  });
}

/**
 * Compares `png` with the PNG at `referencePath`. Throws when the reference
 * is missing, when the sizes differ, or when more than `maxDiffRatio` of the
 * pixels differ; the message names temporary copies of the actual picture
 * and of the difference (differing pixels in red) to look at.
 */
export function compareWithReference(
  png: Uint8Array,
  referencePath: string,
  options: CompareOptions,
): Comparison {
  const bytes = Buffer.from(png);
  const actual = PNG.sync.read(bytes);
  const totalPixels = actual.width * actual.height;
  const update = options.update ?? process.env.UPDATE_REFERENCE === '1';
  if (update) {
    mkdirSync(dirname(referencePath), { recursive: true });
    writeFileSync(referencePath, bytes);
    return { diffPixels: 0, totalPixels, ratio: 0, updated: true };
  }
  const name = basename(referencePath);
  if (!existsSync(referencePath)) {
    const [actualPath] = keep(name, { actual: bytes });
    throw new Error(
      `No reference screenshot at ${referencePath}. The actual one is at ${actualPath}: if it looks right, make it the reference with ${UPDATE_HOW} and commit it.`,
    );
  }
  const expected = PNG.sync.read(readFileSync(referencePath));
  if (actual.width !== expected.width || actual.height !== expected.height) {
    const [actualPath] = keep(name, { actual: bytes });
    throw new Error(
      `The screenshot is ${actual.width}x${actual.height} but the reference ${referencePath} is ${expected.width}x${expected.height}. The actual one is at ${actualPath}; if the new size is right, update the reference with ${UPDATE_HOW}.`,
    );
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const diffPixels = countDifferentPixels(actual, expected, options.threshold, diff);
  const ratio = diffPixels / totalPixels;
  if (ratio > options.maxDiffRatio) {
    const [actualPath, diffPath] = keep(name, { actual: bytes, diff: PNG.sync.write(diff) });
    throw new Error(
      `The screenshot differs from ${referencePath} in ${diffPixels} of ${totalPixels} pixels (${(ratio * 100).toFixed(3)}%, allowed ${(options.maxDiffRatio * 100).toFixed(3)}%). Actual: ${actualPath}; differences in red: ${diffPath}. If the change is intended, update the reference with ${UPDATE_HOW}.`,
    );
  }
  return { diffPixels, totalPixels, ratio, updated: false };
}
