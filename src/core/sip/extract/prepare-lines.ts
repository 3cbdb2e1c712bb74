/**
 * Splits a paste into lines and removes what never belongs to a message:
 * any line end (CRLF, LF, CR, and CR CR LF from double conversion), chat
 * quote markers ("> ", "> > "), Markdown fences (kept as boundaries, also
 * Slack's ```text on the same line```), escaped line ends inside one log
 * line (rsyslog's "#015#012", a literal "\r\n"), and JSON log lines (turned
 * into their text, or kept as records).
 */
import { END_CR, END_CRLF, END_LF, END_NONE, LINE_FENCE, LINE_RECORD, type TextLines } from './extract-types.js';
import { readJsonLine } from './formats/json-logs.js';

/** Prepares `text` for scanning; JSON lines are read only when `jsonLines` is set. */
export function prepareLines(text: string, jsonLines = true): TextLines {
  const out = new LineList(Math.max(16, text.length >> 5));
  let lineNumber = 0;
  let from = 0;
  const n = text.length;
  while (from <= n) {
    let nl = text.indexOf('\n', from);
    if (nl < 0) nl = n;
    let end = nl;
    while (end > from && text.charCodeAt(end - 1) === 13) end--;
    const physical = text.slice(from, end);
    const lineEnd = nl === n ? (end < nl ? END_CR : END_NONE) : end < nl ? END_CRLF : END_LF;
    from = nl + 1;
    if (nl === n && physical.length === 0) break;
    // A CR alone (old Mac line ends, bytes in a binary body) also ends a line.
    if (physical.indexOf('\r') >= 0) {
      const pieces = physical.split('\r');
      for (let p = 0; p < pieces.length; p++) {
        addLine(out, pieces[p] ?? '', ++lineNumber, jsonLines, p === pieces.length - 1 ? lineEnd : END_CR);
      }
    } else {
      addLine(out, physical, ++lineNumber, jsonLines, lineEnd);
    }
  }
  return out.finish();
}

/** Lines being collected; numbers and flags in typed arrays that grow by doubling. */
class LineList {
  readonly text: string[] = [];
  readonly records = new Map<number, Record<string, unknown>>();
  private numbers: Int32Array;
  private flags: Uint8Array;
  private ends: Uint8Array;

  constructor(capacity: number) {
    this.numbers = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.ends = new Uint8Array(capacity);
  }

  push(text: string, lineNumber: number, flags: number, lineEnd: number): void {
    const at = this.text.length;
    if (at === this.numbers.length) {
      const numbers = new Int32Array(at * 2);
      numbers.set(this.numbers);
      this.numbers = numbers;
      const flagsCopy = new Uint8Array(at * 2);
      flagsCopy.set(this.flags);
      this.flags = flagsCopy;
      const endsCopy = new Uint8Array(at * 2);
      endsCopy.set(this.ends);
      this.ends = endsCopy;
    }
    this.text.push(text);
    this.numbers[at] = lineNumber;
    this.flags[at] = flags;
    this.ends[at] = lineEnd;
  }

  finish(): TextLines {
    const n = this.text.length;
    return {
      text: this.text,
      number: this.numbers.subarray(0, n),
      flags: this.flags.subarray(0, n),
      ends: this.ends.subarray(0, n),
      records: this.records,
    };
  }
}

function push(out: LineList, text: string, lineNumber: number, flags = 0, lineEnd = END_NONE): void {
  out.push(text, lineNumber, flags, lineEnd);
}

function addLine(out: LineList, raw: string, lineNumber: number, jsonLines: boolean, lineEnd: number): void {
  const line = raw.charCodeAt(0) === 62 ? stripQuote(raw) : raw;

  if (jsonLines && line.charCodeAt(0) === 123 && line.trimEnd().endsWith('}')) {
    const json = readJsonLine(line);
    if (json?.kind === 'record') {
      out.records.set(out.text.length, json.record);
      push(out, '', lineNumber, LINE_RECORD);
      return;
    }
    if (json?.kind === 'lines') {
      for (const piece of json.lines) push(out, piece, lineNumber, json.flag);
      return;
    }
  }

  const fence = fenceAt(line);
  if (fence >= 0) {
    const rest = line.slice(fence).trim();
    if (rest.length === 0 || (!/\s/.test(rest) && !rest.includes('```'))) {
      push(out, '', lineNumber, LINE_FENCE);
      return;
    }
    // Slack style: content right after the opening fence, maybe closed on the same line.
    push(out, '', lineNumber, LINE_FENCE);
    addContent(out, line.slice(fence), lineNumber, lineEnd);
    return;
  }
  addContent(out, line, lineNumber, lineEnd);
}

function addContent(out: LineList, line: string, lineNumber: number, lineEnd: number): void {
  let content = line;
  let closes = false;
  if (content.endsWith('```') && content.length > 3) {
    content = content.slice(0, -3);
    closes = true;
  }
  const expanded = expandEscapedLineEnds(content);
  if (expanded) for (const piece of expanded) push(out, piece, lineNumber);
  else push(out, content, lineNumber, 0, closes ? END_NONE : lineEnd);
  if (closes) push(out, '', lineNumber, LINE_FENCE);
}

/** Removes chat quote markers: ">", "> ", "> > ", ">>". */
function stripQuote(line: string): string {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 62) {
    i++;
    if (line.charCodeAt(i) === 32) i++;
  }
  return line.slice(i);
}

/** Where the text after a Markdown fence starts (after up to 3 spaces and 3+ ` or ~), or -1. */
function fenceAt(line: string): number {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 32) i++;
  const mark = line.charCodeAt(i);
  if (mark !== 96 && mark !== 126) return -1;
  let j = i;
  while (j < line.length && line.charCodeAt(j) === mark) j++;
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
 * into lines; undefined when the line has no such escapes (at least two).
 */
function expandEscapedLineEnds(line: string): string[] | undefined {
  if (line.length < 60 || line.indexOf('SIP/2.0') < 0) return undefined;
  if (line.indexOf('#012') < 0 && line.indexOf('\\n') < 0) return undefined;
  for (const [lineEnd, tab] of ESCAPES) {
    const first = line.indexOf(lineEnd);
    if (first < 0 || line.indexOf(lineEnd, first + lineEnd.length) < 0) continue;
    return line.split(lineEnd).map((piece) => (piece.includes(tab) ? piece.split(tab).join('\t') : piece));
  }
  return undefined;
}
