/**
 * The HTML report in a real browser (Debian's headless Chromium, offline):
 * it runs without an error (a script whose hash the CSP does not list would
 * be refused with one) and asks nothing of the network; the deciding
 * message is in the panel at first, a click or Enter on another arrow
 * shows that message; tools can parse the JSON in the page; print hides the
 * hints; a hostile trace stays text; and the page looks as its reference
 * screenshot does.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose/diagnose.js';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import { diagnosisJson } from '../../../src/core/render/diagnosis-card.js';
import { renderHtmlReport } from '../../../src/core/render/html-report.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import {
  fontsUsed,
  launchChromium,
  networkRequests,
  type OpenedPage,
  openHtml,
} from '../../support/browser.js';
import { compareWithReference } from '../../support/compare-screenshot.js';

const kb = realKnowledge();
const VIEWPORT = { width: 1200, height: 900 };
const REFERENCE = new URL('../../fixtures/pictures/report-tshark-V.png', import.meta.url).pathname;

function diagnosisOf(text: string, messageTexts = true) {
  return diagnose(parseText(text), kb, { messageTexts });
}

const tshark = readFileSync(new URL('../../fixtures/pastes/tshark-V.txt', import.meta.url), 'utf8');
/** A 486 Busy Here (message 3, arrow 2) after INVITE and 100 Trying, then the ACK. */
const busy = diagnosisOf(tshark);

let browser: Browser;
const opened: OpenedPage[] = [];

async function open(html: string): Promise<OpenedPage> {
  const o = await openHtml(browser, html, { viewport: VIEWPORT });
  opened.push(o);
  return o;
}

/** What the message panel shows. */
async function panel(page: Page) {
  return page.evaluate(() => {
    const text = document.getElementById('message-text');
    return {
      heading: document.getElementById('message-heading')?.textContent ?? null,
      text: text?.hidden ? null : (text?.textContent ?? null),
      note: document.getElementById('message-note')?.hidden === false,
      selected: [...document.querySelectorAll('svg.sip-ladder g.arrow.selected')].map((g) =>
        g.getAttribute('data-arrow'),
      ),
    };
  });
}

const arrow = (k: number): string => `svg.sip-ladder g.arrow[data-arrow="${k}"]`;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const o of opened) await o.close();
  await browser?.close();
});

