/**
 * Multipart bodies (RFC 2046 §5.1) as SIP carries them: SDP next to ISUP
 * (SIP-I/SIP-T, RFC 3204), a PIDF-LO location (RFC 6442), or alternative SDPs.
 * Each part keeps its own headers and body and the line it starts on, so a
 * part can be handed on to the SDP parser with problems pointing into the
 * original message. Nested multiparts are parsed too, to a bounded depth.
 */
import { type ContentType, clip, ProblemList, parseContentType } from './content-type.js';
import type { Problem } from './types.js';

export interface PartHeader {
  /** As written. */
  name: string;
  /** Lower-cased. */
  key: string;
  /** Unfolded and trimmed. */
  value: string;
  line: number;
}

export interface MultipartPart {
  headers: PartHeader[];
  /** The part's Content-Type value as written, when it has one. */
  contentType?: string;
  /** "type/subtype", lower-cased; RFC 2046 makes a part without Content-Type text/plain. */
  mediaType: string;
  body: string;
  /** Index of the part's body in the multipart body string. */
  bodyOffset: number;
  /** Line where the part (its first header) starts. */
  line: number;
  /** Line where the part's body starts. */
  bodyLine: number;
  /** The parsed parts when this part is itself a multipart. */
  parts?: MultipartPart[];
}

export interface MultipartBody {
  /** Lower-cased subtype ("mixed", "alternative", "related"...). */
  subtype: string;
  /** The boundary, unquoted; undefined when the Content-Type has none. */
  boundary?: string;
  parts: MultipartPart[];
  /** Text before the first delimiter (normally empty or ignorable). */
  preamble: string;
  /** Text after the close delimiter. */
  epilogue: string;
  /** True when the close delimiter ("--boundary--") was found. */
  closed: boolean;
  problems: Problem[];
}

export interface MultipartOptions {
  /** Message line of the body's first line, so problems point into the message. Default 1. */
  firstLine?: number;
  /** Deepest nesting of multiparts that is parsed (default 4). */
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 4;
/** RFC 2046: a boundary is 1 to 70 characters. */
const MAX_BOUNDARY = 70;

/** Parses a multipart body with the boundary from its Content-Type (text or parsed). Never throws. */
export function parseMultipart(
  body: string,
  contentType: string | ContentType,
  options: MultipartOptions = {},
): MultipartBody {
  const list = new ProblemList();
  const result = parseLevel(
    body,
    contentType,
    options.firstLine ?? 1,
    options.maxDepth ?? DEFAULT_MAX_DEPTH,
    list,
  );
  result.problems = list.finish();
  return result;
}

function parseLevel(
  body: string,
  contentType: string | ContentType,
  firstLine: number,
  depth: number,
  list: ProblemList,
): MultipartBody {
  const type = typeof contentType === 'string' ? parseContentType(contentType) : contentType;
  const result: MultipartBody = {
    subtype: type.subtype,
    parts: [],
    preamble: '',
    epilogue: '',
    closed: false,
    problems: [],
  };
  if (type.type !== 'multipart') {
    list.add(
      'warning',
      'multipart.content-type',
      `The body is parsed as multipart but its Content-Type is "${clip(type.raw)}".`,
      firstLine,
    );
  }
  const boundary = type.boundary;
  if (boundary === undefined || boundary.length === 0) {
    list.add(
      'error',
      'multipart.boundary.missing',
      'The multipart Content-Type has no boundary parameter, so its parts cannot be found.',
      firstLine,
    );
    result.preamble = body;
    return result;
  }
  result.boundary = boundary;
  if (boundary.length > MAX_BOUNDARY || boundary.endsWith(' ')) {
    list.add(
      'warning',
      'multipart.boundary.syntax',
      'The multipart boundary is longer than 70 characters or ends in a space, which RFC 2046 does not allow.',
      firstLine,
    );
  }

  const lines = new LineCounter(body, firstLine);
  const delimiter = `--${boundary}`;
  let from = 0;
  let partStart = -1;
  let found = false;
  while (from <= body.length) {
    const hit = findDelimiter(body, delimiter, from);
    if (!hit) break;
    const contentEnd = lineBreakStart(body, hit.at);
    if (!found) {
      result.preamble = body.slice(0, contentEnd);
      found = true;
    } else if (partStart >= 0) {
      result.parts.push(parsePart(body, partStart, contentEnd, lines, depth, list));
    }
    if (hit.close) {
      result.closed = true;
      result.epilogue = body.slice(hit.next);
      break;
    }
    partStart = hit.next;
    from = hit.next;
  }
  if (!found) {
    list.add(
      'error',
      'multipart.delimiter.missing',
      `The multipart body never contains its boundary line "--${clip(boundary)}".`,
      firstLine,
    );
    result.preamble = body;
    return result;
  }
  if (!result.closed) {
    if (partStart >= 0 && partStart <= body.length) {
      result.parts.push(parsePart(body, partStart, trimTrailingBreak(body), lines, depth, list));
    }
    list.add(
      'warning',
      'multipart.close.missing',
      `The multipart body has no closing "--${clip(boundary)}--" line; it may be truncated.`,
      lines.at(body.length),
    );
  }
  if (result.parts.length === 0) {
    list.add('warning', 'multipart.parts.empty', 'The multipart body has no parts.', firstLine);
  }
  return result;
}

interface DelimiterHit {
  /** Index of the "--boundary". */
  at: number;
  /** Index after the delimiter line (after its line break). */
  next: number;
  close: boolean;
}

/** The next line that is "--boundary" (or "--boundary--") plus optional whitespace. */
function findDelimiter(body: string, delimiter: string, from: number): DelimiterHit | undefined {
  let search = from;
  while (search <= body.length) {
    const at = body.indexOf(delimiter, search);
    if (at < 0) return undefined;
    search = at + 1;
    if (at > 0 && body.charCodeAt(at - 1) !== 0x0a) continue;
    let i = at + delimiter.length;
    const close = body.charCodeAt(i) === 0x2d && body.charCodeAt(i + 1) === 0x2d;
    if (close) i += 2;
    while (i < body.length && (body.charCodeAt(i) === 0x20 || body.charCodeAt(i) === 0x09)) i++;
    if (i < body.length && body.charCodeAt(i) !== 0x0d && body.charCodeAt(i) !== 0x0a) {
      // Text after a close delimiter still closes; after an open one it is a different line.
      if (!close) continue;
      while (i < body.length && body.charCodeAt(i) !== 0x0a) i++;
    }
    if (body.charCodeAt(i) === 0x0d) i++;
    if (body.charCodeAt(i) === 0x0a) i++;
    return { at, next: i, close };
  }
  return undefined;
}

/** Index of the CRLF or LF just before `at` (the line break belongs to the delimiter). */
function lineBreakStart(body: string, at: number): number {
  let end = at;
  if (end > 0 && body.charCodeAt(end - 1) === 0x0a) end--;
  if (end > 0 && body.charCodeAt(end - 1) === 0x0d) end--;
  return end;
}

/** The body length without one final line break (an unclosed last part). */
function trimTrailingBreak(body: string): number {
  return lineBreakStart(body, body.length);
}

/** Maps indexes to line numbers, moving forward only, so counting stays linear. */
class LineCounter {
  private index = 0;
  private line: number;

