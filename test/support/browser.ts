/**
 * Debian's Chromium, driven by playwright-core, for tests of what a person
 * sees in a browser (the HTML report). Playwright's own browser builds are
 * never downloaded: the machines reach no host for them. CI installs the
 * Debian package (.ci/run); elsewhere, install it as the error below says.
 *
 * A page is written to a temporary file and opened from its file: URL, as a
 * person opens a saved report, in a context with the network off: every
 * request and every console error or uncaught exception is recorded, so a
 * test can assert the page needs nothing from outside and runs cleanly.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where Debian's package puts the browser; CHROMIUM_PATH overrides it. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const INSTALL_HINT =
  "Install Debian's Chromium and the fonts the pictures use: `apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core` (as .ci/run does), or set CHROMIUM_PATH to a Chromium binary. Never `npx playwright install`: its download host is unreachable here.";

/**
 * Starts a headless Chromium; close it in afterAll. Throws, with how to
 * install it, when the browser is missing: browser tests fail rather than
 * skip, so a machine without it cannot pass CI by leaving them out.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  if (!existsSync(executablePath))
    throw new Error(`No Chromium at ${executablePath}. ${INSTALL_HINT}`);
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        // Without these Chromium keeps reaching for Google's services, and on
        // this closed network that is a stream of refused connections.
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    throw new Error(
      `Chromium at ${executablePath} did not start: ${error instanceof Error ? error.message : String(error)}\n${INSTALL_HINT}`,
      { cause: error },
    );
  }
}

export interface OpenHtmlOptions {
  /** CSS pixels; default 800 x 600. Screenshots are this size at device scale factor 1. */
  viewport?: { width: number; height: number };
}

export interface OpenedPage {
  page: Page;
  /** The page's file: URL. */
  url: string;
  /** Console messages of type error, and uncaught exceptions as `pageerror: <message>`, in order. */
  consoleErrors: string[];
  /** The URL of every request the page made, the page itself included, in order. */
  requests: string[];
  /** Closes the page's context and deletes its file. */
  close(): Promise<void>;
}

/** A URL that does not leave the machine: the page's own file, inline data, or nothing. */
export function isLocalUrl(url: string): boolean {
  return /^(file|data|about|blob):/.test(url);
}

/** The recorded requests that would have gone to the network (a test expects none). */
export function networkRequests(opened: Pick<OpenedPage, 'requests'>): string[] {
  return opened.requests.filter((url) => !isLocalUrl(url));
}

/**
 * Opens `html` from a temporary file, offline, in a fresh context (no
 * cookies or storage shared with another page). Requests for http(s) and
 * ws(s) are recorded and aborted, so nothing reaches a network whatever the
 * page asks for. Resolves once the page has loaded.
 */
export async function openHtml(
  browser: Browser,
  html: string,
  options: OpenHtmlOptions = {},
): Promise<OpenedPage> {
  const dir = mkdtempSync(join(tmpdir(), 'sip-triage-page-'));
  const file = join(dir, 'page.html');
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 800, height: 600 },
    deviceScaleFactor: 1,
    offline: true,
    javaScriptEnabled: true,
  });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await context.route(/^(https?|wss?):/, (route) => route.abort('blockedbyclient'));
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    page.on('websocket', (socket) => requests.push(socket.url()));
    await page.goto(url, { waitUntil: 'load' });
    return { page, url, consoleErrors, requests, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The fonts Chromium really drew `selector`'s text with (family names, most
 * used first), from the DevTools protocol: a missing font falls back
 * silently, and a screenshot alone does not say which font it was.
 */
export async function fontsUsed(page: Page, selector: string): Promise<string[]> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('DOM.enable');
    await session.send('CSS.enable');
    const { root } = await session.send('DOM.getDocument');
    const { nodeId } = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (nodeId === 0) throw new Error(`fontsUsed: nothing matches ${selector}`);
    const { fonts } = await session.send('CSS.getPlatformFontsForNode', { nodeId });
    return [...fonts].sort((a, b) => b.glyphCount - a.glyphCount).map((font) => font.familyName);
  } finally {
    await session.detach();
  }
}
