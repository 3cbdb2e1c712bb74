/**
 * The browser harness (test/support/browser.ts, compare-screenshot.ts)
 * against Debian's Chromium: if these pass, the HTML report's tests click,
 * read fonts and compare screenshots in a real browser, offline, and would
 * see a request to the network or an error in the page.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fontsUsed,
  launchChromium,
  networkRequests,
  type OpenedPage,
  openHtml,
} from '../../support/browser.js';
import { compareWithReference, countDifferentPixels } from '../../support/compare-screenshot.js';

function page(status = 'waiting'): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>harness</title>
<style>
  body { margin: 16px; font: 16px "DejaVu Sans", sans-serif; background: #fff; color: #111; }
  code { font-family: "DejaVu Sans Mono", monospace; }
  button { font: inherit; padding: 4px 12px; }
</style></head>
<body>
  <p id="status">${status}</p>
  <p><code id="mono">Call-ID: a84b4c76e66710</code></p>
  <button id="go" type="button">Go</button>
  <script>
    document.getElementById('go').addEventListener('click', () => {
      document.getElementById('status').textContent = 'clicked';
    });
  </script>
</body></html>`;
}

let browser: Browser;
const opened: OpenedPage[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'sip-triage-harness-'));

async function open(html: string, viewport?: { width: number; height: number }) {
  const result = await openHtml(browser, html, viewport ? { viewport } : {});
  opened.push(result);
  return result;
}

/** The message `run` throws with (a test fails when it throws none). */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected it to throw');
}

/** Deletes the temporary folders of the pictures a failure message names (kept for a person otherwise). */
function forgetPictures(message: string): void {
  for (const [path] of message.matchAll(/\/\S+\.(?:actual|diff)\.png/g))
    rmSync(dirname(path), { recursive: true, force: true });
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const o of opened) await o.close();
  await browser?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('openHtml', () => {
  it('opens the page from a file, offline; a click runs its script, with no error and no request out', async () => {
    const o = await open(page());
    expect(o.url).toMatch(/^file:\/\/.*\/page\.html$/);
    expect(await o.page.textContent('#status')).toBe('waiting');
    await o.page.click('#go');
    expect(await o.page.textContent('#status')).toBe('clicked');
    expect(o.consoleErrors).toEqual([]);
    expect(o.requests).toEqual([o.url]);
    expect(networkRequests(o)).toEqual([]);
  });

  it('records what a page asks of the network (and blocks it), console errors and uncaught exceptions', async () => {
    const o = await open(`<!doctype html><html><body>
      <img src="https://cdn.example.invalid/logo.png" alt="">
      <script>
        console.error('something broke');
        fetch('http://api.example.invalid/x').catch(() => {});
        setTimeout(() => { throw new Error('boom'); }, 0);
      </script></body></html>`);
    await expect
      .poll(() => o.consoleErrors.some((e) => e === 'pageerror: boom'), { timeout: 5_000 })
      .toBe(true);
    expect(o.consoleErrors).toContain('something broke');
    expect(networkRequests(o)).toEqual(
      expect.arrayContaining([
        'https://cdn.example.invalid/logo.png',
        'http://api.example.invalid/x',
      ]),
    );
  });

  it('draws text in DejaVu Sans and DejaVu Sans Mono (fonts-dejavu-core)', async () => {
    const o = await open(page());
    expect(await fontsUsed(o.page, '#status')).toEqual(['DejaVu Sans']);
    expect(await fontsUsed(o.page, '#mono')).toEqual(['DejaVu Sans Mono']);
  });
});

describe('compareWithReference', () => {
  it('finds no difference between two screenshots of one page, and some once the text changes', async () => {
    const reference = join(scratch, 'same.png');
    const o = await open(page(), { width: 320, height: 160 });
    const first = await o.page.screenshot();
    expect(compareWithReference(first, reference, { maxDiffRatio: 0, update: true }).updated).toBe(
      true,
    );
    expect(readFileSync(reference).equals(first)).toBe(true);

    const again = await o.page.screenshot();
    const same = compareWithReference(again, reference, { maxDiffRatio: 0, update: false });
    expect(same).toMatchObject({ diffPixels: 0, totalPixels: 320 * 160, updated: false });

    await o.page.click('#go');
    const clicked = await o.page.screenshot();
    const changed = countDifferentPixels(PNG.sync.read(clicked), PNG.sync.read(first));
    expect(changed).toBeGreaterThan(50);
    // Allowed when the share is high enough, refused with the pictures to look at when not.
    expect(
      compareWithReference(clicked, reference, { maxDiffRatio: 0.5, update: false }).diffPixels,
    ).toBe(changed);
    const message = failure(() =>
      compareWithReference(clicked, reference, { maxDiffRatio: 0.001, update: false }),
    );
    expect(message).toMatch(/differs from .*same\.png in \d+ of 51200 pixels/);
    const paths = [...message.matchAll(/(\/\S+\.(?:actual|diff)\.png)/g)].map((m) => m[1]);
    expect(paths).toHaveLength(2);
    for (const path of paths) expect(existsSync(path ?? ''), path).toBe(true);
    expect(message).toContain('UPDATE_REFERENCE=1');
    forgetPictures(message);
  });

  it('fails on a missing reference or another size, saying how to make the reference', async () => {
    const o = await open(page(), { width: 200, height: 100 });
    const shot = await o.page.screenshot();
    const missing = join(scratch, 'nested', 'missing.png');
    const message = failure(() =>
      compareWithReference(shot, missing, { maxDiffRatio: 0, update: false }),
    );
    expect(message).toMatch(
      /No reference screenshot at .*missing\.png\. The actual one is at \/\S+actual\.png: .*UPDATE_REFERENCE=1/,
    );
    forgetPictures(message);
    expect(existsSync(missing)).toBe(false);

    const bigger = join(scratch, 'bigger.png');
    const wide = await (await open(page(), { width: 300, height: 100 })).page.screenshot();
    compareWithReference(wide, bigger, { maxDiffRatio: 0, update: true });
    const otherSize = failure(() =>
      compareWithReference(shot, bigger, { maxDiffRatio: 1, update: false }),
    );
    expect(otherSize).toMatch(
      /The screenshot is 200x100 but the reference .*bigger\.png is 300x100/,
    );
    forgetPictures(otherSize);
  });
});

describe('launchChromium', () => {
  it('says how to install Chromium when there is none', async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = join(scratch, 'no-chromium');
    try {
      await expect(launchChromium()).rejects.toThrow(
        /No Chromium at .*no-chromium\. .*apt-get install -y --no-install-recommends chromium fonts-dejavu-core/,
      );
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
