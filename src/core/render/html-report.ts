/**
 * The diagnosis as one self-contained HTML page, for an on-call engineer to
 * open offline or attach to a ticket: the verdict, the findings with their
 * evidence, the ladder (click an arrow to read its message beside it), what
 * to paste next, the checklist, and the JSON contract for tools.
 *
 * The page loads nothing: its style and script are inline, and a
 * Content-Security-Policy allows only those two (by their hashes) and no
 * network at all. Trace text is hostile until shown otherwise, so every
 * piece of it is escaped for HTML, bidirectional controls are shown as
 * "[U+202E]" instead of reordering what follows, and data reaches the
 * script only as JSON in inert script elements it parses, never as script
 * source. The output depends on the diagnosis alone (no clock), so the same
 * input gives the same bytes.
 */
import { createHash } from 'node:crypto';
import type { Diagnosis, Finding, Ladder, LadderArrow } from '../diagnose/types.js';
import { diagnosisJson, messageNumber } from './diagnosis-card.js';
import { MONO, renderLadderSvg, SANS, xmlEscape } from './ladder-svg.js';

export interface HtmlReportOptions {
  /** The name of the file the trace came from, shown in the header. */
  source?: string;
}

/** Arrows drawn before the ladder leaves out its middle: a page scrolls where a chat preview cannot. */
const REPORT_MAX_ARROWS = 400;

/** Id of the script element holding `diagnosisJson`, the contract tools read. */
export const DIAGNOSIS_JSON_ID = 'sip-triage-diagnosis';
/** Id of the script element holding the message panel's texts. */
export const MESSAGES_JSON_ID = 'sip-triage-messages';

/** Bidirectional formatting characters: in trace text they would reorder what follows them. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** What no page shows as text: C0 controls but tab and line feed, lone surrogates, non-characters. */
const NOT_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  /[\u0000-\u0008\u000b-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Trace text as it is shown: line ends as line feeds, bidirectional
 * controls named ("[U+202E]"), other controls and lone surrogates as U+FFFD.
 */
function shown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(
      BIDI_CONTROLS,
      (c) => `[U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`,
    )
    .replace(NOT_TEXT, '\ufffd');
}

/** `text` safe as HTML text or inside a quoted attribute, shown as shown() says. */
export function htmlEscape(text: string): string {
  return xmlEscape(shown(text));
}

/** Text with `code` spans (the knowledge base's only mark) as <code>, the rest escaped. */
function withCode(text: string): string {
  const parts = text.split('`');
  // An odd count of backticks is not a code span: show them as written.
  if (parts.length % 2 === 0) return htmlEscape(text);
  return parts
    .map((p, i) => (i % 2 === 1 ? `<code>${htmlEscape(p)}</code>` : htmlEscape(p)))
    .join('');
}

