/**
 * renderLadderSvg: the SVG ladder, drawn from hand-built ladders and from
 * the traces in test/fixtures/pictures/ (real parser, real diagnose), and
 * read back with an XML parser that fails the test on any well-formedness
 * error. Geometry is checked from the parsed document: where each column's
 * box is, where each arrow's head points, what colour each class has.
 */
import { readFileSync } from 'node:fs';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { cutAtWord } from '../../../src/core/diagnose/build-ladder.js';
import { diagnose } from '../../../src/core/diagnose/diagnose.js';
import type { Diagnosis, Ladder, LadderArrow } from '../../../src/core/diagnose/types.js';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import {
  CLASS_COLOURS,
  LABEL_SIZE,
  MAX_ARROWS,
  PREFERRED_WIDTH,
  renderLadderSvg,
  textWidth,
} from '../../../src/core/render/ladder-svg.js';
import { DIGEST_RESPONSE, FIXTURES } from '../../fixtures/pictures/make-fixtures.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const FIXTURE_DIR = new URL('../../fixtures/pictures/', import.meta.url);
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0) * 1000;
/** How much wider bold type is than textWidth's regular estimate (DejaVu Sans Bold: 5-10 %). */
const BOLD = 1.1;
/** Characters XML 1.0 allows (the Char production); anything else makes the document ill-formed. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

// ---------------------------------------------------------------------------
// Reading the SVG back

/** The SVG parsed as XML; any warning or error of the parser fails the test. */
function parse(svg: string): Document {
  expect(svg).not.toMatch(NOT_XML_CHAR);
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      // U+FFFD is a legal character: xmldom only wonders whether the source was decoded right.
      if (level === 'warning' && /replacement character/i.test(message)) return;
      problems.push(`${level}: ${message}`);
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(svg, 'image/svg+xml');
  expect(problems).toEqual([]);
  const root = doc.documentElement;
  expect(root?.localName).toBe('svg');
  expect(root?.namespaceURI).toBe('http://www.w3.org/2000/svg');
  return doc;
}

function all(node: Document | Element, tag: string): Element[] {
  return Array.from(node.getElementsByTagName(tag));
}

function classes(el: Element): string[] {
  return (el.getAttribute('class') ?? '').split(/\s+/).filter((c) => c !== '');
}

/** The `g` elements with class `name`. */
function groups(node: Document | Element, name: string): Element[] {
  return all(node, 'g').filter((g) => classes(g).includes(name));
}

function num(el: Element | undefined, attr: string): number {
  const value = el?.getAttribute(attr);
  if (value === null || value === undefined || value === '')
    throw new Error(`no ${attr} on <${el?.tagName}>`);
  return Number(value);
}

function first<T>(list: readonly T[], what: string): T {
  const item = list[0];
  if (item === undefined) throw new Error(`no ${what}`);
  return item;
}

function svgWidth(doc: Document): number {
  const root = doc.documentElement;
  if (root === null) throw new Error('no root');
  return num(root, 'width');
}

interface DrawnColumn {
  index: number;
  /** Centre of the header box: where the lifeline is. */
  centre: number;
  box: { x: number; width: number };
  texts: Element[];
  name: string;
}

/** The column headers, in document order. */
function columnsOf(doc: Document): DrawnColumn[] {
  return groups(doc, 'column').map((g) => {
    const rect = first(all(g, 'rect'), 'header box');
    const x = num(rect, 'x');
    const width = num(rect, 'width');
    const texts = all(g, 'text');
    return {
      index: num(g, 'data-column'),
      centre: x + width / 2,
      box: { x, width },
      texts,
      name: first(texts, 'column name').textContent ?? '',
    };
  });
}

function centreOf(doc: Document, column: number): number {
  const c = columnsOf(doc).find((k) => k.index === column);
  if (c === undefined) throw new Error(`no column ${column}`);
  return c.centre;
}

/** Time texts are monospace; the label is the arrow's one text in the label size. */
function isMono(text: Element): boolean {
  return /Mono|monospace/.test(text.getAttribute('font-family') ?? '');
}

function labelOf(g: Element): Element {
  const labels = all(g, 'text').filter(
    (t) => !isMono(t) && num(t, 'font-size') === LABEL_SIZE && t.parentNode === g,
  );
  expect(labels).toHaveLength(1);
  return first(labels, 'label');
}

