/**
 * Rebuilds one message from the lines after its start line: header lines
 * (with folded continuations), the blank line, and a body framed by
 * Content-Length (or running to the next start line, boundary or end when
 * there is none). A line that is not a header after the headers starts the
 * body (the blank line was lost). Lines are re-joined with CRLF, as on the
 * wire; a body whose byte count only fits with LF line ends keeps LF.
 */

import { END_CR, END_CRLF, END_LF, END_NONE, type TextLines } from './extract-types.js';
import { isAsteriskEndMarker } from './formats/asterisk.js';
import { isPjsipEndMarker } from './formats/pjsip.js';
import { decidePrefixMode, type PrefixMode, stripPrefix } from './line-prefixes.js';
import {
  findStartLine,
  headerColon,
  isBlank,
  isSpaceOrTab,
  type StartLineMatch,
} from './start-line.js';
import { cutToUtf8Bytes, utf8Length } from './text-bytes.js';

const CRLF = '\r\n';
const RAW: PrefixMode = { kind: 'raw' };
const NOT_CORE = 0;
const CORE = 1;
const CONTENT_LENGTH = 2;
const CONTENT_TYPE = 3;

/** Header names that tell SIP apart from other "Name: value" text, by length; compact forms too. */
const CORE_NAMES: Record<number, readonly (readonly [string, number])[]> = {
  1: [
    ['v', CORE],
    ['f', CORE],
    ['t', CORE],
    ['i', CORE],
    ['m', CORE],
    ['l', CONTENT_LENGTH],
    ['c', CONTENT_TYPE],
  ],
  2: [['to', CORE]],
  3: [['via', CORE]],
  4: [
    ['from', CORE],
    ['cseq', CORE],
  ],
  7: [
    ['call-id', CORE],
    ['contact', CORE],
  ],
  12: [
    ['max-forwards', CORE],
    ['content-type', CONTENT_TYPE],
  ],
  14: [['content-length', CONTENT_LENGTH]],
};

/** What the header named before `colon` tells (SIP or not, framing), without allocating. */
function headerKind(line: string, colon: number): number {
  let end = colon;
  while (end > 0 && isSpaceOrTab(line.charCodeAt(end - 1))) end--;
  const candidates = CORE_NAMES[end];
  if (!candidates) return NOT_CORE;
  for (const [name, kind] of candidates) {
    let same = true;
    for (let i = 0; i < end && same; i++) same = (line.charCodeAt(i) | 0x20) === name.charCodeAt(i);
    if (same) return kind;
  }
  return NOT_CORE;
}
/** Foreign lines skipped in a row inside a prefixed message before it is given up. */
const MAX_SKIPPED = 50;

/** How a message is read; one object may serve many messages (and read them again, see ReadAgain). */
export interface ReadOptions {
  /** The lines after the start line carry no prefix, whatever precedes the start line (tcpdump -A). */
  readonly raw?: boolean;
  /** Each line ends with a "." printed for its CR (ngrep -W byline). */
  readonly dotForCr?: boolean;
  readonly dashLineEnds?: boolean;
  readonly hashLineEnds?: boolean;
  /** True for a line that ends any message (a fence, another tool's frame header); `line` is its text. */
  readonly isBoundary: (index: number, line: string) => boolean;
  /**
   * Nothing announced this message, so it must show a header every SIP
   * message has (Via, Call-ID...) among its first headers; otherwise reading
   * stops early and `coreHeaderCount` is 0.
   */
  readonly requireCoreHeader?: boolean;
}

/** Headers read, none of them a core SIP header, before unannounced text is given up as not SIP. */
const MAX_HEADERS_WITHOUT_CORE = 40;

export interface MessageRead {
  text: string;
  /** Index of the first line not taken. */
  next: number;
  headerCount: number;
  /** Headers every SIP message has (Via, From, To, Call-ID, CSeq...), compact forms included. */
  coreHeaderCount: number;
  /** The body is shorter than Content-Length says. */
  truncated: boolean;
  mode: PrefixMode;
  /** What preceded the start line on its line. */
  prefix: string;
}