/**
 * `value` as JSON that can sit inside a script element: `<`, `>` and `&`
 * cannot close it or start a comment, U+2028/U+2029 are escaped for older
 * parsers that treat them as line ends, and bidirectional controls so that
 * the page's source reads in order in an editor.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --soft: #f5f7f9; --accent: #1565c0; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { background: #ffffff; }
body { margin: 0; background: #ffffff; color: var(--ink); font: 15px/1.5 ${SANS}; }
.page { max-width: 1200px; margin: 0 auto; padding: 28px 28px 48px; }
h1 { font-size: 22px; line-height: 1.3; margin: 2px 0 18px; overflow-wrap: anywhere; }
h2 { font-size: 17px; margin: 34px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); break-after: avoid; }
h3 { font-size: 15px; margin: 0; overflow-wrap: anywhere; }
code, pre, .mono { font-family: ${MONO}; }
code { font-size: 0.88em; background: #eef1f4; border-radius: 3px; padding: 0 4px; overflow-wrap: anywhere; }
.eyebrow { margin: 0; font-size: 12px; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 10px 28px; margin: 0; }
.facts div { min-width: 0; }
.facts dt { font-size: 12px; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.outcome { display: inline-block; padding: 0 9px; border-radius: 10px; font-size: 13px; font-weight: bold; background: #eceff1; color: #37474f; }
.outcome-failed { background: #fdecea; color: #b71c1c; }
.outcome-succeeded { background: #e8f5e9; color: #1b5e20; }
.outcome-no-response { background: #fff3e0; color: #bf360c; }
.damage { margin: 0 0 22px; padding: 12px 16px; border: 1px solid #f0c36d; border-left: 6px solid #e0a800; border-radius: 4px; background: #fff8e1; break-inside: avoid; }
.damage-title { margin: 0 0 6px; font-size: 16px; font-weight: bold; }
.damage ul { margin: 0 0 6px; padding-left: 20px; }
.damage p:last-child { margin: 0; }
.finding { margin: 0 0 12px; padding: 14px 16px; border: 1px solid var(--line); border-left: 5px solid #1565c0; border-radius: 6px; break-inside: avoid; }
.finding.severity-error { border-left-color: #c62828; }
.finding.severity-warning { border-left-color: #ef6c00; }
.finding-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; }
.meta { margin: 2px 0 8px; font-size: 13px; color: var(--muted); }
.severity { font-weight: bold; text-transform: uppercase; font-size: 12px; letter-spacing: 0.05em; }
.severity-error .severity { color: #c62828; }
.severity-warning .severity { color: #e65100; }
.severity-info .severity { color: #1565c0; }
.finding p { margin: 0 0 8px; overflow-wrap: anywhere; }
.evidence { width: 100%; border-collapse: collapse; font-family: ${MONO}; font-size: 12.5px; background: var(--soft); border-radius: 4px; }
.evidence td { padding: 4px 8px; vertical-align: top; border-top: 1px solid #e3e7ec; }
.evidence tr:first-child td { border-top: 0; }
.evidence .num { white-space: nowrap; width: 1%; }
.evidence .hdr { white-space: nowrap; width: 1%; color: var(--muted); }
.evidence .line { white-space: pre-wrap; overflow-wrap: anywhere; }
a.msg { color: var(--accent); font-weight: bold; text-decoration: none; }
a.msg:hover, a.msg:focus-visible { text-decoration: underline; }
.hint { margin: 0 0 10px; font-size: 13px; color: var(--muted); }
.ladder-figure { width: fit-content; max-width: 100%; margin: 0; overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
.ladder-figure svg { display: block; height: auto; }
.sip-ladder g.arrow { cursor: pointer; outline: none; }
.sip-ladder g.arrow:hover rect.hit { fill: #eef4fb; fill-opacity: 1; }
.sip-ladder g.arrow.decisive:hover rect.hit { fill: #ffe9a6; }
.sip-ladder g.arrow.selected rect.hit { fill: #e3eefb; fill-opacity: 1; stroke: #1565c0; stroke-width: 2; }
.sip-ladder g.arrow.decisive.selected rect.hit { fill: #fff1c2; }
.sip-ladder g.arrow:focus-visible rect.hit { stroke: #1565c0; stroke-width: 2; stroke-dasharray: 4 3; }
.message-panel { min-width: 0; margin-top: 16px; padding: 12px 16px 16px; border: 1px solid var(--line); border-radius: 6px; background: #ffffff; }
.panel-hint { margin: 0 0 8px; font-size: 13px; color: var(--muted); }
.message-panel h3 { font-family: ${MONO}; font-size: 14px; }
.route { margin: 2px 0 0; font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
.message-panel pre { margin: 10px 0 0; padding: 10px 12px; background: var(--soft); border-radius: 4px; font-size: 12px; line-height: 1.45; white-space: pre-wrap; word-break: break-all; }
.note { margin: 10px 0 0; color: var(--muted); }
.empty { color: var(--muted); }
ul.plain { margin: 0; padding-left: 20px; }
ul.plain li { margin: 4px 0; overflow-wrap: anywhere; }
.checklist { list-style: none; margin: 0; padding: 0; }
.checklist li { display: flex; align-items: flex-start; gap: 10px; padding: 7px 0; border-bottom: 1px solid #eef0f3; break-inside: avoid; }
.checklist input { flex: none; width: 16px; height: 16px; margin: 3px 0 0; accent-color: var(--accent); }
.checklist label { overflow-wrap: anywhere; }
.checklist input:checked + label { color: var(--muted); }
footer { margin-top: 40px; padding-top: 12px; border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
@media screen and (min-width: 900px) {
  .ladder-layout { display: grid; grid-template-columns: minmax(0, max-content) minmax(360px, 1fr); gap: 20px; align-items: start; }
  .ladder-figure { width: auto; overflow: hidden; }
  .ladder-figure svg { max-width: 100%; }
  .message-panel { margin-top: 0; position: sticky; top: 16px; max-height: calc(100vh - 32px); overflow: auto; }
}
@media (max-width: 700px) {
  .page { padding: 16px 14px 32px; }
  h1 { font-size: 19px; }
}
@media print {
  @page { margin: 14mm; }
  body { font-size: 10.5pt; }
  .page { max-width: none; padding: 0; }
  .hint, .panel-hint { display: none !important; }
  .ladder-figure { width: auto; overflow: visible; border: 0; }
  .ladder-figure svg { max-width: 100%; }
  .message-panel { margin-top: 12px; break-inside: avoid; }
  .finding, .damage, .checklist li { break-inside: avoid; }
  code, .evidence, .message-panel pre { background: #ffffff; }
  .message-panel pre, .evidence { border: 1px solid #cfd5dc; }
  a.msg { color: inherit; }
  .checklist input { appearance: none; -webkit-appearance: none; width: 12px; height: 12px; border: 1px solid #000000; border-radius: 2px; background: #ffffff; }
  .checklist input:checked { background: #555555; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

/*
 * The page's only script. It reads its data from the JSON script elements
 * and writes it with textContent, so nothing in a trace is ever parsed as
 * HTML or script. ASCII only: its hash is taken over these exact bytes.
 */
