/**
 * The ladder of a diagnosis as an SVG picture: one column per element (its
 * address in bold, its product below), one arrow per message with its
 * method or status line, the clock time and the delta on the left, colours
 * by class (requests dark, 1xx grey, 2xx green, 3xx blue, 4xx orange, 5xx
 * and 6xx red), retransmissions dashed with their count, the deciding
 * response on a highlighted row, and the calls of a B2BUA side by side (the
 * columns of the first call on the left, the other legs' to the right, each
 * arrow marked with its call's colour). A long ladder keeps its start and
 * end and says how many messages were left out between them.
 *
 * It is sized for a chat preview: up to five elements fit in 960 pixels at
 * 12-13 px type. Everything drawn is already redacted (build-ladder.ts); it
 * is escaped here for XML. Colours are presentation attributes, not CSS, so
 * any SVG rasteriser draws the same picture; classes and data-* attributes
 * are there for the HTML report, which makes each arrow clickable.
 */
import type { Ladder, LadderArrow } from '../diagnose/types.js';
import { arrowLabel } from './ladder.js';

export const SANS = 'DejaVu Sans, Verdana, Arial, sans-serif';
export const MONO = 'DejaVu Sans Mono, Menlo, Consolas, monospace';

/** Widest picture for up to five elements: chat previews scale anything wider into unreadable type. */
export const PREFERRED_WIDTH = 960;
/** Narrowest picture: room for a headline, and not a sliver beside the card. */
const MIN_WIDTH = 560;
export const LABEL_SIZE = 13;
const HEADER_SIZE = 12;
const SMALL_SIZE = 11;
/** Arrows drawn at most: the first and last half of them, with a row for the rest. */
export const MAX_ARROWS = 40;
const ROW = 32;
const MARGIN = 12;
const COLUMN_MIN = 150;
const COLUMN_MAX = 230;
const HEADER_BOX = 42;

/** Colours of the classes of messages. */
export const CLASS_COLOURS = {
  request: '#263238',
  '1xx': '#78909c',
  '2xx': '#2e7d32',
  '3xx': '#1565c0',
  '4xx': '#e65100',
  '5xx': '#c62828',
  '6xx': '#c62828',
} as const;
export type MessageClass = keyof typeof CLASS_COLOURS;

/** Colours of the calls of a B2BUA, in leg order. */
const LEG_COLOURS = ['#5e35b1', '#00897b', '#f9a825', '#6d4c41', '#d81b60', '#546e7a'];
const HIGHLIGHT = '#fff1c2';
const LIFELINE = '#b0bec5';
const MUTED = '#607d8b';

export interface LadderSvgOptions {
  /** A line above the ladder (the verdict's headline); inline marks are not read. */
  title?: string;
  /** Arrows drawn at most before the middle is left out (default MAX_ARROWS). */
  maxArrows?: number;
  /** How text is drawn: as SVG text (the default), or as outlines for a rasteriser (glyph-outlines.ts). */
  painter?: TextPainter;
}

export interface TextStyle {
  size: number;
  fill: string;
  bold?: boolean;
  mono?: boolean;
  /** Where x is: the start of the text (default) or its middle. */
  anchor?: 'start' | 'middle';
  /** A white outline under the glyphs, so a label stays legible across lifelines. */
  halo?: boolean;
}

/** Draws and measures text; one painter serves a whole picture. */
export interface TextPainter {
  /** How wide `text` is in px (an estimate for SVG text, exact for outlines). */
  width(text: string, style: Pick<TextStyle, 'size' | 'bold' | 'mono'>): number;
  /** An SVG fragment drawing `text` with its baseline at y. */
  text(x: number, y: number, text: string, style: TextStyle): string;
}

