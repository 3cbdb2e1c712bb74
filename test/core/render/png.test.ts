/**
 * renderPng: an SVG drawn as a PNG with the shipped DejaVu fonts only. The
 * PNGs are decoded with pngjs and checked by pixel: size, ink where text
 * is (in each of the three fonts), no system font, same bytes every time,
 * and the typed error for SVG that cannot be drawn. One test draws in a
 * worker thread of its own, as the chat adapters' diagnoses do.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { MAX_PNG_PIXELS, PngRenderError, renderPng } from '../../../src/core/render/png.js';

const SANS = 'DejaVu Sans, sans-serif';
const MONO = 'DejaVu Sans Mono, monospace';

interface Line {
  text: string;
  family: string;
  bold?: boolean;
}

/** One text line per 30 px band (baseline 22 px into it) on white; `lines: []` draws the background alone. */
function svg(lines: Line[], width = 240): string {
  const height = 30 * Math.max(1, lines.length);
  const texts = lines.map(
    (line, i) =>
      `<text x="10" y="${30 * i + 22}" font-size="16" font-family="${line.family}"${line.bold ? ' font-weight="bold"' : ''}>${line.text}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="#ffffff"/>${texts.join('')}</svg>`;
}

const THREE_FONTS: Line[] = [
  { text: 'INVITE sip:bob', family: SANS },
  { text: 'SIP/2.0 486 Busy', family: SANS, bold: true },
  { text: 'Call-ID: a84b4c76', family: MONO },
];

function decode(png: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(png));
}