const SCRIPT = `
(function () {
  'use strict';
  var source = document.getElementById('${MESSAGES_JSON_ID}');
  var data = JSON.parse((source && source.textContent) || '{}');
  var entries = Array.isArray(data.arrows) ? data.arrows : [];
  var heading = document.getElementById('message-heading');
  var route = document.getElementById('message-route');
  var text = document.getElementById('message-text');
  var note = document.getElementById('message-note');
  var arrows = Array.prototype.slice.call(document.querySelectorAll('svg.sip-ladder g.arrow'));
  var current = null;
  function arrowFor(k) {
    for (var i = 0; i < arrows.length; i++) if (arrows[i].getAttribute('data-arrow') === k) return arrows[i];
    return null;
  }
  function select(g) {
    var entry = entries[Number(g.getAttribute('data-arrow'))] || {};
    if (current) {
      current.classList.remove('selected');
      current.setAttribute('aria-pressed', 'false');
    }
    current = g;
    g.classList.add('selected');
    g.setAttribute('aria-pressed', 'true');
    heading.textContent = typeof entry.heading === 'string' ? entry.heading : '#' + g.getAttribute('data-message');
    route.textContent = typeof entry.route === 'string' ? entry.route : '';
    route.hidden = route.textContent === '';
    if (typeof entry.text === 'string') {
      text.textContent = entry.text;
      text.hidden = false;
      note.hidden = true;
    } else {
      text.textContent = '';
      text.hidden = true;
      note.hidden = false;
    }
  }
  arrows.forEach(function (g) {
    var title = g.querySelector('title');
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-pressed', 'false');
    if (title) g.setAttribute('aria-label', title.textContent);
    g.addEventListener('click', function () { select(g); });
    g.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        select(g);
      }
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('a.msg[data-arrow]'), function (link) {
    link.addEventListener('click', function (event) {
      var g = arrowFor(link.getAttribute('data-arrow'));
      if (!g) return;
      event.preventDefault();
      select(g);
      g.scrollIntoView({ block: 'center' });
      g.focus({ preventScroll: true });
    });
  });
  for (var i = 0; i < arrows.length; i++) {
    if (arrows[i].classList.contains('decisive')) {
      select(arrows[i]);
      break;
    }
  }
})();
`;

const CSP = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const DAMAGE_NOTE =
  'What this report finds missing (a response, an ACK, credentials) may only be missing from the file: take a complete capture before acting on it.';

/** One arrow's entry in the message panel. */
interface PanelEntry {
  heading: string;
  route: string;
  /** The message as it was redacted; absent when the diagnosis kept no texts. */
  text?: string;
}

/** An arrow drawn on the SVG (a long ladder leaves its middle out). */
interface DrawnArrow {
  index: number;
  decisive: boolean;
}

/** The arrows the SVG draws, read from its data-arrow attributes. */
function drawnArrows(svg: string): DrawnArrow[] {
  const out: DrawnArrow[] = [];
  for (const m of svg.matchAll(/<g class="(arrow(?: [^"]*)?)" data-arrow="(\d+)"/g))
    out.push({ index: Number(m[2]), decisive: (m[1] ?? '').split(' ').includes('decisive') });
  return out;
}