/** Text as SVG <text> elements: selectable in a browser, drawn with whatever fonts the viewer has. */
export const SVG_TEXT: TextPainter = {
  width: (text, style) => textWidth(text, style.size, style.mono) * (style.bold ? 1.1 : 1),
  text(x, y, text, style) {
    const attrs = [
      `x="${round(x)}"`,
      `y="${round(y)}"`,
      style.anchor === 'middle' ? 'text-anchor="middle"' : '',
      style.mono ? `font-family="${MONO}"` : '',
      `font-size="${style.size}"`,
      style.bold ? 'font-weight="bold"' : '',
      `fill="${style.fill}"`,
      style.halo
        ? 'stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
        : '',
    ].filter((a) => a !== '');
    return `<text ${attrs.join(' ')}>${xmlEscape(text)}</text>`;
  },
};

/** A coordinate with at most two decimals. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The class of a message by its label: a request, or a status class "1xx" to "6xx". */
export function messageClass(label: string): MessageClass {
  const m = /^([1-6])\d\d\b/.exec(label);
  return m ? (`${m[1]}xx` as MessageClass) : 'request';
}

/** Characters XML 1.0 does not allow, even escaped (controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML cannot hold are what is replaced
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Bidirectional overrides and isolates: one in a reason phrase could make a label read backwards. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` safe inside an XML element or a double- or single-quoted attribute;
 * a bidirectional control shows as "[U+202E]" instead of reordering the text.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, '\ufffd')
    .replace(BIDI_CONTROL, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase()}]`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * About how wide `text` is in DejaVu Sans at `size` px: per-character
 * advances by kind, close enough to keep text inside its box.
 */
