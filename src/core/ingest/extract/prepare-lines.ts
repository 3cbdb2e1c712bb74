/**
 * Splits a paste into lines and removes what never belongs to a message:
 * any line end (CRLF, LF, CR, and CR CR LF from double conversion), chat
 * quote markers ("> ", "> > "), Markdown fences (kept as boundaries, also
 * Slack's ```text on the same line```), escaped line ends inside one log
 * line (rsyslog's "#015#012", a literal "\r\n"), and JSON log lines (turned
 * into their text, or kept as records). Lines are kept as offsets into the
 * paste; only text that is not a plain slice of it is stored.
 */
import {
  END_CR,
  END_CRLF,
  END_LF,
  END_NONE,
  LINE_FENCE,
  LINE_RECORD,
  type TextLines,
} from './extract-types.js';
import { readJsonLine } from './formats/json-logs.js';
import { decodePythonBytesLine } from './formats/python-bytes.js';

/** Set on lines whose text is stored rather than sliced from the paste. */
const LINE_STORED = 128;

/** Prepares `text` for scanning; JSON lines are read only when `jsonLines` is set. */
export function prepareLines(text: string, jsonLines = true): TextLines {
  const out = new PreparedLines(text, Math.max(16, text.length >> 5));
  let lineNumber = 0;
  let from = 0;
  const n = text.length;
  // The next CR at or after the current line, found once per CR so the search stays linear.
  let nextCr = text.indexOf('\r');
  if (nextCr < 0) nextCr = n;
  while (from <= n) {
    let nl = text.indexOf('\n', from);
    if (nl < 0) nl = n;
    let end = nl;
    while (end > from && text.charCodeAt(end - 1) === 13) end--;
    const lineEnd = nl === n ? (end < nl ? END_CR : END_NONE) : end < nl ? END_CRLF : END_LF;
    const start = from;
    from = nl + 1;
    if (nl === n && end === start) break;
    // A CR alone (old Mac line ends, bytes in a binary body) also ends a line.
    if (nextCr < start) {
      nextCr = text.indexOf('\r', start);
      if (nextCr < 0) nextCr = n;
    }
    if (nextCr < end) {
      let pieceStart = start;
      while (nextCr < end) {
        addLine(out, pieceStart, nextCr, ++lineNumber, jsonLines, END_CR);
        pieceStart = nextCr + 1;
        nextCr = text.indexOf('\r', pieceStart);
        if (nextCr < 0) nextCr = n;
      }
      addLine(out, pieceStart, end, ++lineNumber, jsonLines, lineEnd);
    } else {
      addLine(out, start, end, ++lineNumber, jsonLines, lineEnd);
    }
  }
  return out.finish();
}

/** Lines as offsets into the paste, with numbers, flags and line ends in typed arrays that grow by doubling. */
class PreparedLines implements TextLines {
  count = 0;
  readonly records = new Map<number, Record<string, unknown>>();
  number: Int32Array;
  flags: Uint8Array;
  ends: Uint8Array;
  private starts: Int32Array;
  private stops: Int32Array;
  private readonly stored = new Map<number, string>();
  /** The next terminal escape at or after the line being added (the paste's length: none). */
  nextEscape = -1;

  constructor(
    readonly source: string,
    capacity: number,
  ) {
    this.number = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.ends = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.stops = new Int32Array(capacity);
  }

  at(k: number): string | undefined {
    if (k < 0 || k >= this.count) return undefined;
    if ((this.flags[k] ?? 0) & LINE_STORED) return this.stored.get(k) ?? '';
    return this.source.slice(this.starts[k], this.stops[k]);
  }

  /** Adds the paste's text from `start` to `stop` as a line. */
  pushRange(start: number, stop: number, lineNumber: number, flags: number, lineEnd: number): void {
    const at = this.grow();
    this.starts[at] = start;
    this.stops[at] = stop;
    this.number[at] = lineNumber;
    this.flags[at] = flags;
    this.ends[at] = lineEnd;
  }

  /** Adds a line whose text is not a slice of the paste. */
  pushText(text: string, lineNumber: number, flags: number, lineEnd: number): void {
    const at = this.grow();
    if (text.length > 0) {
      this.stored.set(at, text);
      flags |= LINE_STORED;
    }
    this.number[at] = lineNumber;
    this.flags[at] = flags;
    this.ends[at] = lineEnd;
  }

  /** Where a RECORD line will be. */
  get nextIndex(): number {
    return this.count;
  }

  finish(): TextLines {
    const n = this.count;
    this.number = this.number.subarray(0, n);
    this.flags = this.flags.subarray(0, n);
    this.ends = this.ends.subarray(0, n);
    return this;
  }

  private grow(): number {
    const at = this.count;
    if (at === this.starts.length) {
      const size = at * 2;
      this.number = copyInto(new Int32Array(size), this.number);
      this.starts = copyInto(new Int32Array(size), this.starts);
      this.stops = copyInto(new Int32Array(size), this.stops);
      this.flags = copyInto(new Uint8Array(size), this.flags);
      this.ends = copyInto(new Uint8Array(size), this.ends);
    }
    this.count = at + 1;
    return at;
  }
}

function copyInto<T extends Int32Array | Uint8Array>(target: T, source: T): T {
  target.set(source);
  return target;
}