/** "10:00:00.131 UTC": the clock time of a capture time in microseconds. */
function clock(micros: number | undefined): string {
  if (micros === undefined) return '';
  const d = new Date(Math.floor(micros / 1000));
  return Number.isNaN(d.getTime()) ? '' : `${d.toISOString().slice(11, 23)} UTC`;
}

function panelEntry(ladder: Ladder, arrow: LadderArrow, k: number): PanelEntry {
  const copies = arrow.count > 1 ? ` (sent ${arrow.count} times)` : '';
  const from = ladder.columns[arrow.from]?.name ?? '?';
  const to = ladder.columns[arrow.to]?.name ?? '?';
  const time = clock(arrow.time);
  const text = ladder.texts?.[k];
  return {
    heading: shown(`#${messageNumber(arrow.message)} ${arrow.label}${copies}`),
    route: shown(`${time === '' ? '' : `${time} · `}${from} → ${to}`),
    // Its final blank line (the end of the headers, or of the body) would only add space.
    ...(text !== undefined ? { text: shown(text).replace(/\n+$/, '') } : {}),
  };
}

function jsonScript(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${scriptJson(value)}</script>`;
}

function fact(label: string, valueHtml: string): string {
  return `<div><dt>${label}</dt><dd>${valueHtml}</dd></div>`;
}

function header(d: Diagnosis, source: string | undefined): string {
  const v = d.verdict;
  const damage =
    d.inputDamage.length === 0
      ? ''
      : // Before the page's h1, so a paragraph rather than a heading.
        '<aside class="damage" aria-labelledby="damage-title"><p class="damage-title" id="damage-title">The input is damaged</p>' +
        `<ul>${d.inputDamage.map((x) => `<li>${htmlEscape(x.message)}</li>`).join('')}</ul>` +
        `<p>${htmlEscape(DAMAGE_NOTE)}</p></aside>`;
  const facts = [
    fact(
      'Outcome',
      `<span class="outcome outcome-${htmlEscape(v.outcome)}">${htmlEscape(v.outcome)}</span>`,
    ),
    ...(v.code !== null
      ? [fact('Response', htmlEscape(`${v.code} ${v.reason ?? ''}`.trim()))]
      : []),
    ...(v.sentBy !== null ? [fact('Sent by', htmlEscape(v.sentBy))] : []),
    ...(v.callId !== null ? [fact('Call-ID', `<code>${htmlEscape(v.callId)}</code>`)] : []),
    fact('Messages', String(d.messageCount)),
    fact('Redacted values', String(d.redactions)),
    ...(source !== undefined && source !== '' ? [fact('File', htmlEscape(source))] : []),
  ];
  return (
    `<header>${damage}<p class="eyebrow">SIP trace diagnosis</p>` +
    `<h1>${htmlEscape(v.headline)}</h1><dl class="facts">${facts.join('')}</dl></header>`
  );
}

function findingHtml(f: Finding, n: number, arrowOfMessage: ReadonlyMap<number, number>): string {
  const evidence = f.evidence.map((e) => {
    const number = messageNumber(e.message);
    const k = arrowOfMessage.get(number);
    const link =
      k === undefined
        ? `<span class="msg" title="Not drawn in the ladder">#${number}</span>`
        : `<a class="msg" href="#ladder" data-arrow="${k}" title="Show message #${number} in the ladder">#${number}</a>`;
    return (
      `<tr><td class="num">${link}</td><td class="hdr">${e.header === undefined ? '' : htmlEscape(e.header)}</td>` +
      `<td class="line">${htmlEscape(e.text)}</td></tr>`
    );
  });
  const severity = htmlEscape(f.severity);
  return (
    `<article class="finding severity-${severity}" id="finding-${n}">` +
    `<div class="finding-head"><h3>${htmlEscape(f.title)}</h3><span class="severity">${severity}</span></div>` +
    `<p class="meta"><code>${htmlEscape(f.id)}</code> · confidence ${Math.round(f.confidence * 100)}%</p>` +
    `<p>${htmlEscape(f.explanation)}</p>` +
    (evidence.length > 0
      ? `<table class="evidence"><tbody>${evidence.join('')}</tbody></table>`
      : '') +
    '</article>'
  );
}

function findingsSection(d: Diagnosis, arrowOfMessage: ReadonlyMap<number, number>): string {
  const body =
    d.findings.length === 0
      ? '<p class="empty">No findings: the rules found nothing to report in this trace.</p>'
      : d.findings.map((f, i) => findingHtml(f, i + 1, arrowOfMessage)).join('');
  return `<section id="findings" aria-labelledby="findings-heading"><h2 id="findings-heading">Findings</h2>${body}</section>`;
}