/** The head of an arrow: the closed path; its first point is the tip. */
function headOf(g: Element): { tipX: number; tipY: number; backX: number; fill: string | null } {
  const heads = all(g, 'path').filter((p) => /Z\s*$/i.test(p.getAttribute('d') ?? ''));
  expect(heads).toHaveLength(1);
  const head = first(heads, 'head');
  const d = head.getAttribute('d') ?? '';
  const points = [...d.matchAll(/[ML]\s*(-?[\d.]+)[\s,]+(-?[\d.]+)/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
  const [tip, back] = points;
  if (tip === undefined || back === undefined) throw new Error(`head without points: ${d}`);
  return {
    tipX: tip[0] as number,
    tipY: tip[1] as number,
    backX: back[0] as number,
    fill: head.getAttribute('fill'),
  };
}

/** The stroke of an arrow: a straight line, or the open path of a loop. */
function strokeOf(g: Element): Element {
  const strokes = [
    ...all(g, 'line'),
    ...all(g, 'path').filter((p) => p.getAttribute('fill') === 'none'),
  ];
  expect(strokes).toHaveLength(1);
  return first(strokes, 'stroke');
}

function textsOf(node: Document | Element): string[] {
  return all(node, 'text').map((t) => t.textContent ?? '');
}

// ---------------------------------------------------------------------------
// Hand-built ladders

const PHONE = { name: '192.0.2.10:5060', title: '192.0.2.10:5060 DeskPhone-D30/4.2.1' };
const PROXY = { name: '198.51.100.20:5060', title: '198.51.100.20:5060 kamailio (5.8.2)' };
const PBX = { name: '203.0.113.30:5060', title: '203.0.113.30:5060' };

let nextMessage = 0;
function arrow(
  from: number,
  to: number,
  label: string,
  ms: number | undefined,
  extra: Partial<LadderArrow> = {},
): LadderArrow {
  return {
    from,
    to,
    label,
    time: ms === undefined ? undefined : T0 + ms * 1000,
    count: 1,
    message: nextMessage++,
    leg: 0,
    decisive: false,
    ...extra,
  };
}

/** `n` requests and answers between the first two columns, 20 ms apart. */
function pingPong(n: number, timed = true): LadderArrow[] {
  return Array.from({ length: n }, (_, k) =>
    k % 2 === 0
      ? arrow(0, 1, 'OPTIONS', timed ? k * 20 : undefined, { message: k })
      : arrow(1, 0, '200 OK', timed ? k * 20 : undefined, { message: k }),
  );
}

/** One call of each class of message, a retransmission, a loop and the deciding 486. */
function busyCall(timed = true): Ladder {
  const t = (ms: number): number | undefined => (timed ? ms : undefined);
  return {
    legs: ['a84b4c76e66710@192.0.2.10'],
    columns: [PHONE, PROXY, PBX],
    arrows: [
      arrow(0, 1, 'INVITE', t(0), { count: 4, message: 0 }),
      arrow(1, 0, '100 Trying', t(3), { message: 4 }),
      arrow(1, 2, 'INVITE', t(5), { message: 5 }),
      arrow(2, 1, '302 Moved Temporarily', t(40), { message: 6 }),
      arrow(1, 2, 'INVITE', t(45), { message: 7 }),
      arrow(2, 1, '180 Ringing', t(90), { message: 8 }),
      arrow(2, 2, 'OPTIONS', t(1200), { message: 9 }),
      arrow(2, 1, '486 Busy Here', t(4040), { message: 10, decisive: true }),
      arrow(1, 0, '486 Busy Here', t(4041), { message: 11 }),
      arrow(0, 1, 'ACK', t(4080), { message: 12 }),
      arrow(1, 2, 'INVITE', t(5000), { message: 13 }),
      arrow(2, 1, '200 OK', t(5100), { message: 14 }),
      arrow(1, 2, 'INVITE', t(6000), { message: 15 }),
      arrow(2, 1, '503 Service Unavailable', t(6100), { message: 16 }),
      arrow(1, 2, 'INVITE', t(7000), { message: 17 }),
      arrow(2, 1, '603 Decline', t(7100), { message: 18 }),
    ],
  };
}

// ---------------------------------------------------------------------------
// The fixtures, through the real parser and diagnose

interface Fixture {
  text: string;
  messages: number;
  diagnosis: Diagnosis;
  doc: Document;
}

const fixtures = new Map<string, Fixture>();

function fixture(name: string): Fixture {
  const f = fixtures.get(name);
  if (f === undefined) throw new Error(`fixture ${name} not loaded`);
  return f;
}

/**
 * The 1-based number of the packet of `text` sent from `src` to `dst` whose
 * start line begins with `start` (both layouts put `src -> dst` on the
 * line before the message): counted in the file, not by the parser.
 */
function packetNumber(text: string, src: string, dst: string, start: string): number {
  const lines = text.split('\n');
  let n = 0;
  for (let k = 0; k < lines.length; k++) {
    const m = /(?:^U |^)\d{4}\/\d\d\/\d\d \S+ (\S+) -> (\S+)/.exec(lines[k] ?? '');
    if (m === null) continue;
    n++;
    if (m[1] === src && m[2] === dst && (lines[k + 1] ?? '').startsWith(start)) return n;
  }
  throw new Error(`no ${start} from ${src} to ${dst}`);
}

beforeAll(() => {
  const kb = realKnowledge();
  for (const name of Object.keys(FIXTURES)) {
    const text = readFileSync(new URL(name, FIXTURE_DIR), 'utf8');
    const input = parseText(text);
    const diagnosis = diagnose(input, kb);
    fixtures.set(name, {
      text,
      messages: input.messages.length,
      diagnosis,
      doc: parse(renderLadderSvg(diagnosis.ladder, { title: diagnosis.verdict.headline })),
    });
  }
});

describe('the picture fixtures', () => {
  it('are what make-fixtures.ts writes', () => {
    for (const [name, make] of Object.entries(FIXTURES))
      expect(readFileSync(new URL(name, FIXTURE_DIR), 'utf8'), name).toBe(make());
  });

  it('failed-call.txt: 14 messages, the PBX busy, 13 arrows with the INVITE sent twice', () => {
    const { messages, diagnosis: d } = fixture('failed-call.txt');
    expect(messages).toBe(14);
    expect(d.verdict).toMatchObject({ outcome: 'failed', method: 'INVITE', code: 486 });
    expect(d.verdict.sentBy).toBe('203.0.113.30:5060 (Asterisk PBX 20.9.3)');
    expect(d.ladder.legs).toHaveLength(1);
    expect(d.ladder.arrows).toHaveLength(13);
    expect(d.ladder.arrows.filter((a) => a.count > 1)).toMatchObject([
      { label: 'INVITE', count: 2 },
    ]);
    expect(d.ladder.arrows.filter((a) => a.decisive)).toMatchObject([
      { label: '486 Busy Here', message: 10 },
    ]);
  });

  it('b2bua-two-legs.txt: two legs tied by X-Call-ID, 503 from the carrier, 480 to the phone', () => {
    const { messages, diagnosis: d } = fixture('b2bua-two-legs.txt');
    expect(messages).toBe(8);
    expect(d.verdict).toMatchObject({ outcome: 'failed', code: 480 });
    expect(d.verdict.sentBy).toMatch(/^198\.51\.100\.40:5060 \(FreeSWITCH/);
    expect(d.verdict.headline).toContain('503 Service Unavailable from 203.0.113.5:5060');
    expect(d.ladder.legs).toHaveLength(2);
    expect(d.calls.find((c) => c.callId === d.ladder.legs[1])?.legOf).toBe(d.ladder.legs[0]);
    expect(d.ladder.arrows).toHaveLength(8);
    expect(d.ladder.arrows.map((a) => a.leg)).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
    expect(d.ladder.arrows.filter((a) => a.decisive)).toMatchObject([
      { label: '480 Temporarily Unavailable', message: 6 },
    ]);
  });

  it('long-trace.txt: 210 messages, one call, a refresh sent twice, 481 at the end', () => {
    const { messages, diagnosis: d } = fixture('long-trace.txt');
    expect(messages).toBe(210);
    expect(d.calls).toHaveLength(1);
    // The verdict is about the INVITE, which got its 200 OK; the refused refresh is a finding.
    expect(d.verdict).toMatchObject({ outcome: 'succeeded', code: 200 });
    expect(d.findings.map((f) => f.id)).toContain('timer.session-expired');
    expect(d.ladder.arrows).toHaveLength(209);
    expect(d.ladder.arrows.filter((a) => a.count > 1)).toMatchObject([
      { label: 'UPDATE', count: 2 },
    ]);
    expect(d.ladder.arrows.slice(-3).map((a) => a.label)).toEqual([
      '481 Call/Transaction Does…',
      'BYE',
      '481 Call/Transaction Does…',
    ]);
    expect(d.ladder.arrows.filter((a) => a.decisive)).toMatchObject([
      { label: '200 OK', message: 3 },
    ]);
  });
});

// ---------------------------------------------------------------------------

describe('renderLadderSvg: columns', () => {
  it('draws one header per column with its address and product', () => {
    const doc = parse(renderLadderSvg(busyCall()));
    const drawn = columnsOf(doc);
    expect(drawn.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(drawn.map((c) => c.name)).toEqual([PHONE.name, PROXY.name, PBX.name]);
    expect(drawn.map((c) => c.texts.map((t) => t.textContent))).toEqual([
      [PHONE.name, 'DeskPhone-D30/4.2.1'],
      [PROXY.name, 'kamailio (5.8.2)'],
      [PBX.name],
    ]);
    // Left to right in ladder order, one lifeline under each.
    expect(drawn.map((c) => c.centre)).toEqual(
      [...drawn.map((c) => c.centre)].sort((a, b) => a - b),
    );
    const lifelines = all(doc, 'line').filter((l) => classes(l).includes('lifeline'));
    expect(lifelines.map((l) => num(l, 'x1'))).toEqual(drawn.map((c) => c.centre));
  });

  it('draws every fixture column with its address', () => {
    for (const name of Object.keys(FIXTURES)) {
      const { doc, diagnosis } = fixture(name);
      expect(
        columnsOf(doc).map((c) => c.name),
        name,
      ).toEqual(diagnosis.ladder.columns.map((c) => c.name));
    }
  });

  it('puts the B2BUA between the caller and the carrier, whatever order the columns come in', () => {
    // Columns listed carrier first: the picture still reads caller | B2BUA | carrier.
    const carrier = { name: '203.0.113.5:5060', title: '203.0.113.5:5060 EdgeGate-SBC/7.4.1' };
    const b2bua = { name: '198.51.100.40:5060', title: '198.51.100.40:5060 FreeSWITCH' };
    const ladder: Ladder = {
      legs: ['a-leg@192.0.2.10', 'b-leg-uuid'],
      columns: [carrier, b2bua, PHONE],
      arrows: [
        arrow(2, 1, 'INVITE', 0),
        arrow(1, 0, 'INVITE', 30, { leg: 1 }),
        arrow(0, 1, '503 Service Unavailable', 90, { leg: 1 }),
        arrow(1, 2, '480 Temporarily Unavailable', 110, { decisive: true }),
      ],
    };
    const doc = parse(renderLadderSvg(ladder));
    const byX = [...columnsOf(doc)].sort((a, b) => a.centre - b.centre).map((c) => c.name);
    expect(byX).toEqual([PHONE.name, b2bua.name, carrier.name]);
  });

  it('draws the B2BUA fixture as caller | B2BUA | carrier, with a legend and a mark per leg', () => {
    const { doc, diagnosis } = fixture('b2bua-two-legs.txt');
    const { ladder } = diagnosis;
    const byX = [...columnsOf(doc)].sort((a, b) => a.centre - b.centre).map((c) => c.name);
    expect(byX).toEqual(['192.0.2.10:5060', '198.51.100.40:5060', '203.0.113.5:5060']);

    const legend = groups(doc, 'leg');
    expect(legend.map((g) => num(g, 'data-leg'))).toEqual([0, 1]);
    expect(textsOf(legend[0] as Element)).toEqual([`Call: ${ladder.legs[0]}`]);
    expect(textsOf(legend[1] as Element)).toEqual([`Leg 2: ${ladder.legs[1]}`]);
    const legColour = legend.map((g) => first(all(g, 'rect'), 'swatch').getAttribute('fill'));
    expect(new Set(legColour).size).toBe(2);

    const arrows = groups(doc, 'arrow');
    expect(arrows).toHaveLength(ladder.arrows.length);
    arrows.forEach((g, k) => {
      const leg = ladder.arrows[k]?.leg ?? -1;
      expect(num(g, 'data-leg')).toBe(leg);
      const marks = all(g, 'rect').filter((r) => classes(r).includes('leg-mark'));
      expect(marks).toHaveLength(1);
      expect(marks[0]?.getAttribute('fill')).toBe(legColour[leg]);
    });
  });

  it('draws no legend and no leg marks for a single call', () => {
    const doc = parse(renderLadderSvg(busyCall()));
    expect(groups(doc, 'leg')).toEqual([]);
    expect(all(doc, 'rect').filter((r) => classes(r).includes('leg-mark'))).toEqual([]);
  });
});

describe('renderLadderSvg: arrows', () => {
  const ladder = busyCall();
  let doc: Document;
  let arrows: Element[];
  beforeAll(() => {
    doc = parse(renderLadderSvg(ladder));
    arrows = groups(doc, 'arrow');
  });

  it('draws one arrow per ladder arrow, in order, with its label', () => {
    expect(arrows).toHaveLength(ladder.arrows.length);
    expect(arrows.map((g) => num(g, 'data-arrow'))).toEqual(ladder.arrows.map((_, k) => k));
    expect(arrows.map((g) => num(g, 'data-message'))).toEqual(
      ladder.arrows.map((a) => a.message + 1),
    );
    expect(arrows.map((g) => labelOf(g).textContent)).toEqual([
      'INVITE x4',
      ...ladder.arrows.slice(1).map((a) => a.label),
    ]);
  });

  it('colours each arrow by the class of its message', () => {
    const expected: Record<string, keyof typeof CLASS_COLOURS> = {
      INVITE: 'request',
      'INVITE x4': 'request',
      OPTIONS: 'request',
      ACK: 'request',
      '100 Trying': '1xx',
      '180 Ringing': '1xx',
      '200 OK': '2xx',
      '302 Moved Temporarily': '3xx',
      '486 Busy Here': '4xx',
      '503 Service Unavailable': '5xx',
      '603 Decline': '6xx',
    };
    for (const g of arrows) {
      const label = labelOf(g);
      const cls = expected[label.textContent ?? ''];
      if (cls === undefined) throw new Error(`unexpected label ${label.textContent}`);
      const colour = CLASS_COLOURS[cls];
      expect(classes(g)).toContain(`class-${cls}`);
      expect(strokeOf(g).getAttribute('stroke'), label.textContent ?? '').toBe(colour);
      expect(headOf(g).fill).toBe(colour);
      expect(label.getAttribute('fill')).toBe(colour);
    }
  });

  it('uses colours that read as their class: dark, grey, green, blue, orange, red', () => {
    const rgb = (hex: string): [number, number, number] => [
      Number.parseInt(hex.slice(1, 3), 16),
      Number.parseInt(hex.slice(3, 5), 16),
      Number.parseInt(hex.slice(5, 7), 16),
    ];
    const [rq, gq, bq] = rgb(CLASS_COLOURS.request);
    expect(Math.max(rq, gq, bq)).toBeLessThan(80);
    const [r1, g1, b1] = rgb(CLASS_COLOURS['1xx']);
    expect(Math.max(r1, g1, b1) - Math.min(r1, g1, b1)).toBeLessThan(40);
    const [r2, g2, b2] = rgb(CLASS_COLOURS['2xx']);
    expect(g2).toBeGreaterThan(Math.max(r2, b2) * 2);
    const [r3, g3, b3] = rgb(CLASS_COLOURS['3xx']);
    expect(b3).toBeGreaterThan(Math.max(r3, g3) * 1.5);
    const [r4, g4, b4] = rgb(CLASS_COLOURS['4xx']);
    expect(r4).toBeGreaterThan(g4);
    expect(g4).toBeGreaterThan(b4);
    const [r5, g5, b5] = rgb(CLASS_COLOURS['5xx']);
    expect(r5).toBeGreaterThan(Math.max(g5, b5) * 3);
    expect(CLASS_COLOURS['6xx']).toBe(CLASS_COLOURS['5xx']);
  });

  it('points each head at the receiver, away from the sender', () => {
    for (const [k, g] of arrows.entries()) {
      const a = ladder.arrows[k] as LadderArrow;
      if (a.from === a.to) continue;
      const from = centreOf(doc, a.from);
      const to = centreOf(doc, a.to);
      const head = headOf(g);
      expect(head.tipX).toBeCloseTo(to, 1);
      expect(Math.sign(head.tipX - head.backX)).toBe(Math.sign(to - from));
      const line = strokeOf(g);
      expect(num(line, 'x1')).toBeCloseTo(from, 1);
      // The line stops at the back of the head, between the sender and the tip.
      const end = num(line, 'x2');
      expect(Math.sign(end - from)).toBe(Math.sign(to - from));
      expect(Math.abs(end - from)).toBeLessThan(Math.abs(to - from));
      expect(num(line, 'y1')).toBe(head.tipY);
    }
  });

  it('draws a message an element sent itself as a loop back to its lifeline', () => {
    const k = ladder.arrows.findIndex((a) => a.from === a.to);
    const g = arrows[k] as Element;
    const centre = centreOf(doc, 2);
    expect(all(g, 'line')).toEqual([]);
    const loop = strokeOf(g);
    expect(loop.tagName).toBe('path');
    expect(loop.getAttribute('d')).toMatch(new RegExp(`^M\\s*${centre}\\b`));
    const head = headOf(g);
    expect(head.tipX).toBeCloseTo(centre, 1);
    expect(head.backX).toBeGreaterThan(head.tipX);
    expect(labelOf(g).textContent).toBe('OPTIONS');
  });

  it('draws retransmissions dashed, with their count', () => {
    const retransmitted = arrows.filter((g) => classes(g).includes('retransmitted'));
    expect(retransmitted.map((g) => num(g, 'data-arrow'))).toEqual([0]);
    const g = retransmitted[0] as Element;
    expect(strokeOf(g).getAttribute('stroke-dasharray')).toMatch(/\d/);
    expect(labelOf(g).textContent).toBe('INVITE x4');
    expect(first(all(g, 'title'), 'tooltip').textContent).toContain('sent 4 times');
    for (const other of arrows.slice(1)) {
      expect(strokeOf(other).getAttribute('stroke-dasharray')).toBeNull();
      expect(labelOf(other).textContent).not.toMatch(/ x\d+$/);
    }
  });

  it('draws the fixture retransmission as one dashed "INVITE x2" from the proxy to the PBX', () => {
    const { doc: picture } = fixture('failed-call.txt');
    const retransmitted = groups(picture, 'retransmitted');
    expect(retransmitted).toHaveLength(1);
    const g = retransmitted[0] as Element;
    expect(labelOf(g).textContent).toBe('INVITE x2');
    expect(strokeOf(g).getAttribute('stroke-dasharray')).toMatch(/\d/);
    const names = new Map(columnsOf(picture).map((c) => [c.centre, c.name]));
    expect(names.get(num(strokeOf(g), 'x1'))).toBe('198.51.100.20:5060');
    expect(names.get(headOf(g).tipX)).toBe('203.0.113.30:5060');
  });
});

describe('renderLadderSvg: the deciding response', () => {
  it('highlights exactly one row, in bold', () => {
    const ladder = busyCall();
    const doc = parse(renderLadderSvg(ladder));
    const decisive = groups(doc, 'decisive');
    expect(decisive).toHaveLength(1);
    const g = decisive[0] as Element;
    expect(num(g, 'data-arrow')).toBe(ladder.arrows.findIndex((a) => a.decisive));
    const band = first(
      all(g, 'rect').filter((r) => classes(r).includes('hit')),
      'band',
    );
    expect(band.getAttribute('fill')).not.toMatch(/^(#fff(fff)?|none|white)$/i);
    expect(band.getAttribute('fill-opacity') ?? '1').not.toBe('0');
    expect(num(band, 'width')).toBe(svgWidth(doc));
    expect(labelOf(g).getAttribute('font-weight')).toBe('bold');
    for (const other of groups(doc, 'arrow').filter((a) => a !== g)) {
      const hit = all(other, 'rect').find((r) => classes(r).includes('hit'));
      expect(hit?.getAttribute('fill-opacity')).toBe('0');
      expect(labelOf(other).getAttribute('font-weight')).toBeNull();
    }
  });

  it('is the response the verdict names, in each fixture', () => {
    const cases = [
      {
        name: 'failed-call.txt',
        packet: ['203.0.113.30:5060', '198.51.100.20:5060', 'SIP/2.0 486'],
        label: '486 Busy Here',
      },
      {
        name: 'b2bua-two-legs.txt',
        packet: ['198.51.100.40:5060', '192.0.2.10:5060', 'SIP/2.0 480'],
        label: '480 Temporarily Unavailable',
      },
      {
        name: 'long-trace.txt',
        packet: ['203.0.113.70:5060', '198.51.100.60:5060', 'SIP/2.0 200 OK'],
        label: '200 OK',
      },
    ] as const;
    for (const { name, packet, label } of cases) {
      const { doc, text, diagnosis } = fixture(name);
      const decisive = groups(doc, 'decisive');
      expect(decisive, name).toHaveLength(1);
      const g = decisive[0] as Element;
      const [src, dst, start] = packet;
      expect(num(g, 'data-message'), name).toBe(packetNumber(text, src, dst, start));
      expect(labelOf(g).textContent).toBe(label);
      expect(label).toBe(`${diagnosis.verdict.code} ${diagnosis.verdict.reason}`);
      // Drawn from the column of the element the verdict says sent it.
      const names = new Map(columnsOf(doc).map((c) => [c.centre, c.name]));
      expect(names.get(num(strokeOf(g), 'x1'))).toBe(diagnosis.verdict.sentBy?.split(' ')[0]);
    }
  });
});

describe('renderLadderSvg: times', () => {
  it('shows the clock time and the delta to the previous message', () => {
    const doc = parse(renderLadderSvg(busyCall()));
    const arrows = groups(doc, 'arrow');
    const times = arrows.map((g) =>
      all(g, 'text')
        .filter(isMono)
        .map((t) => t.textContent),
    );
    expect(times[0]).toEqual(['09:00:00.000']);
    expect(times[1]).toEqual(['09:00:00.003', '+3 ms']);
    expect(times[7]).toEqual(['09:00:04.040', '+2.84 s']);
    for (const t of times.slice(1)) expect(t).toHaveLength(2);
    expect(Math.min(...columnsOf(doc).map((c) => c.box.x))).toBeGreaterThan(100);
  });

  it('counts the delta after a retransmission from its first copy (failed-call.txt)', () => {
    const { doc } = fixture('failed-call.txt');
    const rows = groups(doc, 'arrow').map((g) => ({
      label: labelOf(g).textContent,
      times: all(g, 'text')
        .filter(isMono)
        .map((t) => t.textContent),
    }));
    expect(rows[0]).toEqual({ label: 'INVITE', times: ['10:00:00.100'] });
    expect(rows[5]).toEqual({ label: 'INVITE x2', times: ['10:00:00.124', '+1 ms'] });
    expect(rows[6]).toEqual({ label: '100 Trying', times: ['10:00:00.626', '+503 ms'] });
    expect(rows[9]).toEqual({ label: '486 Busy Here', times: ['10:00:04.218', '+3.49 s'] });
  });

  it('has no time texts and no time gutter when the ladder has no times', () => {
    const doc = parse(renderLadderSvg(busyCall(false)));
    expect(all(doc, 'text').filter(isMono)).toEqual([]);
    expect(textsOf(doc).filter((t) => /^\d\d:\d\d:\d\d|^\+\d/.test(t))).toEqual([]);
    expect(Math.min(...columnsOf(doc).map((c) => c.box.x))).toBeLessThan(30);
  });
});

describe('renderLadderSvg: long ladders', () => {
  it(`draws ${MAX_ARROWS} of 250 arrows, the first and last, and says how many were left out`, () => {
    const doc = parse(renderLadderSvg({ legs: [], columns: [PHONE, PBX], arrows: pingPong(250) }));
    const drawn = groups(doc, 'arrow').map((g) => num(g, 'data-arrow'));
    const half = MAX_ARROWS / 2;
    expect(drawn).toEqual([
      ...Array.from({ length: half }, (_, k) => k),
      ...Array.from({ length: half }, (_, k) => 250 - half + k),
    ]);
    const gaps = groups(doc, 'gap');
    expect(gaps).toHaveLength(1);
    expect(textsOf(gaps[0] as Element).join(' ')).toContain(
      `${250 - MAX_ARROWS} messages left out`,
    );
    // The gap sits between the two halves.
    const ys = groups(doc, 'arrow').map((g) => num(labelOf(g), 'y'));
    const gapY = num(first(all(gaps[0] as Element, 'text'), 'gap text'), 'y');
    expect(gapY).toBeGreaterThan(ys[half - 1] as number);
    expect(gapY).toBeLessThan(ys[half] as number);
  });

  it('keeps the deciding arrow and its neighbours when they fall in the middle', () => {
    const arrows = pingPong(250).map((a, k) => ({ ...a, decisive: k === 125 }));
    const doc = parse(renderLadderSvg({ legs: [], columns: [PHONE, PBX], arrows }));
    const drawn = groups(doc, 'arrow').map((g) => num(g, 'data-arrow'));
    const half = MAX_ARROWS / 2;
    expect(drawn).toHaveLength(MAX_ARROWS);
    expect(drawn).toEqual([
      ...Array.from({ length: half - 2 }, (_, k) => k),
      124,
      125,
      126,
      ...Array.from({ length: half - 1 }, (_, k) => 250 - (half - 1) + k),
    ]);
    expect(groups(doc, 'decisive').map((g) => num(g, 'data-arrow'))).toEqual([125]);
    const gaps = groups(doc, 'gap').map((g) => textsOf(g).join(' '));
    expect(gaps).toEqual([
      expect.stringContaining(`${124 - (half - 2)} messages left out`),
      expect.stringContaining(`${250 - (half - 1) - 127} messages left out`),
    ]);
  });

  it('honours maxArrows and says "1 message" for one', () => {
    const ten = parse(
      renderLadderSvg(
        { legs: [], columns: [PHONE, PBX], arrows: pingPong(250) },
        { maxArrows: 10 },
      ),
    );
    expect(groups(ten, 'arrow')).toHaveLength(10);
    expect(textsOf(first(groups(ten, 'gap'), 'gap')).join(' ')).toContain('240 messages left out');
    const one = parse(
      renderLadderSvg({ legs: [], columns: [PHONE, PBX], arrows: pingPong(MAX_ARROWS + 1) }),
    );
    expect(textsOf(first(groups(one, 'gap'), 'gap')).join(' ')).toMatch(/\b1 message left out/);
    const exact = parse(
      renderLadderSvg({ legs: [], columns: [PHONE, PBX], arrows: pingPong(MAX_ARROWS) }),
    );
    expect(groups(exact, 'arrow')).toHaveLength(MAX_ARROWS);
    expect(groups(exact, 'gap')).toEqual([]);
  });

  it('draws the long fixture with its start, its end, and how many refreshes are between', () => {
    const { doc, diagnosis } = fixture('long-trace.txt');
    const arrows = groups(doc, 'arrow');
    expect(arrows).toHaveLength(MAX_ARROWS);
    expect(diagnosis.ladder.arrows).toHaveLength(209);
    expect(textsOf(first(groups(doc, 'gap'), 'gap')).join(' ')).toContain(
      `${209 - MAX_ARROWS} messages left out`,
    );
    expect(arrows.slice(0, 5).map((g) => labelOf(g).textContent)).toEqual([
      'INVITE',
      '100 Trying',
      '180 Ringing',
      '200 OK',
      'ACK',
    ]);
    expect(arrows.slice(-3).map((g) => labelOf(g).textContent)).toEqual([
      '481 Call/Transaction Does…',
      'BYE',
      '481 Call/Transaction Does…',
    ]);
    expect(num(arrows.at(-1), 'data-arrow')).toBe(208);
    // The refresh sent twice is in the middle: left out of the picture.
    expect(groups(doc, 'retransmitted')).toEqual([]);
  });
});

describe('renderLadderSvg: hostile text', () => {
  const HOSTILE = [
    '<script>alert(1)</script>',
    ']]>',
    `"' onload="x`,
    '&amp;',
    'nul\u0000byte',
    'lone\ud800half',
    'not\uffffchar',
  ];
  /** What a reader gets back: the text, with what XML cannot hold as U+FFFD. */
  const readBack = (s: string): string =>
    ['\u0000', '\ud800', '\uffff'].reduce((t, bad) => t.replaceAll(bad, '\ufffd'), s);

  const ladder: Ladder = {
    legs: [HOSTILE[0] as string, HOSTILE[2] as string],
    columns: HOSTILE.map((h) => ({ name: h, title: `${h} ${h}` })),
    arrows: HOSTILE.map((h, k) =>
      arrow(k, (k + 1) % HOSTILE.length, h, k * 10, { message: k, leg: k % 2, decisive: k === 3 }),
    ),
  };
  const title = `Title ${HOSTILE.join(' ')}`;
  let doc: Document;
  beforeAll(() => {
    doc = parse(renderLadderSvg(ladder, { title }));
  });

  it('stays well-formed XML with no script element and no injected attribute', () => {
    expect(doc.getElementsByTagName('script')).toHaveLength(0);
    expect(doc.getElementsByTagNameNS('*', 'script')).toHaveLength(0);
    for (const el of all(doc, '*'))
      for (const attr of Array.from(el.attributes)) expect(attr.name).not.toMatch(/^on/i);
  });

  it('gives every label back as written, forbidden characters as U+FFFD', () => {
    const labels = groups(doc, 'arrow').map((g) => labelOf(g).textContent);
    expect(labels).toEqual(HOSTILE.map(readBack));
    expect(labels).toContain('&amp;');
    const tips = groups(doc, 'arrow').map((g) => first(all(g, 'title'), 'tooltip').textContent);
    expect(tips).toEqual(HOSTILE.map((h, k) => `#${k + 1} ${readBack(h)}`));
  });

  it('gives column names, the legend and the title back (whole, or cut with "…")', () => {
    const same = (drawn: string | null | undefined, written: string): void => {
      const expected = readBack(written);
      if (drawn?.endsWith('…') && drawn !== expected)
        expect(expected.startsWith(drawn.slice(0, -1).trimEnd())).toBe(true);
      else expect(drawn).toBe(expected);
    };
    columnsOf(doc).forEach((c, k) => {
      same(c.name, HOSTILE[k] as string);
      same(c.texts[1]?.textContent, HOSTILE[k] as string);
    });
    const legend = groups(doc, 'leg').map((g) => textsOf(g)[0]);
    same(legend[0], `Call: ${HOSTILE[0]}`);
    same(legend[1], `Leg 2: ${HOSTILE[2]}`);
    const titles = textsOf(doc).filter((t) => t.startsWith('Title'));
    expect(titles).toHaveLength(1);
    same(titles[0], title);
  });
});

describe('renderLadderSvg: sized for a chat preview', () => {
  /** `n` elements, the longest labels there are, a decisive and a retransmitted arrow. */
  function widest(n: number, timed: boolean): Ladder {
    const labels = [
      '480 Temporarily Unavailable',
      'SUBSCRIBE',
      cutAtWord('481 Call/Transaction Does Not Exist', 28),
      '183 Session Progress',
    ];
    return {
      legs: [],
      columns: Array.from({ length: n }, (_, c) =>
        c === 0
          ? {
              name: 'sbc-edge-01.carrier.example.net:5061',
              title: 'sbc-edge-01.carrier.example.net:5061 EdgeGate-SBC/7.4.1 (build 2211)',
            }
          : {
              name: `198.51.100.${200 + c}:5060`,
              title: `198.51.100.${200 + c}:5060 kamailio (5.8.2 (x86_64/linux))`,
            },
      ),
      arrows: [
        ...Array.from({ length: n - 1 }, (_, c) =>
          arrow(c, c + 1, labels[c % labels.length] as string, timed ? c * 100 : undefined),
        ),
        arrow(n - 1, 0, '480 Temporarily Unavailable', timed ? 5000 : undefined, {
          decisive: true,
        }),
        arrow(0, n - 1, 'SUBSCRIBE', timed ? 6000 : undefined, { count: 7 }),
      ],
    };
  }

  const sizes = [2, 3, 4, 5].flatMap((n) => [
    { n, timed: true },
    { n, timed: false },
  ]);

  it.each(sizes)(
    '$n columns (times: $timed): 560 to 960 px wide, readable type, headers fit',
    ({ n, timed }) => {
      const ladder = widest(n, timed);
      expect(Math.max(...ladder.arrows.map((a) => a.label.length))).toBeGreaterThanOrEqual(27);
      const doc = parse(renderLadderSvg(ladder));
      const width = svgWidth(doc);
      expect(width).toBeGreaterThanOrEqual(560);
      expect(width).toBeLessThanOrEqual(PREFERRED_WIDTH);
      for (const g of groups(doc, 'arrow'))
        expect(num(labelOf(g), 'font-size')).toBeGreaterThanOrEqual(12);
      const columns = columnsOf(doc);
      expect(columns).toHaveLength(n);
      for (const c of columns) {
        expect(c.box.x).toBeGreaterThanOrEqual(0);
        expect(c.box.x + c.box.width).toBeLessThanOrEqual(width);
        for (const t of c.texts) {
          const text = t.textContent ?? '';
          const size = num(t, 'font-size');
          expect(size).toBeGreaterThanOrEqual(11);
          const w = textWidth(text, size) * (t.getAttribute('font-weight') === 'bold' ? BOLD : 1);
          // Centred on the box: half the text each side of its middle.
          const x = num(t, 'x');
          expect(t.getAttribute('text-anchor')).toBe('middle');
          expect(x - w / 2, text).toBeGreaterThanOrEqual(c.box.x);
          expect(x + w / 2, text).toBeLessThanOrEqual(c.box.x + c.box.width);
        }
      }
      // The long names were cut to fit, not drawn past their box.
      expect(columns[0]?.name).toMatch(/…$/);
    },
  );

  it('grows past the preferred width for 8 columns, keeping them 150 px apart', () => {
    const doc = parse(renderLadderSvg(widest(8, true)));
    expect(svgWidth(doc)).toBeGreaterThan(PREFERRED_WIDTH);
    const centres = columnsOf(doc)
      .map((c) => c.centre)
      .sort((a, b) => a - b);
    expect(centres).toHaveLength(8);
    for (let k = 1; k < centres.length; k++)
      expect((centres[k] as number) - (centres[k - 1] as number)).toBeGreaterThanOrEqual(150);
  });
});

describe('renderLadderSvg: redaction and empty input', () => {
  it('draws no original address and no digest response when addresses are redacted', () => {
    const { text } = fixture('failed-call.txt');
    expect(text).toContain(DIGEST_RESPONSE);
    const d = diagnose(parseText(text), realKnowledge(), { addresses: true, messageTexts: true });
    const svg = renderLadderSvg(d.ladder, { title: d.verdict.headline });
    parse(svg);
    const addresses = new Set(text.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g));
    expect(addresses.size).toBeGreaterThanOrEqual(3);
    for (const ip of addresses) expect(svg).not.toContain(ip);
    expect(svg).not.toMatch(/\b\d{1,3}(?:\.\d{1,3}){3}\b/);
    expect(svg).not.toContain(DIGEST_RESPONSE);
    // Nor anywhere else in the answer, the message texts of the report included.
    expect(d.ladder.texts?.some((t) => t.includes('Proxy-Authorization'))).toBe(true);
    expect(JSON.stringify(d)).not.toContain(DIGEST_RESPONSE);
    expect(columnsOf(parse(svg))).toHaveLength(3);
  });

  it('says "(no SIP messages)" for an empty ladder', () => {
    for (const ladder of [
      { legs: [], columns: [], arrows: [] },
      { legs: [], columns: [PHONE, PBX], arrows: [] },
    ]) {
      const doc = parse(renderLadderSvg(ladder));
      expect(textsOf(doc)).toContain('(no SIP messages)');
      expect(groups(doc, 'arrow')).toEqual([]);
      expect(svgWidth(doc)).toBeGreaterThanOrEqual(560);
    }
  });
});