/** Reads the message whose start line `start` was found on line `index` of `lines`. */
export function readMessage(
  lines: TextLines,
  index: number,
  start: StartLineMatch,
  options: ReadOptions,
): MessageRead {
  const first = lines.at(index) ?? '';
  const prefix = first.slice(0, start.start);
  const mode: PrefixMode = options.raw ? RAW : decidePrefixMode(prefix, lines.at(index + 1));
  const skippable = mode.kind === 'prefixed' && !isBlank(mode.text);
  const dotForCr = options.dotForCr === true;

  // Trailing whitespace is kept: the message may have had it (RFC 4475 "trws").
  let startLine = first.slice(start.start);
  if (dotForCr && startLine.endsWith('.')) startLine = startLine.slice(0, -1);
  const ends = lines.ends;
  // Pasted with its CRs, the message keeps each line's own end (binary bodies, stray LFs).
  let keepEnds = ends[index] === END_CRLF;

  // The message's lines as they will be joined with CRLF: the start line, then the header lines.
  // One join at the end makes the text a single flat string, which the parser reads as it is.
  const message: string[] = [startLine];
  let headerCount = 0;
  let contentLength: number | undefined;
  let seenLength = false;
  let coreHeaderCount = 0;
  let sipfrag = false;
  let bodyStart = -1;
  let j = index + 1;
  let skipped = 0;
  for (; j < lines.count; j++) {
    const line = lines.at(j) ?? '';
    const content = contentOf(line, mode, dotForCr);
    // Guarded: charCodeAt past the end (a blank line) would deoptimise the compiled loop.
    const first = content === null || content.length === 0 ? -1 : content.charCodeAt(0);
    // A header line is never a tool's frame header, except tcpdump's, which starts with a digit.
    const colon = first > 57 ? headerColon(content ?? '') : -1;
    if (colon > 0 && content !== null) {
      if (
        options.requireCoreHeader &&
        coreHeaderCount === 0 &&
        headerCount >= MAX_HEADERS_WITHOUT_CORE
      )
        break;
      message.push(content);
      headerCount++;
      if (ends[j] === END_CRLF) keepEnds = true;
      const kind = headerKind(content, colon);
      if (kind === CORE || kind === CONTENT_LENGTH) coreHeaderCount++;
      if (kind === CONTENT_LENGTH) {
        // Two different lengths leave the body's size unknowable: frame it as if none were given.
        const value = parseLength(content.slice(colon + 1));
        if (!seenLength) contentLength = value;
        else if (value !== contentLength) contentLength = undefined;
        seenLength = true;
      } else if (kind === CONTENT_TYPE) {
        sipfrag = content
          .slice(colon + 1)
          .trim()
          .toLowerCase()
          .startsWith('message/');
      }
      skipped = 0;
      continue;
    }
    if (options.isBoundary(j, line)) break;
    if (content === null) {
      if (skippable && ++skipped <= MAX_SKIPPED) continue;
      break;
    }
    skipped = 0;
    if (isBlank(content)) {
      bodyStart = j + 1;
      break;
    }
    if (isSpaceOrTab(content.charCodeAt(0))) {
      if (headerCount === 0) break;
      message.push(content);
      headerCount++;
      continue;
    }
    if (headerColon(content) > 0) {
      message.push(content);
      headerCount++;
      continue;
    }
    if (headerCount === 0 || endsMessage(content, options, false)) break;
    bodyStart = j;
    break;
  }

  if (options.requireCoreHeader && coreHeaderCount === 0) {
    return {
      text: '',
      next: index + 1,
      headerCount,
      coreHeaderCount,
      truncated: false,
      mode,
      prefix,
    };
  }

  let next = j;
  const bodyLines: string[] = [];
  const bodyEnds: number[] = [];
  if (bodyStart >= 0) {
    next = bodyStart;
    if (contentLength !== 0) {
      const read: BodyRead = {
        mode,
        dotForCr,
        skippable,
        sipfrag,
        keepEnds,
        contentLength,
        lines: bodyLines,
        ends: bodyEnds,
      };
      next = readBodyLines(lines, bodyStart, read, options);
    }
  }

  const { body, truncated } = keepEnds
    ? frameBodyAsPasted(bodyLines, bodyEnds, contentLength)
    : frameBody(bodyLines, contentLength);
  // The blank line, then the body.
  message.push('', body);
  return {
    text: message.join(CRLF),
    next,
    headerCount,
    coreHeaderCount,
    truncated,
    mode,
    prefix,
  };
}

/** The text of `line` under the message's prefix mode; null when the line does not carry it. */
function contentOf(line: string, mode: PrefixMode, dotForCr: boolean): string | null {
  const content = stripPrefix(line, mode);
  if (content === null || !dotForCr || !content.endsWith('.')) return content;
  return content.slice(0, -1);
}

/** A line that starts the next message or closes this one (a tool's end marker). */
function endsMessage(content: string, options: ReadOptions, sipfrag: boolean): boolean {
  return (
    (!sipfrag && findStartLine(content) !== undefined) ||
    isAsteriskEndMarker(content) ||
    isPjsipEndMarker(content) ||
    (options.dashLineEnds === true && isDashLine(content)) ||
    (options.hashLineEnds === true && isHashLine(content))
  );
}

/** How a body is read, and the lines (with their ends) it collects. */
interface BodyRead {
  mode: PrefixMode;
  dotForCr: boolean;
  /** Lines without the message's prefix may be skipped (interleaved log lines). */
  skippable: boolean;
  /** A message/sipfrag body holds a start line of its own. */
  sipfrag: boolean;
  keepEnds: boolean;
  contentLength: number | undefined;
  lines: string[];
  ends: number[];
}

