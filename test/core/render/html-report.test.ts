/**
 * renderHtmlReport on diagnoses of real pastes: the page holds the JSON
 * contract and the message texts as inert JSON, loads nothing from anywhere,
 * names its own script and style in its Content-Security-Policy, keeps
 * hostile trace text as text, and comes out the same every time. What a
 * browser makes of it is html-report.browser.test.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose/diagnose.js';
import type { Diagnosis } from '../../../src/core/diagnose/types.js';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import { diagnosisJson } from '../../../src/core/render/diagnosis-card.js';
import {
  DIAGNOSIS_JSON_ID,
  htmlEscape,
  MESSAGES_JSON_ID,
  renderHtmlReport,
} from '../../../src/core/render/html-report.js';
import type { SipLimits } from '../../../src/core/sip/types.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const kb = realKnowledge();
const fixtures = new URL('../../fixtures/', import.meta.url);

function diagnosisOf(
  fixture: string,
  options: { texts?: boolean; limits?: Partial<SipLimits> } = {},
): Diagnosis {
  const text = readFileSync(new URL(fixture, fixtures), 'utf8');
  return diagnose(parseText(text, options.limits), kb, { messageTexts: options.texts ?? true });
}

interface ScriptElement {
  attributes: string;
  content: string;
}

function scripts(html: string): ScriptElement[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => ({
    attributes: m[1] ?? '',
    content: m[2] ?? '',
  }));
}

function jsonScript(html: string, id: string): unknown {
  const found = scripts(html).find((s) => s.attributes.includes(`id="${id}"`));
  expect(found?.attributes, id).toContain('type="application/json"');
  return JSON.parse(found?.content ?? 'null');
}

function csp(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  expect(m, 'a CSP meta tag').not.toBeNull();
  return m?.[1] ?? '';
}

const sha256 = (text: string): string =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const FIXTURES = [
  'pastes/raw.txt',
  'pastes/tshark-V.txt',
  'pastes-dialogs/cut-in-headers.txt',
  'pictures/b2bua-two-legs.txt',
];

const SCRIPT_ATTACK = '</script><script>alert(1)</script>';
const ATTRIBUTE_ATTACK = '"><img src=x onerror=alert(1)>';

/**
 * An INVITE whose Request-URI, From display name and User-Agent carry
 * markup, a NUL, a lone surrogate and a right-to-left override, answered
 * 403 with markup and a javascript: URL as its reason phrase.
 */