function addLine(
  out: PreparedLines,
  lineStart: number,
  stop: number,
  lineNumber: number,
  jsonLines: boolean,
  lineEnd: number,
): void {
  const text = out.source;
  const start = text.charCodeAt(lineStart) === 62 ? afterQuote(text, lineStart, stop) : lineStart;

  if (jsonLines && text.charCodeAt(start) === 123 && lastNonSpace(text, start, stop) === 125) {
    const json = readJsonLine(text.slice(start, stop));
    if (json?.kind === 'record') {
      out.records.set(out.nextIndex, json.record);
      out.pushText('', lineNumber, LINE_RECORD, END_NONE);
      return;
    }
    if (json?.kind === 'lines') {
      for (const piece of json.lines) out.pushText(piece, lineNumber, json.flag, END_NONE);
      return;
    }
  }

  const fence = fenceAt(text, start, stop);
  if (fence >= 0) {
    const rest = text.slice(fence, stop).trim();
    out.pushText('', lineNumber, LINE_FENCE, END_NONE);
    // Slack style: content right after the opening fence, maybe closed on the same line.
    if (/\s/.test(rest) || rest.includes('```')) addContent(out, fence, stop, lineNumber, lineEnd);
    return;
  }
  addContent(out, start, stop, lineNumber, lineEnd);
}

function addContent(
  out: PreparedLines,
  start: number,
  stop: number,
  lineNumber: number,
  lineEnd: number,
): void {
  const text = out.source;
  let end = stop;
  const closes = end - start > 3 && text.startsWith('```', end - 3);
  if (closes) end -= 3;
  const ownEnd = closes ? END_NONE : lineEnd;
  if (out.nextEscape < start) {
    // Found once per escape, as for CRs, so the search stays linear.
    const at = text.indexOf('\x1b[', start);
    out.nextEscape = at < 0 ? text.length : at;
  }
  if (out.nextEscape < end) {
    // Terminal colours (ESP-IDF monitors, coloured loggers) never belong to a message.
    const plain = stripTerminalEscapes(text.slice(start, end));
    if (!addEscapedLines(out, plain, -1, lineNumber)) out.pushText(plain, lineNumber, 0, ownEnd);
  } else if (end - start < 60 || !addEscapedLines(out, text.slice(start, end), start, lineNumber)) {
    out.pushRange(start, end, lineNumber, 0, ownEnd);
  }
  if (closes) out.pushText('', lineNumber, LINE_FENCE, END_NONE);
}

/** `line` without a terminal's colour and style sequences (ESC [ digits ; ... letter). */
function stripTerminalEscapes(line: string): string {
  let out = '';
  let from = 0;
  for (let at = line.indexOf('\x1b[', from); at >= 0; at = line.indexOf('\x1b[', from)) {
    let k = at + 2;
    while (k < line.length && k - at < 24 && /[0-9;?]/.test(line.charAt(k))) k++;
    const c = line.charCodeAt(k) | 0x20;
    if (k >= line.length || c < 97 || c > 122) break;
    out += line.slice(from, at);
    from = k + 1;
  }
  return out + line.slice(from);
}

/** After chat quote markers: ">", "> ", "> > ", ">>". */
function afterQuote(text: string, start: number, stop: number): number {
  let i = start;
  while (i < stop && text.charCodeAt(i) === 62) {
    i++;
    if (i < stop && text.charCodeAt(i) === 32) i++;
  }
  return i;
}

function lastNonSpace(text: string, start: number, stop: number): number {
  let i = stop;
  while (i > start && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  return i > start ? text.charCodeAt(i - 1) : -1;
}

/** Where the text after a Markdown fence starts (after up to 3 spaces and 3+ ` or ~), or -1. */
function fenceAt(text: string, start: number, stop: number): number {
  let i = start;
  while (i < start + 3 && i < stop && text.charCodeAt(i) === 32) i++;
  const mark = text.charCodeAt(i);
  if (i >= stop || (mark !== 96 && mark !== 126)) return -1;
  let j = i;
  while (j < stop && text.charCodeAt(j) === mark) j++;
  return j - i >= 3 ? j : -1;
}

const ESCAPES: readonly [string, string][] = [
  ['#015#012', '#011'],
  ['#012', '#011'],
  ['\\r\\n', '\\t'],
  ['\\n', '\\t'],
];

/**
 * A SIP message logged on one line with its line ends escaped, split back
 * into lines (at least two escapes needed); false when the line has none.
 * `line` is the line's text, `start` where it begins in the paste (-1 when
 * it is not a slice of the paste). A Python bytes literal is decoded whole.
 */
function addEscapedLines(
  out: PreparedLines,
  line: string,
  start: number,
  lineNumber: number,
): boolean {
  if (line.length < 60) return false;
  if (line.indexOf('SIP/2.0') < 0) return false;
  if (line.indexOf('#012') < 0 && line.indexOf('\\n') < 0) return false;
  if (line.indexOf("b'") >= 0 || line.indexOf('b"') >= 0) {
    const pieces = decodePythonBytesLine(line);
    if (pieces) {
      for (const piece of pieces) out.pushText(piece, lineNumber, 0, END_NONE);
      return true;
    }
  }
  for (const [lineEnd, tab] of ESCAPES) {
    const first = line.indexOf(lineEnd);
    if (first < 0 || line.indexOf(lineEnd, first + lineEnd.length) < 0) continue;
    let pieceStart = 0;
    for (;;) {
      const at = line.indexOf(lineEnd, pieceStart);
      const pieceEnd = at < 0 ? line.length : at;
      const piece = line.slice(pieceStart, pieceEnd);
      if (piece.includes(tab) || start < 0)
        out.pushText(piece.split(tab).join('\t'), lineNumber, 0, END_NONE);
      else out.pushRange(start + pieceStart, start + pieceEnd, lineNumber, 0, END_NONE);
      if (at < 0) break;
      pieceStart = at + lineEnd.length;
    }
    return true;
  }
  return false;
}