function ladderSection(
  d: Diagnosis,
  svg: string,
  drawn: readonly DrawnArrow[],
  entries: readonly PanelEntry[],
): string {
  const first = drawn.find((a) => a.decisive);
  const entry = first === undefined ? undefined : entries[first.index];
  const hint =
    drawn.length === 0
      ? 'The trace has no message to show.'
      : 'Click an arrow (or focus it and press Enter) to show its message here.';
  const panel =
    '<aside class="message-panel" id="message-panel" aria-live="polite" aria-labelledby="message-heading">' +
    `<p class="panel-hint">${hint}</p>` +
    `<h3 id="message-heading">${entry === undefined ? 'No message selected' : htmlEscape(entry.heading)}</h3>` +
    `<p class="route" id="message-route"${entry === undefined ? ' hidden' : ''}>${entry === undefined ? '' : htmlEscape(entry.route)}</p>` +
    `<pre id="message-text"${entry?.text === undefined ? ' hidden' : ''}>${entry?.text === undefined ? '' : htmlEscape(entry.text)}</pre>` +
    `<p class="note" id="message-note"${d.ladder.texts !== undefined ? ' hidden' : ''}>The message texts were not kept for this report: the ladder shows who sent what, not the messages themselves.</p>` +
    '</aside>';
  return (
    '<section id="ladder" aria-labelledby="ladder-heading"><h2 id="ladder-heading">Ladder</h2>' +
    `<div class="ladder-layout"><figure class="ladder-figure" aria-label="Ladder diagram of the deciding call">${svg}</figure>${panel}</div>` +
    '</section>'
  );
}

function missingSection(d: Diagnosis): string {
  const body =
    d.missingEvidence.length === 0
      ? '<p class="empty">Nothing: the trace holds what this verdict needs.</p>'
      : `<ul class="plain">${d.missingEvidence.map((m) => `<li>${withCode(m)}</li>`).join('')}</ul>`;
  return `<section id="missing-evidence" aria-labelledby="missing-heading"><h2 id="missing-heading">To be sure, paste next</h2>${body}</section>`;
}

function checklistSection(d: Diagnosis): string {
  const body =
    d.checklist.length === 0
      ? '<p class="empty">No checklist for this verdict.</p>'
      : `<ul class="checklist">${d.checklist
          .map(
            (item, i) =>
              `<li><input type="checkbox" id="check-${i + 1}"><label for="check-${i + 1}">${withCode(item)}</label></li>`,
          )
          .join('')}</ul>`;
  return `<section id="checklist" aria-labelledby="checklist-heading"><h2 id="checklist-heading">Checklist</h2>${body}</section>`;
}

/**
 * The diagnosis as one self-contained HTML page (no network, inline style
 * and script only); the same diagnosis and options give the same string.
 */
export function renderHtmlReport(d: Diagnosis, options: HtmlReportOptions = {}): string {
  const svg = renderLadderSvg(d.ladder, { maxArrows: REPORT_MAX_ARROWS });
  const drawn = drawnArrows(svg);
  const arrowOfMessage = new Map<number, number>();
  for (const a of drawn) {
    const arrow = d.ladder.arrows[a.index];
    if (arrow !== undefined) arrowOfMessage.set(messageNumber(arrow.message), a.index);
  }
  const entries = d.ladder.arrows.map((a, k) => panelEntry(d.ladder, a, k));
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="color-scheme" content="light">',
    '<link rel="icon" href="data:,">',
    `<title>${htmlEscape(`sip-triage: ${d.verdict.headline}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<div class="page">',
    header(d, options.source),
    '<main>',
    findingsSection(d, arrowOfMessage),
    ladderSection(d, svg, drawn, entries),
    missingSection(d),
    checklistSection(d),
    '</main>',
    '<footer>Made by sip-triage. Secrets (digest responses, passwords, keys, tokens) are cut from this report, messages included; phone numbers and addresses are replaced by pseudonyms where the diagnosis was asked to hide them (always in chat). ' +
      `For tools: the diagnosis is in this file as JSON, in the script element with id "${DIAGNOSIS_JSON_ID}".</footer>`,
    '</div>',
    jsonScript(DIAGNOSIS_JSON_ID, diagnosisJson(d)),
    jsonScript(MESSAGES_JSON_ID, { kept: d.ladder.texts !== undefined, arrows: entries }),
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