/** Pixels darker than mid-grey in band `row` (30 px per row at scale 1). */
function ink(image: PNG, row: number, scale = 1): { count: number; width: number } {
  let count = 0;
  let left = Number.POSITIVE_INFINITY;
  let right = -1;
  for (let y = row * 30 * scale; y < (row + 1) * 30 * scale; y++)
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      const luminance =
        0.299 * (image.data[i] ?? 255) +
        0.587 * (image.data[i + 1] ?? 255) +
        0.114 * (image.data[i + 2] ?? 255);
      if (luminance < 128) {
        count++;
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  return { count, width: right < 0 ? 0 : right - left + 1 };
}

async function inkOf(line: Line): Promise<{ count: number; width: number }> {
  return ink(decode(await renderPng(svg([line]))), 0);
}

describe('renderPng', () => {
  it('gives a PNG of the SVG size times the scale', async () => {
    const source = svg(THREE_FONTS);
    for (const [scale, width, height] of [
      [undefined, 240, 90],
      [1, 240, 90],
      [2, 480, 180],
      [1.5, 360, 135],
    ] as const) {
      const image = decode(await renderPng(source, scale === undefined ? {} : { scale }));
      expect([image.width, image.height], `scale ${scale}`).toEqual([width, height]);
    }
  });

  it('draws the text of each of the three fonts, where the SVG without text is blank', async () => {
    for (const scale of [1, 2]) {
      const withText = decode(await renderPng(svg(THREE_FONTS), { scale }));
      const blank = decode(
        await renderPng(svg(THREE_FONTS).replace(/<text[^>]*>[^<]*<\/text>/g, ''), { scale }),
      );
      THREE_FONTS.forEach((line, row) => {
        expect(ink(blank, row, scale).count, `blank row ${row}`).toBe(0);
        // 14-17 characters at 16 px: several hundred dark pixels at scale 1.
        expect(ink(withText, row, scale).count, `${line.text} at ${scale}x`).toBeGreaterThan(
          150 * scale * scale,
        );
      });
    }
  });

  it('draws bold heavier than regular, and DejaVu Sans Mono with one width per character', async () => {
    const regular = await inkOf({ text: 'SIP/2.0 486 Busy', family: SANS });
    const bold = await inkOf({ text: 'SIP/2.0 486 Busy', family: SANS, bold: true });
    expect(bold.count).toBeGreaterThan(regular.count * 1.2);

    // In a proportional font "iiii" is far narrower than "MMMM"; in a monospace one they match.
    const monoNarrow = await inkOf({ text: 'iiiiiiii', family: MONO });
    const monoWide = await inkOf({ text: 'MMMMMMMM', family: MONO });
    expect(Math.abs(monoNarrow.width - monoWide.width)).toBeLessThanOrEqual(4);
    const sansNarrow = await inkOf({ text: 'iiiiiiii', family: SANS });
    const sansWide = await inkOf({ text: 'MMMMMMMM', family: SANS });
    expect(sansWide.width - sansNarrow.width).toBeGreaterThan(50);
  });

  it('uses no system font: any other family, generic ones too, is drawn in DejaVu Sans', async () => {
    const dejavu = await renderPng(svg([{ text: 'iiii MMMM 486', family: 'DejaVu Sans' }]));
    // Liberation Sans and DejaVu Serif are installed on the Debian machines; a picture must not depend on it.
    for (const family of ['Liberation Sans', 'DejaVu Serif', 'Helvetica', 'serif', 'monospace'])
      expect(
        Buffer.from(await renderPng(svg([{ text: 'iiii MMMM 486', family }]))).equals(dejavu),
        family,
      ).toBe(true);
  });

  it('gives the same bytes every time, also when pictures are drawn at once', async () => {
    const source = svg(THREE_FONTS);
    const first = Buffer.from(await renderPng(source, { scale: 2 }));
    const again = await Promise.all([1, 2, 3].map(() => renderPng(source, { scale: 2 })));
    for (const png of again) expect(Buffer.from(png).equals(first)).toBe(true);
  });

  it('rejects what it cannot draw with a PngRenderError fit to show a person', async () => {
    const cases: [string, { scale?: number }, string, RegExp][] = [
      ['not an svg', {}, 'invalid-svg', /^The picture could not be drawn: SVG data parsing failed/],
      ['<svg xmlns="http://www.w3.org/2000/svg"', {}, 'invalid-svg', /could not be drawn/],
      ['', {}, 'invalid-svg', /could not be drawn/],
      [
        '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>',
        {},
        'invalid-svg',
        /invalid size/,
      ],
      [svg(THREE_FONTS), { scale: 0 }, 'bad-scale', /scale must be above 0/],
      [svg(THREE_FONTS), { scale: Number.NaN }, 'bad-scale', /scale/],
      [
        '<svg xmlns="http://www.w3.org/2000/svg" width="5000" height="5000"/>',
        { scale: 2 },
        'too-large',
        /10000x10000 pixels, more than the 40 million allowed/,
      ],
      [
        '<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="50000"/>',
        {},
        'too-large',
        /1000x50000 pixels/,
      ],
    ];
    for (const [source, options, reason, message] of cases) {
      const error = await renderPng(source, options).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, source).toBeInstanceOf(PngRenderError);
      expect((error as PngRenderError).reason, source).toBe(reason);
      expect((error as PngRenderError).message, source).toMatch(message);
    }
    // The limit is on the output: 5000x5000 is 25 MP, under it at scale 1 (not drawn here: it takes a second).
    expect(5000 * 5000).toBeLessThan(MAX_PNG_PIXELS);
  });

  it('draws the same PNG in a worker thread', async () => {
    const source = svg(THREE_FONTS);
    const here = await renderPng(source);
    // The worker runs src/ through tsx, as WorkerApp does when run from source.
    const require = createRequire(import.meta.url);
    const tsxApi = pathToFileURL(
      require.resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs'),
    ).href;
    const png = new URL('../../../src/core/render/png.ts', import.meta.url).href;
    const code = `
      import { parentPort, workerData } from 'node:worker_threads';
      const { register } = await import(${JSON.stringify(tsxApi)});
      register();
      const { renderPng } = await import(${JSON.stringify(png)});
      const bytes = await renderPng(workerData);
      parentPort.postMessage(bytes);`;
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), {
      workerData: source,
    });
    try {
      const fromWorker = await new Promise<Uint8Array>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the worker exited with ${code}`)));
      });
      expect(Buffer.from(fromWorker).equals(Buffer.from(here))).toBe(true);
    } finally {
      await worker.terminate();
    }
  });
});