/**
 * Collects the body's lines from line `from` into `read` until Content-Length
 * is reached, or a boundary, the next start line or an end marker comes;
 * returns the index of the first line not taken. Kept apart from
 * readMessage so that each compiles small: a cold process runs both
 * before the optimising compiler is done with them.
 */
function readBodyLines(
  lines: TextLines,
  from: number,
  read: BodyRead,
  options: ReadOptions,
): number {
  const { contentLength, keepEnds } = read;
  const ends = lines.ends;
  let bytes = 0;
  let skipped = 0;
  let k = from;
  for (; k < lines.count; k++) {
    const line = lines.at(k) ?? '';
    if (options.isBoundary(k, line)) break;
    const content = contentOf(line, read.mode, read.dotForCr);
    if (content === null) {
      if (read.skippable && ++skipped <= MAX_SKIPPED) continue;
      break;
    }
    skipped = 0;
    if (endsMessage(content, options, read.sipfrag)) break;
    const lineEnd = keepEnds ? (ends[k] ?? END_NONE) : END_CRLF;
    read.lines.push(content);
    read.ends.push(lineEnd);
    bytes += utf8Length(content) + endBytes(lineEnd);
    // A log that put its own LF where the message's last CRLF was still completes the body.
    if (
      contentLength !== undefined &&
      (bytes >= contentLength || bytes + 2 - endBytes(lineEnd) === contentLength)
    ) {
      return k + 1;
    }
  }
  return k;
}

/**
 * Joins body lines and cuts them to Content-Length. Lines are joined with
 * CRLF unless the declared length only fits LF line ends. Without a
 * Content-Length, trailing blank lines are taken as spacing, not body.
 */
function frameBody(
  lines: string[],
  contentLength: number | undefined,
): { body: string; truncated: boolean } {
  let bytes = utf8LengthOfLines(lines);
  if (contentLength === undefined || bytes + 2 * lines.length < contentLength) {
    while (lines.length > 0 && isBlank(lines[lines.length - 1] ?? ''))
      bytes -= utf8Length(lines.pop() ?? '');
  }
  if (lines.length === 0) return { body: '', truncated: (contentLength ?? 0) > 0 };
  if (contentLength === undefined) return { body: lines.join(CRLF) + CRLF, truncated: false };

  const withCrlf = bytes + 2 * lines.length;
  const withLf = bytes + lines.length;
  const fitsCrlf = contentLength === withCrlf || contentLength === withCrlf - 2;
  const fitsLf = contentLength === withLf || contentLength === withLf - 1;
  const eol = !fitsCrlf && fitsLf ? '\n' : CRLF;
  const joined = lines.join(eol) + eol;
  const total = eol === CRLF ? withCrlf : withLf;
  if (total <= contentLength) return { body: joined, truncated: total < contentLength };
  return { body: cutToUtf8Bytes(joined, contentLength), truncated: false };
}

/** Body lines joined with the line ends they had in the paste, cut to Content-Length. */
function frameBodyAsPasted(
  lines: string[],
  ends: number[],
  contentLength: number | undefined,
): { body: string; truncated: boolean } {
  if (contentLength === undefined || lines.length === 0) return frameBody(lines, contentLength);
  let body = '';
  const last = lines.length - 1;
  for (let i = 0; i < last; i++) body += (lines[i] ?? '') + END_TEXT[ends[i] ?? END_NONE];
  body += lines[last] ?? '';
  const withoutEnd = utf8Length(body);
  const lastEnd = END_TEXT[ends[last] ?? END_NONE] ?? CRLF;
  // The last line's own end, or CRLF when the paste's line end there was a log's, not the message's.
  const end = withoutEnd + lastEnd.length >= contentLength ? lastEnd : CRLF;
  body += end;
  const bytes = withoutEnd + end.length;
  if (bytes < contentLength) return frameBody(lines, contentLength);
  return {
    body: bytes === contentLength ? body : cutToUtf8Bytes(body, contentLength),
    truncated: false,
  };
}

/** The text of each END_* code; a line without an end (the paste's last) is given CRLF. */
const END_TEXT = ['\r\n', '\n', '\r\n', '\r'];

function endBytes(end: number): number {
  return end === END_LF || end === END_CR ? 1 : 2;
}

function utf8LengthOfLines(lines: readonly string[]): number {
  let bytes = 0;
  for (const line of lines) bytes += utf8Length(line);
  return bytes;
}

function parseLength(value: string): number | undefined {
  const t = value.trim();
  if (!/^\d{1,12}$/.test(t)) return undefined;
  return Number(t);
}

/** A line of dashes (at least 8), as FreeSWITCH and old sngrep print around messages. */
export function isDashLine(content: string): boolean {
  const t = content.trim();
  if (t.length < 8) return false;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) !== 45) return false;
  return true;
}

/** ngrep's "#" separator line. */
export function isHashLine(content: string): boolean {
  const t = content.trim();
  if (t.length === 0) return false;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) !== 35) return false;
  return true;
}