const HOSTILE = [
  `INVITE sip:bob@198.51.100.20;x=${ATTRIBUTE_ATTACK}javascript:alert(1) SIP/2.0`,
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-hostile1',
  'Max-Forwards: 70',
  `From: "${SCRIPT_ATTACK} \u202egnp.exe\u0000 \ud800" <sip:alice@example.com>;tag=h1`,
  'To: <sip:bob@example.com>',
  'Call-ID: hostile-1@192.0.2.10',
  'CSeq: 1 INVITE',
  `User-Agent: ${SCRIPT_ATTACK}${ATTRIBUTE_ATTACK} \u202e`,
  'Content-Length: 0',
  '',
  `SIP/2.0 403 ${SCRIPT_ATTACK}${ATTRIBUTE_ATTACK}<a href="javascript:alert(1)">x</a>`,
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-hostile1',
  'From: <sip:alice@example.com>;tag=h1',
  'To: <sip:bob@example.com>;tag=h2',
  'Call-ID: hostile-1@192.0.2.10',
  'CSeq: 1 INVITE',
  `Server: ${ATTRIBUTE_ATTACK}`,
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('renderHtmlReport', () => {
  it.each(FIXTURES)('embeds diagnosisJson exactly (%s)', (fixture) => {
    const d = diagnosisOf(fixture);
    const html = renderHtmlReport(d);
    expect(jsonScript(html, DIAGNOSIS_JSON_ID)).toEqual(
      JSON.parse(JSON.stringify(diagnosisJson(d))),
    );
  });

  it.each(FIXTURES)('embeds the text of every arrow for the message panel (%s)', (fixture) => {
    const d = diagnosisOf(fixture);
    const data = jsonScript(renderHtmlReport(d), MESSAGES_JSON_ID) as {
      kept: boolean;
      arrows: { heading: string; route: string; text?: string }[];
    };
    expect(data.kept).toBe(true);
    expect(data.arrows).toHaveLength(d.ladder.arrows.length);
    data.arrows.forEach((entry, k) => {
      const arrow = d.ladder.arrows[k];
      expect(entry.heading.startsWith(`#${(arrow?.message ?? -2) + 1} ${arrow?.label}`)).toBe(true);
      expect(entry.text).toBe(d.ladder.texts?.[k]?.replace(/\r\n/g, '\n').replace(/\n+$/, ''));
    });
  });

  it('says the message texts were not kept when the diagnosis has none', () => {
    const d = diagnosisOf('pastes/tshark-V.txt', { texts: false });
    expect(d.ladder.texts).toBeUndefined();
    const html = renderHtmlReport(d);
    const data = jsonScript(html, MESSAGES_JSON_ID) as { kept: boolean; arrows: object[] };
    expect(data.kept).toBe(false);
    expect(data.arrows.every((a) => !('text' in a))).toBe(true);
    expect(html).toMatch(/<p class="note" id="message-note">The message texts were not kept/);
    expect(html).toContain('<pre id="message-text" hidden></pre>');
  });

  it('lays out header, findings, ladder, what to paste next, checklist, then the JSON', () => {
    const d = diagnosisOf('pastes/tshark-V.txt');
    const html = renderHtmlReport(d, { source: 'tshark-V.txt' });
    const order = [
      '<h1>',
      'id="findings"',
      'id="ladder"',
      'id="missing-evidence"',
      'id="checklist"',
      `id="${DIAGNOSIS_JSON_ID}"`,
    ].map((marker) => html.indexOf(marker));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain(`<h1>${htmlEscape(d.verdict.headline)}</h1>`);
    expect(html).toContain('<dt>File</dt><dd>tshark-V.txt</dd>');
    expect(html).toContain('<dt>Response</dt><dd>486 Busy Here</dd>');
    expect(html).toContain(`<dt>Messages</dt><dd>${d.messageCount}</dd>`);
    expect(html).not.toContain('class="damage"');
    // The ladder is the SVG of ladder-svg.ts, inlined; the decisive message is in the panel.
    expect(html).toMatch(/<svg [^>]*class="sip-ladder"/);
    expect(html).toContain('<h3 id="message-heading">#3 486 Busy Here</h3>');
    expect(html).toMatch(/<pre id="message-text">SIP\/2\.0 486 Busy Here\nVia: /);
    // Each checklist item is a checkbox; code spans come out as <code>.
    expect(html.match(/<input type="checkbox"/g)).toHaveLength(d.checklist.length);
    expect(html).toContain('<code>pjsip show channels</code>');
  });

  it('links each finding evidence to its arrow in the ladder', () => {
    const d = diagnosisOf('pictures/b2bua-two-legs.txt');
    const html = renderHtmlReport(d);
    const links = [
      ...html.matchAll(/<a class="msg" href="#ladder" data-arrow="(\d+)"[^>]*>#(\d+)</g),
    ];
    expect(links.length).toBeGreaterThanOrEqual(
      d.findings.reduce((n, f) => n + f.evidence.length, 0),
    );
    for (const [, k, n] of links) {
      expect(d.ladder.arrows[Number(k)]?.message).toBe(Number(n) - 1);
      expect(html).toContain(`data-arrow="${k}" data-message="${n}"`);
    }
  });

  it('says first, before the headline, that a damaged input may lack what is found missing', () => {
    const d = diagnosisOf('pastes-dialogs/cut-in-headers.txt', { limits: { maxMessages: 2 } });
    expect(d.inputDamage.length).toBeGreaterThan(0);
    const html = renderHtmlReport(d);
    const box = html.indexOf('class="damage"');
    expect(box).toBeGreaterThan(0);
    expect(box).toBeLessThan(html.indexOf('<h1>'));
    for (const damage of d.inputDamage) expect(html).toContain(htmlEscape(damage.message));
    expect(html).toContain('may only be missing from the file');
  });

  it.each(FIXTURES)('loads nothing from outside the page (%s)', (fixture) => {
    const html = renderHtmlReport(diagnosisOf(fixture), { source: 'x.txt' });
    // Every URL an attribute holds stays inside the page.
    for (const m of html.matchAll(/\s(?:src|href|srcset|action|poster|xlink:href)="([^"]*)"/gi))
      expect(m[1], m[0]).toMatch(/^(#|data:)/);
    expect(html).not.toMatch(/url\(|@import/i);
    // The SVG namespace is a name, not a resource; nothing else names a scheme.
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(
      /https?:|wss?:|\/\//i,
    );
    expect(html).not.toMatch(
      /<(link|img|iframe|object|embed|audio|video|source|base)\b(?! rel="icon" href="data:,")/i,
    );
  });

  it('allows its own inline script and style only, by their hashes, and no network', () => {
    const html = renderHtmlReport(diagnosisOf('pastes/tshark-V.txt'));
    const policy = csp(html);
    expect(policy).toMatch(/(^|; )default-src 'none'(;|$)/);
    const page = scripts(html).filter((s) => !s.attributes.includes('application/json'));
    expect(page).toHaveLength(1);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(policy).toContain(`script-src ${sha256(page[0]?.content ?? '')}`);
    expect(policy).toContain(`style-src ${sha256(style)}`);
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toMatch(/connect-src|https?:|\*/);
    // The CSP comes before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  describe('on a hostile trace', () => {
    const d = diagnose(parseText(HOSTILE), kb, { messageTexts: true });
    const source = `</title><script>alert(2)</script>\u202etxt.exe`;
    const html = renderHtmlReport(d, { source });

    it('is the trace the test means', () => {
      expect(d.verdict.code).toBe(403);
      expect(d.verdict.reason).toContain(SCRIPT_ATTACK);
      expect(d.ladder.texts?.[0]).toContain('\u0000');
      expect(d.ladder.texts?.join('')).toContain(SCRIPT_ATTACK);
    });

    it('has no script, element or handler but its own', () => {
      const all = scripts(html);
      expect(all.map((s) => s.attributes.trim())).toEqual([
        `type="application/json" id="${DIAGNOSIS_JSON_ID}"`,
        `type="application/json" id="${MESSAGES_JSON_ID}"`,
        '',
      ]);
      expect(html.match(/<script/gi)).toHaveLength(3);
      expect(html.match(/<\/script/gi)).toHaveLength(3);
      expect(html).not.toMatch(/<(img|a\s+href="javascript)/i);
      // No tag carries an event handler; "onerror=" only as escaped text.
      expect(html).not.toMatch(/<[a-z][^<>]*\son[a-z]+\s*=/i);
      expect(html).not.toMatch(/href="javascript:/i);
      for (const s of all) expect(s.content).not.toMatch(/<\/?script|<!--/i);
    });

    it('shows the hostile text escaped', () => {
      expect(html).toContain(htmlEscape(SCRIPT_ATTACK));
      expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain('<dt>File</dt><dd>&lt;/title&gt;&lt;script&gt;alert(2)');
      expect(html).toContain(`<title>sip-triage: ${htmlEscape(d.verdict.headline)}</title>`);
    });

    it('keeps NULs, lone surrogates and bidi overrides out of what it shows', () => {
      expect(html).not.toContain('\u0000');
      expect(html).not.toMatch(
        /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
      );
      // The SVG is ladder-svg.ts's own; everything around it names a bidi control instead.
      const outsideSvg = html.replace(/<svg[\s\S]*<\/svg>/, '');
      expect(outsideSvg).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
      expect(outsideSvg).toContain('[U+202E]txt.exe');
      const data = jsonScript(html, MESSAGES_JSON_ID) as { arrows: { text: string }[] };
      expect(data.arrows[0]?.text).toContain('[U+202E]gnp.exe\ufffd \ufffd"');
    });

    it('still embeds the diagnosis exactly', () => {
      expect(jsonScript(html, DIAGNOSIS_JSON_ID)).toEqual(
        JSON.parse(JSON.stringify(diagnosisJson(d))),
      );
    });
  });

  it('gives the same page for the same diagnosis', () => {
    const a = renderHtmlReport(diagnosisOf('pictures/b2bua-two-legs.txt'), { source: 'a.txt' });
    const b = renderHtmlReport(diagnosisOf('pictures/b2bua-two-legs.txt'), { source: 'a.txt' });
    expect(b).toBe(a);
  });
});