  constructor(
    private readonly text: string,
    firstLine: number,
  ) {
    this.line = firstLine;
  }

  at(position: number): number {
    const target = Math.min(position, this.text.length);
    if (target < this.index) return this.countBack(target);
    while (this.index < target) {
      const nl = this.text.indexOf('\n', this.index);
      if (nl < 0 || nl >= target) {
        this.index = target;
        break;
      }
      this.line++;
      this.index = nl + 1;
    }
    return this.line;
  }

  /** Rare: a position behind the cursor (never in practice, kept for safety). */
  private countBack(target: number): number {
    let line = this.line;
    for (let i = target; i < this.index; i++) if (this.text.charCodeAt(i) === 0x0a) line--;
    return line;
  }
}

function parsePart(
  body: string,
  start: number,
  end: number,
  lines: LineCounter,
  depth: number,
  list: ProblemList,
): MultipartPart {
  const partLine = lines.at(start);
  const headers: PartHeader[] = [];
  let i = start;
  let bodyStart = start;
  let sawBlank = false;

  while (i < end) {
    let lineEnd = body.indexOf('\n', i);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const next = lineEnd < end ? lineEnd + 1 : end;
    let textEnd = lineEnd;
    if (textEnd > i && body.charCodeAt(textEnd - 1) === 0x0d) textEnd--;
    const text = body.slice(i, textEnd);
    const lineNo = lines.at(i);
    if (text.length === 0) {
      sawBlank = true;
      bodyStart = next;
      break;
    }
    const first = text.charCodeAt(0);
    const last = headers[headers.length - 1];
    if ((first === 0x20 || first === 0x09) && last) {
      last.value = `${last.value} ${text.trim()}`.trim();
    } else {
      const colon = text.indexOf(':');
      if (colon <= 0) {
        if (headers.length === 0) {
          // No headers and no blank line: the part is all body.
          list.add(
            'warning',
            'multipart.part.headers-missing',
            'A multipart part does not start with headers or a blank line; it is read as body only.',
            lineNo,
          );
          bodyStart = i;
          sawBlank = true;
          break;
        }
        list.add(
          'warning',
          'multipart.part.header-syntax',
          `Multipart part header line "${clip(text)}" has no colon and was ignored.`,
          lineNo,
        );
      } else {
        const name = text.slice(0, colon).trim();
        headers.push({
          name,
          key: name.toLowerCase(),
          value: text.slice(colon + 1).trim(),
          line: lineNo,
        });
      }
    }
    i = next;
    if (lineEnd >= end) break;
  }
  if (start >= end) {
    list.add(
      'warning',
      'multipart.part.empty',
      'A multipart part is empty (two boundary lines in a row).',
      partLine,
    );
  } else if (!sawBlank) {
    bodyStart = end;
    list.add(
      'warning',
      'multipart.part.blank-line-missing',
      'A multipart part has headers but no blank line before its body; its body is empty.',
      partLine,
    );
  }

  const part: MultipartPart = {
    headers,
    mediaType: 'text/plain',
    body: body.slice(bodyStart, Math.max(bodyStart, end)),
    bodyOffset: bodyStart,
    line: partLine,
    bodyLine: lines.at(bodyStart),
  };
  const typeHeader = headers.find((h) => h.key === 'content-type' || h.key === 'c');
  if (typeHeader) {
    part.contentType = typeHeader.value;
    const type = parseContentType(typeHeader.value, { line: typeHeader.line });
    list.addAll(type.problems);
    if (type.mediaType) part.mediaType = type.mediaType;
    if (type.type === 'multipart') {
      if (depth <= 1) {
        list.add(
          'note',
          'multipart.depth',
          'A nested multipart part is deeper than the parser follows; it was left unparsed.',
          typeHeader.line,
        );
      } else {
        const nested = parseLevel(part.body, type, part.bodyLine, depth - 1, list);
        part.parts = nested.parts;
      }
    }
  } else if (start < end) {
    list.add(
      'note',
      'multipart.part.content-type-missing',
      'A multipart part has no Content-Type, so it counts as text/plain.',
      partLine,
    );
  }
  return part;
}