export function textWidth(text: string, size: number, mono = false): number {
  if (mono) return [...text].length * size * 0.602;
  let em = 0;
  for (const ch of text) {
    if (/[il.,:;|!'`]/.test(ch)) em += 0.3;
    else if (ch === ' ') em += 0.32;
    else if (/[A-Z]/.test(ch)) em += /[MW]/.test(ch) ? 0.9 : 0.72;
    else if (/[0-9]/.test(ch)) em += 0.64;
    else if (/[a-z]/.test(ch)) em += /[mw]/.test(ch) ? 0.9 : 0.6;
    else em += 0.7;
  }
  return em * size;
}

/** `text` cut with "…" so that it is at most `width` px wide. */
function fitText(
  painter: TextPainter,
  text: string,
  width: number,
  style: Pick<TextStyle, 'size' | 'bold' | 'mono'>,
): string {
  if (painter.width(text, style) <= width) return text;
  const chars = [...text];
  while (chars.length > 1 && painter.width(`${chars.join('')}…`, style) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** A headline in one line, or two broken at a space, the second cut with "…" if need be. */
function titleLines(
  painter: TextPainter,
  text: string,
  width: number,
  style: Pick<TextStyle, 'size' | 'bold'>,
): string[] {
  if (painter.width(text, style) <= width) return [text];
  const words = text.split(' ');
  let first = '';
  let k = 0;
  for (; k < words.length; k++) {
    const next = first === '' ? (words[k] as string) : `${first} ${words[k]}`;
    if (painter.width(next, style) > width) break;
    first = next;
  }
  // A single word wider than the picture is cut like any other text.
  if (first === '') return [fitText(painter, text, width, style)];
  return [first, fitText(painter, words.slice(k).join(' '), width, style)];
}

/** "09:00:00.040": the clock time of a capture time in microseconds. */
function clock(micros: number): string {
  const d = new Date(Math.floor(micros / 1000));
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(11, 23);
}

/** "+40 ms", "+1.50 s": the time since the previous message. */
function delta(micros: number, previous: number): string {
  const ms = (micros - previous) / 1000;
  return ms >= 1000 ? `+${(ms / 1000).toFixed(2)} s` : `+${ms.toFixed(0)} ms`;
}

/**
 * The order columns are drawn in: the elements only the first call reaches,
 * then those it shares with other legs (the B2BUA), then each further leg's
 * own, each group in order of appearance. A single call keeps its order.
 */
export function columnOrder(ladder: Ladder): number[] {
  const legsOf = ladder.columns.map(() => new Set<number>());
  for (const a of ladder.arrows) {
    legsOf[a.from]?.add(a.leg);
    legsOf[a.to]?.add(a.leg);
  }
  const rank = (c: number): number => {
    const legs = legsOf[c] ?? new Set<number>();
    if (legs.size === 0) return 0;
    const first = Math.min(...legs);
    // A column of the first call and a later one is the B2BUA between them.
    if (legs.size > 1) return first * 2 + 1;
    return first * 2 + (first === 0 ? 0 : 2);
  };
  return ladder.columns.map((_, c) => c).sort((a, b) => rank(a) - rank(b) || a - b);
}

interface Row {
  arrow: LadderArrow;
  /** Index of the arrow in the ladder. */
  index: number;
  time: string;
  delta: string;
}

/** A run of arrows left out of the picture. */
interface Gap {
  gap: number;
}

/**
 * The rows drawn: every arrow, or, past `max`, the first and last halves
 * with a gap row for the middle. The deciding arrow and its neighbours stay
 * even when they fall in the middle, between two gaps.
 */
function rowsOf(arrows: readonly LadderArrow[], max: number): (Row | Gap)[] {
  let previous: number | undefined;
  const rows: Row[] = arrows.map((arrow, index) => {
    const t = arrow.time;
    const row = {
      arrow,
      index,
      time: t === undefined ? '' : clock(t),
      delta: t === undefined || previous === undefined ? '' : delta(t, previous),
    };
    previous = t ?? previous;
    return row;
  });
  if (rows.length <= max) return rows;
  const decisive = arrows.findIndex((a) => a.decisive);
  const half = Math.floor(max / 2);
  let head = half;
  let tail = max - half;
  const middle = decisive >= head && decisive < rows.length - tail;
  // Room for the deciding arrow and one arrow either side of it.
  if (middle) {
    head -= 2;
    tail -= 1;
  }
  const kept = new Set<number>();
  for (let k = 0; k < head; k++) kept.add(k);
  for (let k = rows.length - tail; k < rows.length; k++) kept.add(k);
  if (middle) for (let k = decisive - 1; k <= decisive + 1; k++) kept.add(k);
  const out: (Row | Gap)[] = [];
  for (let k = 0; k < rows.length; k++) {
    if (kept.has(k)) out.push(rows[k] as Row);
    else {
      const last = out[out.length - 1];
      if (last !== undefined && 'gap' in last) last.gap++;
      else out.push({ gap: 1 });
    }
  }
  return out;
}

/** The ladder as a standalone SVG document. */
export function renderLadderSvg(ladder: Ladder, options: LadderSvgOptions = {}): string {
  const paint = options.painter ?? SVG_TEXT;
  const max = Math.max(2, options.maxArrows ?? MAX_ARROWS);
  const order = columnOrder(ladder);
  const slot = new Map(order.map((c, k) => [c, k]));
  const count = Math.max(2, ladder.columns.length);
  const timed = ladder.arrows.some((a) => a.time !== undefined);
  const gutter = timed ? 104 : MARGIN;
  const widest = Math.max(
    0,
    ...ladder.arrows.map((a) => paint.width(arrowLabel(a), { size: LABEL_SIZE, bold: a.decisive })),
  );
  // Whole pixels, rounded so that the picture stays within MIN_WIDTH and PREFERRED_WIDTH.
  const span = Math.max(
    COLUMN_MIN,
    Math.ceil((MIN_WIDTH - gutter - MARGIN) / count),
    Math.min(
      COLUMN_MAX,
      Math.round(widest + 24),
      Math.floor((PREFERRED_WIDTH - gutter - MARGIN) / count),
    ),
  );
  const width = gutter + span * count + MARGIN;
  const centre = (column: number): number => gutter + span * ((slot.get(column) ?? 0) + 0.5);

  const out: string[] = [];
  let y = MARGIN;
  if (options.title !== undefined && options.title !== '') {
    const style = { size: 14, bold: true, fill: '#212121' };
    const lines = titleLines(paint, options.title, width - 2 * MARGIN, style);
    out.push(
      `<g class="title">${lines.map((line, k) => paint.text(MARGIN, y + 14 + k * 18, line, style)).join('')}</g>`,
    );
    y += 6 + lines.length * 18;
  }
  const multiLeg = ladder.legs.length > 1;
  if (multiLeg) {
    let x = MARGIN;
    ladder.legs.forEach((id, k) => {
      const colour = LEG_COLOURS[k % LEG_COLOURS.length] as string;
      const style = { size: SMALL_SIZE, fill: '#37474f' };
      const text = fitText(paint, `${k === 0 ? 'Call' : `Leg ${k + 1}`}: ${id}`, 300, style);
      out.push(
        `<g class="leg" data-leg="${k}"><rect x="${round(x)}" y="${y + 2}" width="10" height="10" fill="${colour}"/>` +
          `${paint.text(x + 14, y + 11, text, style)}</g>`,
      );
      x += 14 + paint.width(text, style) + 18;
    });
    y += 20;
  }

  const headerTop = y;
  ladder.columns.forEach((column, c) => {
    const cx = centre(c);
    const boxWidth = span - 14;
    const product = column.title.startsWith(column.name)
      ? column.title.slice(column.name.length).trim()
      : column.title === column.name
        ? ''
        : column.title;
    const nameStyle = {
      size: HEADER_SIZE,
      bold: true,
      fill: '#263238',
      anchor: 'middle' as const,
    };
    const productStyle = { size: SMALL_SIZE, fill: MUTED, anchor: 'middle' as const };
    out.push(
      `<g class="column" data-column="${c}">` +
        `<rect x="${round(cx - boxWidth / 2)}" y="${headerTop}" width="${boxWidth}" height="${HEADER_BOX}" rx="5" fill="#eceff1" stroke="#90a4ae"/>` +
        paint.text(
          cx,
          headerTop + (product === '' ? 25 : 17),
          fitText(paint, column.name, boxWidth - 10, nameStyle),
          nameStyle,
        ) +
        (product === ''
          ? ''
          : paint.text(
              cx,
              headerTop + 33,
              fitText(paint, product, boxWidth - 10, productStyle),
              productStyle,
            )) +
        '</g>',
    );
  });
  y = headerTop + HEADER_BOX + 8;

  const rows = rowsOf(ladder.arrows, max);
  const bodyTop = y;
  const bodyHeight = Math.max(1, rows.length) * ROW + 6;
  // Lifelines first, so rows and arrows are drawn over them.
  const lifelines = ladder.columns.map(
    (_, c) =>
      `<line class="lifeline" x1="${round(centre(c))}" y1="${headerTop + HEADER_BOX}" x2="${round(centre(c))}" y2="${bodyTop + bodyHeight}" stroke="${LIFELINE}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
  );
  const body: string[] = [];
  rows.forEach((row, k) => {
    const top = bodyTop + k * ROW;
    if ('gap' in row) {
      const left = row.gap;
      body.push(
        `<g class="gap"><rect x="${gutter}" y="${top + 4}" width="${span * count}" height="${ROW - 8}" fill="#f5f5f5"/>` +
          paint.text(
            gutter + (span * count) / 2,
            top + 21,
            `⋯ ${left} message${left === 1 ? '' : 's'} left out ⋯`,
            { size: LABEL_SIZE, fill: MUTED, anchor: 'middle' },
          ) +
          '</g>',
      );
      return;
    }
    body.push(arrowRow(row, top, { centre, gutter, width, multiLeg, paint }));
  });

  const height = bodyTop + bodyHeight + MARGIN;
  const empty =
    ladder.arrows.length === 0
      ? paint.text(width / 2, bodyTop + 20, '(no SIP messages)', {
          size: LABEL_SIZE,
          fill: MUTED,
          anchor: 'middle',
        })
      : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="sip-ladder" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${SANS}">` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>` +
    out.join('') +
    lifelines.join('') +
    body.join('') +
    empty +
    '</svg>'
  );
}

/** One arrow's row: highlight, time, line, head and label. */
function arrowRow(
  row: Row,
  top: number,
  layout: {
    centre: (c: number) => number;
    gutter: number;
    width: number;
    multiLeg: boolean;
    paint: TextPainter;
  },
): string {
  const { arrow } = row;
  const { paint } = layout;
  const cls = messageClass(arrow.label);
  const colour = CLASS_COLOURS[cls];
  const lineY = top + 23;
  const x1 = round(layout.centre(arrow.from));
  const x2 = round(layout.centre(arrow.to));
  const label = arrowLabel(arrow);
  const retransmitted = arrow.count > 1;
  const parts: string[] = [];
  const classes = ['arrow', `class-${cls}`];
  if (arrow.decisive) classes.push('decisive');
  if (retransmitted) classes.push('retransmitted');
  parts.push(
    `<g class="${classes.join(' ')}" data-arrow="${row.index}" data-message="${arrow.message + 1}" data-leg="${arrow.leg}">`,
  );
  const tip = `#${arrow.message + 1} ${arrow.label}${retransmitted ? ` (sent ${arrow.count} times)` : ''}`;
  parts.push(`<title>${xmlEscape(tip)}</title>`);
  // A band over the whole row makes it one click target in the report; only the deciding row shows it.
  parts.push(
    `<rect class="hit" x="0" y="${top}" width="${layout.width}" height="${ROW}" fill="${arrow.decisive ? HIGHLIGHT : '#ffffff'}" fill-opacity="${arrow.decisive ? 1 : 0}"/>`,
  );
  if (layout.multiLeg) {
    const legColour = LEG_COLOURS[arrow.leg % LEG_COLOURS.length] as string;
    parts.push(
      `<rect class="leg-mark" x="${layout.gutter - 6}" y="${top + 6}" width="4" height="${ROW - 10}" fill="${legColour}"/>`,
    );
  }
  if (row.time !== '') {
    parts.push(
      paint.text(MARGIN - 4, top + 15, row.time, { size: SMALL_SIZE, mono: true, fill: '#37474f' }),
    );
    if (row.delta !== '')
      parts.push(
        paint.text(MARGIN - 4, top + 28, row.delta, { size: 10, mono: true, fill: MUTED }),
      );
  }
  const stroke = arrow.decisive ? 3 : 1.6;
  const dash = retransmitted ? ' stroke-dasharray="7 4"' : '';
  const labelStyle = { size: LABEL_SIZE, fill: colour, bold: arrow.decisive };
  if (x1 === x2) {
    // A message an element sent itself: a small loop to the right of its lifeline.
    const loop = 34;
    parts.push(
      `<path d="M${x1} ${lineY - 9} h${loop} v12 h${-loop + 8}" fill="none" stroke="${colour}" stroke-width="${stroke}"${dash}/>`,
      head(x1, lineY + 3, -1, colour),
      paint.text(x1 + loop + 6, lineY - 1, label, labelStyle),
    );
  } else {
    const dir = x2 > x1 ? 1 : -1;
    parts.push(
      `<line x1="${x1}" y1="${lineY}" x2="${round(x2 - dir * 9)}" y2="${lineY}" stroke="${colour}" stroke-width="${stroke}"${dash}/>`,
      head(x2, lineY, dir, colour),
      paint.text((x1 + x2) / 2, lineY - 6, label, { ...labelStyle, anchor: 'middle', halo: true }),
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/** An arrow head with its tip at (x, y), pointing right (dir 1) or left (-1). */
function head(x: number, y: number, dir: 1 | -1, colour: string): string {
  const back = round(x - dir * 10);
  return `<path d="M${x} ${y} L${back} ${y - 5} L${back} ${y + 5} Z" fill="${colour}"/>`;
}