describe('the HTML report in Chromium', () => {
  it('runs cleanly offline, shows the deciding message, and looks like its reference', async () => {
    const o = await open(renderHtmlReport(busy, { source: 'tshark-V.txt' }));
    // A CSP that did not allow the page's own script would show here as a refusal.
    expect(o.consoleErrors).toEqual([]);
    expect(o.requests).toEqual([o.url]);
    expect(networkRequests(o)).toEqual([]);
    expect(await panel(o.page)).toEqual({
      heading: '#3 486 Busy Here',
      text: expect.stringMatching(/^SIP\/2\.0 486 Busy Here\nVia: SIP\/2\.0\/UDP /),
      note: false,
      selected: ['2'],
    });
    expect(await o.page.getAttribute(arrow(2), 'aria-pressed')).toBe('true');
    expect(await fontsUsed(o.page, 'h1')).toEqual(['DejaVu Sans']);
    expect(await fontsUsed(o.page, '#message-text')).toEqual(['DejaVu Sans Mono']);

    const shot = await o.page.screenshot();
    compareWithReference(shot, REFERENCE, { maxDiffRatio: 0.01, threshold: 0.1 });
  });

  it('shows the message of an arrow clicked, and of one chosen with the keyboard', async () => {
    const o = await open(renderHtmlReport(busy));
    await o.page.click(arrow(0));
    const invite = await panel(o.page);
    expect(invite.heading).toBe('#1 INVITE');
    expect(invite.text).toMatch(/^INVITE sip:/);
    expect(invite.text).toBe(busy.ladder.texts?.[0]?.replace(/\r\n/g, '\n').replace(/\n+$/, ''));
    expect(invite.selected).toEqual(['0']);
    expect(await o.page.getAttribute(arrow(2), 'aria-pressed')).toBe('false');

    // Arrows are buttons in the tab order, named by their tooltips.
    expect(await o.page.getAttribute(arrow(3), 'role')).toBe('button');
    expect(await o.page.getAttribute(arrow(3), 'tabindex')).toBe('0');
    expect(await o.page.getAttribute(arrow(3), 'aria-label')).toBe('#4 ACK');
    await o.page.focus(arrow(3));
    await o.page.keyboard.press('Enter');
    expect(await panel(o.page)).toMatchObject({ heading: '#4 ACK', selected: ['3'] });
    await o.page.focus(arrow(1));
    await o.page.keyboard.press(' ');
    expect(await panel(o.page)).toMatchObject({ heading: '#2 100 Trying', selected: ['1'] });

    // A finding's evidence number leads back to its arrow.
    await o.page.click('a.msg[data-arrow="2"]');
    expect(await panel(o.page)).toMatchObject({ heading: '#3 486 Busy Here', selected: ['2'] });
    expect(o.consoleErrors).toEqual([]);
  });

  it('holds the JSON contract, parsed by the page itself', async () => {
    const o = await open(renderHtmlReport(busy));
    const inPage = await o.page.evaluate(() =>
      JSON.parse(document.getElementById('sip-triage-diagnosis')?.textContent ?? 'null'),
    );
    expect(inPage).toEqual(JSON.parse(JSON.stringify(diagnosisJson(busy))));
  });

  it('ticks checklist items in the page', async () => {
    const o = await open(renderHtmlReport(busy));
    await o.page.click('label[for="check-1"]');
    expect(await o.page.isChecked('#check-1')).toBe(true);
    expect(await o.page.isChecked('#check-2')).toBe(false);
  });

  it('says the texts were not kept when the diagnosis has none', async () => {
    const o = await open(renderHtmlReport(diagnosisOf(tshark, false)));
    expect(await panel(o.page)).toEqual({
      heading: '#3 486 Busy Here',
      text: null,
      note: true,
      selected: ['2'],
    });
    await o.page.click(arrow(0));
    expect(await panel(o.page)).toMatchObject({ heading: '#1 INVITE', text: null, note: true });
    expect(o.consoleErrors).toEqual([]);
  });

  it('prints without its hints, the ladder within the page width', async () => {
    const o = await open(renderHtmlReport(busy));
    expect(await o.page.isVisible('.panel-hint')).toBe(true);
    await o.page.emulateMedia({ media: 'print' });
    expect(await o.page.isVisible('.panel-hint')).toBe(false);
    expect(await o.page.isVisible('#message-text')).toBe(true);
    expect(await o.page.isVisible('#check-1')).toBe(true);
    const widths = await o.page.evaluate(() => ({
      ladder: document.querySelector('svg.sip-ladder')?.getBoundingClientRect().width ?? 0,
      page: document.querySelector('main')?.getBoundingClientRect().width ?? 0,
    }));
    expect(widths.ladder).toBeGreaterThan(0);
    expect(widths.ladder).toBeLessThanOrEqual(widths.page);
  });

  it('keeps a hostile trace as text: no dialog, no element or script of its own', async () => {
    const attack = '</script><script>alert(1)</script>"><img src=x onerror=alert(1)>';
    const hostile = [
      `INVITE sip:bob@198.51.100.20;x=${attack} SIP/2.0`,
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-hostile2',
      `From: "${attack} \u202egnp.exe" <sip:alice@example.com>;tag=h1`,
      'To: <sip:bob@example.com>',
      'Call-ID: hostile-2@192.0.2.10',
      'CSeq: 1 INVITE',
      `User-Agent: ${attack}`,
      'Content-Length: 0',
      '',
      `SIP/2.0 403 ${attack}<a href="javascript:alert(1)">x</a>`,
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-hostile2',
      'From: <sip:alice@example.com>;tag=h1',
      'To: <sip:bob@example.com>;tag=h2',
      'Call-ID: hostile-2@192.0.2.10',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const d = diagnosisOf(hostile);
    const o = await open(renderHtmlReport(d, { source: `${attack}.txt` }));
    const dialogs: string[] = [];
    o.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await o.page.click(arrow(0));
    await o.page.click(arrow(1));
    const counts = await o.page.evaluate(() => ({
      scripts: document.scripts.length,
      images: document.images.length,
      links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
      handlers: [...document.querySelectorAll('*')].filter((e) =>
        [...e.attributes].some((a) => a.name.startsWith('on')),
      ).length,
    }));
    expect(counts.scripts).toBe(3);
    expect(counts.images).toBe(0);
    expect(counts.handlers).toBe(0);
    expect(counts.links.every((href) => href === '#ladder')).toBe(true);
    expect(dialogs).toEqual([]);
    expect(o.consoleErrors).toEqual([]);
    expect((await panel(o.page)).text).toContain(`SIP/2.0 403 ${attack}`);
    expect(await o.page.textContent('h1')).toContain(attack);
  });
});
