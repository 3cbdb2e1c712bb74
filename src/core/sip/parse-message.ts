/**
 * The SIP message parser: start line, header fields (case-insensitive names,
 * compact forms, folded lines, CRLF or bare LF), body framing by
 * Content-Length, and the structured values every consumer needs. One
 * forward pass with indexOf/charCodeAt, no regex per line. Whatever is wrong
 * becomes a Problem; nothing here throws.
 *
 * Via, From, To, Call-ID, CSeq, Max-Forwards and Content-Length are built
 * at once (nearly every consumer reads them), with their problems, but for
 * the From and To URIs, which few read (see ParsedNameAddr). The checks
 * nobody needs to read those values (the From and To URIs, every Contact
 * value, the Request-URI, the whole-message checks) run when `problems` or
 * `parsedRequestUri` is first read; the From and To URIs, Contact values,
 * Route, Record-Route and the media type are built on first access.
 * Whatever is computed late equals what an eager parse gives (same code,
 * same order; see `eager` and materializeMessage), and reading a value never
 * adds a problem.
 */
import { firstNonAscii, latin1Text, utf8Advance, utf8Length } from './bytes-to-text.js';
import { skipWhitespace, trimEndIndex } from './char-classes.js';
import { endSearch } from './char-search.js';
import { contactIndexes, readContactHeaders } from './contacts.js';
import {
  commonHeaderAt,
  type HeaderInfo,
  HeaderKind,
  headerInfo,
  headerKey,
  isListHeader,
} from './header-names.js';
import { checkMessage } from './message-checks.js';
import { nameAddrFields, parseNameAddrList } from './name-addr.js';
import { ParserState } from './parser-state.js';
import type { ProblemCollector } from './problem-collector.js';
import {
  checkContactsAndRequestUri,
  checkFromToUris,
  ENTRY_KIND,
  ENTRY_SIZE,
  ENTRY_START,
  type HeaderTable,
  readStructuredHeaders,
} from './read-structured-headers.js';
import type { Header, SipMessage } from './sip-message.js';
import { splitListValues } from './split-values.js';
import { parseStartLine } from './start-line.js';
import { excerpt } from './syntax-issue.js';
import {
  type CSeq,
  DEFAULT_LIMITS,
  type NameAddr,
  type Problem,
  type SipLimits,
  type SipUri,
  type Via,
} from './types.js';

export type { Header, SipMessage };
export { ParserState };

export interface ParseOptions {
  /** Compute every lazily computed value before returning (for tests and for callers that want all of it). */
  eager?: boolean;
  /**
   * What the parse keeps between messages (see parser-state.ts): pass one
   * state for every message of one input, never one shared by inputs.
   * Without it, the call uses a fresh state of its own.
   */
  state?: ParserState;
}

class Message implements SipMessage {
  kind: 'request' | 'response' | 'unknown' = 'unknown';
  method: string | undefined = undefined;
  requestUri: string | undefined = undefined;
  version: string | undefined = undefined;
  code: number | undefined = undefined;
  reason: string | undefined = undefined;
  headers: Header[] = [];
  body = '';
  bodyBytes = 0;
  via: Via[] = [];
  from: NameAddr | undefined = undefined;
  to: NameAddr | undefined = undefined;
  callId: string | undefined = undefined;
  cseq: CSeq | undefined = undefined;
  maxForwards: number | undefined = undefined;
  contentLength: number | undefined = undefined;
  text = '';
  length = 0;
  /** The problems so far, and the collector's state while the late checks are pending. */
  private problemList: Problem[] = [];
  private requestProblems = false;
  private droppedProblems = 0;
  /** Line of the start line while the late checks are pending; -1 once they ran. */
  private pendingStartLine = -1;
  /** The state the message was parsed with, held only while the late checks are pending. */
  private pendingState: ParserState | undefined = undefined;
  private requestUriCache: SipUri | undefined = undefined;
  private contactCache: NameAddr[] | '*' | undefined = undefined;
  private routeCache: NameAddr[] | undefined = undefined;
  private recordRouteCache: NameAddr[] | undefined = undefined;
  private contentTypeCache: string | null | undefined = undefined;

  get problems(): Problem[] {
    if (this.pendingStartLine >= 0) this.complete();
    return this.problemList;
  }

  get parsedRequestUri(): SipUri | undefined {
    if (this.pendingStartLine >= 0) this.complete();
    return this.requestUriCache;
  }

  /** Keeps the collection unfinished: the late checks run on first read of `problems`. */
  defer(state: ParserState, startLine: number): void {
    const problems = state.problems;
    this.problemList = problems.problems;
    this.requestProblems = problems.request;
    this.droppedProblems = problems.dropped;
    this.pendingStartLine = startLine;
    this.pendingState = state;
  }

  finishWith(problems: ProblemCollector): void {
    this.problemList = problems.finish();
    this.pendingStartLine = -1;
  }

  /** Runs the late checks (Contact, Request-URI, whole message) and finishes the problem list. */
  private complete(): void {
    const startLine = this.pendingStartLine;
    // The state is let go of here: a message kept unread must not keep its parse's state alive.
    const state = this.pendingState ?? new ParserState(false);
    this.pendingStartLine = -1;
    this.pendingState = undefined;
    const problems = state.problems;
    problems.resume(this.problemList, this.requestProblems, this.droppedProblems);
    // Read right after the parse (as parseInput does), the header table still describes this
    // message: its kinds and value offsets are used as they are instead of being worked out again.
    const table = state.table.owner === this ? state.table : undefined;
    try {
      checkFromToUris(this, problems, state);
      this.requestUriCache = checkContactsAndRequestUri(this, problems, startLine, table, state);
      if (this.kind !== 'unknown')
        checkMessage(this, firstOfKind(this.headers, table, state), problems, startLine);
    } catch (err) {
      problems.add('error', 'parser.internal', internalFailure(err));
    }
    this.problemList = problems.finish();
  }

  header(name: string): Header | undefined {
    const key = headerKey(name);
    for (const h of this.headers) if (h.key === key) return h;
    return undefined;
  }

  values(name: string): string[] {
    const key = headerKey(name);
    const list = isListHeader(key);
    const out: string[] = [];
    for (const h of this.headers) {
      if (h.key !== key) continue;
      if (list) {
        for (const v of splitListValues(h.value)) out.push(v);
      } else {
        out.push(h.value);
      }
    }
    return out;
  }

  get contacts(): NameAddr[] | '*' {
    if (this.contactCache === undefined) {
      this.contactCache = readContactHeaders(
        this.headers,
        contactIndexes(this.headers),
        undefined,
        undefined,
        true,
      );
    }
    return this.contactCache;
  }

  get routes(): NameAddr[] {
    if (this.routeCache === undefined) this.routeCache = this.nameAddrs('route');
    return this.routeCache;
  }

  get recordRoutes(): NameAddr[] {
    if (this.recordRouteCache === undefined) this.recordRouteCache = this.nameAddrs('record-route');
    return this.recordRouteCache;
  }

  get contentType(): string | undefined {
    if (this.contentTypeCache === undefined)
      this.contentTypeCache = mediaType(this.header('content-type')?.value);
    return this.contentTypeCache ?? undefined;
  }

  private nameAddrs(key: string): NameAddr[] {
    const out: NameAddr[] = [];
    for (const h of this.headers) {
      if (h.key === key) for (const na of parseNameAddrList(h.value)) out.push(na);
    }
    return out;
  }
}

/** "Application/SDP; charset=x" -> "application/sdp"; null when absent or empty. */
function mediaType(value: string | undefined): string | null {
  if (value === undefined) return null;
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  return type === '' ? null : type;
}

function resolveLimits(limits: Partial<SipLimits> | undefined): SipLimits {
  if (limits === undefined) return DEFAULT_LIMITS;
  return {
    maxInputBytes: limits.maxInputBytes ?? DEFAULT_LIMITS.maxInputBytes,
    maxMessages: limits.maxMessages ?? DEFAULT_LIMITS.maxMessages,
    maxHeaderCount: limits.maxHeaderCount ?? DEFAULT_LIMITS.maxHeaderCount,
    maxHeaderLength: limits.maxHeaderLength ?? DEFAULT_LIMITS.maxHeaderLength,
  };
}

/** The input as text, cut to the byte limit (reported); a Uint8Array is read one character per byte. */
function inputText(
  input: string | Uint8Array,
  maxBytes: number,
  problems: ProblemCollector,
): string {
  if (typeof input !== 'string') {
    let bytes = input;
    if (bytes.byteLength > maxBytes) {
      problems.add(
        'error',
        'limits.input-bytes',
        `The message is ${bytes.byteLength} bytes; only the first ${maxBytes} were read.`,
      );
      bytes = bytes.subarray(0, Math.max(0, maxBytes));
    }
    return latin1Text(bytes);
  }
  if (input.length * 3 <= maxBytes) return input;
  const size = utf8Length(input);
  if (size <= maxBytes) return input;
  problems.add(
    'error',
    'limits.input-bytes',
    `The message is ${size} bytes; only the first ${maxBytes} were read.`,
  );
  return input.slice(0, utf8Advance(input, 0, input.length, Math.max(0, maxBytes)));
}

/**
 * Parses one SIP message (a string counts its body in UTF-8 bytes; a
 * Uint8Array is read one character per byte). Never throws.
 */
export function parseMessage(
  input: string | Uint8Array,
  limits?: Partial<SipLimits>,
  options?: ParseOptions,
): SipMessage {
  const m = new Message();
  const state = options?.state ?? new ParserState(false);
  const problems = state.problems;
  problems.reset();
  let startLine = -1;
  try {
    startLine = parseInto(m, input, resolveLimits(limits), state);
  } catch (err) {
    startLine = -1;
    state.table.text = '';
    state.table.owner = undefined;
    endSearch(state.search);
    // A bug must not take the caller down with it: report it as a problem of this message.
    problems.add('error', 'parser.internal', internalFailure(err));
  }
  if (startLine >= 0 && (m.kind !== 'unknown' || m.headers.length > 0)) m.defer(state, startLine);
  else m.finishWith(problems);
  if (options?.eager) {
    void m.problems;
    void m.from?.uri;
    void m.to?.uri;
    void m.contacts;
    void m.routes;
    void m.recordRoutes;
    void m.contentType;
  }
  return m;
}

const LF = 10;
const CR = 13;

function internalFailure(err: unknown): string {
  return `The parser failed on this message (${err instanceof Error ? err.message : String(err)}); please report it.`;
}

/**
 * The first header of each kind, for the whole-message checks: from the
 * header table when it still describes the message, else from the names.
 */
function firstOfKind(
  headers: readonly Header[],
  table: HeaderTable | undefined,
  state: ParserState,
): (Header | undefined)[] {
  const first = state.firstOfKind();
  if (table !== undefined) {
    const entries = table.entries;
    for (let e = 0; e < table.used; e += ENTRY_SIZE) {
      const kind = entries[e + ENTRY_KIND] as number;
      if (first[kind] === undefined) first[kind] = headers[entries[e] as number];
    }
    return first;
  }
  for (const h of headers) {
    const kind = headerInfo(h.name, state.headerNames)?.kind ?? HeaderKind.Other;
    if (kind !== HeaderKind.Other && first[kind] === undefined) first[kind] = h;
  }
  return first;
}

function parseInto(
  m: Message,
  input: string | Uint8Array,
  limits: SipLimits,
  state: ParserState,
): number {
  const problems = state.problems;
  const bytes = typeof input !== 'string';
  const text = inputText(input, limits.maxInputBytes, problems);
  m.text = text;
  const n = text.length;
  let pos = 0;
  let lineNo = 1;
  // RFC 3261 §7.5: CRLFs before the start line are ignored.
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === LF) lineNo++;
    else if (c !== CR) break;
    pos++;
  }
  if (pos >= n) {
    problems.add('error', 'message.empty', 'The message is empty.');
    return -1;
  }

  // Start line.
  let nl = text.indexOf('\n', pos);
  let lineEnd = nl < 0 ? n : nl;
  if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
  if (lineEnd - pos > limits.maxHeaderLength) {
    problems.add(
      'error',
      'limits.header-length',
      `The start line is ${lineEnd - pos} characters long, over the limit of ${limits.maxHeaderLength}; the message was not parsed.`,
      lineNo,
    );
    return -1;
  }
  const startLineNo = lineNo;
  const start = parseStartLine(text.slice(pos, lineEnd), lineNo, problems);
  m.kind = start.kind;
  m.method = start.method;
  m.requestUri = start.requestUri;
  m.version = start.version;
  m.code = start.code;
  m.reason = start.reason;
  pos = nl < 0 ? n : nl + 1;

  // Header fields.
  const headers = m.headers;
  const table = state.table;
  table.owner = undefined;
  table.text = text;
  const entries = table.entries;
  let used = 0;
  // Where the entry of the header read last starts in `entries`; -1 when it has none (Other).
  let lastEntry = -1;
  const headerNames = state.headerNames;
  const maxLength = limits.maxHeaderLength;
  let last: Header | undefined;
  let bodyStart = -1;
  let stopped = false;
  let colonAt = -1;
  while (pos < n) {
    lineNo++;
    nl = text.indexOf('\n', pos);
    const next = nl < 0 ? n : nl + 1;
    lineEnd = nl < 0 ? n : nl;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
    if (lineEnd === pos) {
      bodyStart = next;
      break;
    }
    const first = text.charCodeAt(pos);
    if (first === 32 || first === 9) {
      // A folded continuation line: one space replaces the line break and indentation.
      const cs = skipWhitespace(text, pos, lineEnd);
      const ce = trimEndIndex(text, cs, lineEnd);
      if (last !== undefined) {
        if (ce > cs) {
          if (last.value.length + 1 + (ce - cs) > maxLength) {
            problems.add(
              'error',
              'limits.header-length',
              `Header ${excerpt(last.name)} is longer than ${maxLength} characters after unfolding; the rest of it was dropped.`,
              lineNo,
            );
            last = undefined;
          } else {
            const piece = text.slice(cs, ce);
            last.value = last.value === '' ? piece : `${last.value} ${piece}`;
            if (lastEntry >= 0) entries[lastEntry + ENTRY_START] = -1;
          }
        }
      } else if (ce > cs && headers.length === 0 && problems.problems.length === 0) {
        problems.add(
          'error',
          'header.malformed',
          'A line starting with whitespace follows the start line; there is no header to continue.',
          lineNo,
          400,
        );
      } else if (ce > cs) {
        problems.add(
          'error',
          'header.malformed',
          'A continuation line (starting with whitespace) has no header to continue.',
          lineNo,
          400,
        );
      }
      pos = next;
      continue;
    }
    last = undefined;
    if (lineEnd - pos > maxLength) {
      problems.add(
        'error',
        'limits.header-length',
        `The header line is ${lineEnd - pos} characters long, over the limit of ${maxLength}; it was skipped.`,
        lineNo,
      );
      pos = next;
      continue;
    }
    if (headers.length >= limits.maxHeaderCount) {
      problems.add(
        'error',
        'limits.header-count',
        `The message has more than ${limits.maxHeaderCount} header fields; parsing stopped there.`,
        lineNo,
      );
      stopped = true;
      break;
    }
    let name: string;
    let info: HeaderInfo | null;
    let colon: number;
    const known = commonHeaderAt(text, pos);
    if (known !== undefined) {
      name = known.name;
      info = known.info;
      colon = pos + name.length;
    } else {
      if (colonAt < pos) {
        colonAt = text.indexOf(':', pos);
        if (colonAt < 0) colonAt = n;
      }
      colon = colonAt;
      if (colon >= lineEnd) {
        problems.add(
          'error',
          'header.malformed',
          `The line "${excerpt(text.slice(pos, lineEnd))}" has no ":", so it is not a header field.`,
          lineNo,
          400,
        );
        pos = next;
        continue;
      }
      name = text.slice(pos, trimEndIndex(text, pos, colon));
      info = headerInfo(name, headerNames);
      if (info === null) {
        problems.add(
          'error',
          'header.malformed',
          `"${excerpt(name)}" is not a valid header name (a token is required before ":").`,
          lineNo,
          400,
        );
        pos = next;
        continue;
      }
    }
    const vs = skipWhitespace(text, colon + 1, lineEnd);
    const ve = trimEndIndex(text, vs, lineEnd);
    const header: Header = { name, key: info.key, value: text.slice(vs, ve), line: lineNo };
    headers.push(header);
    // Written in order from 0, so the array stays packed; an index at its length appends.
    if (info.kind !== HeaderKind.Other) {
      lastEntry = used;
      entries[used++] = headers.length - 1;
      entries[used++] = info.kind;
      entries[used++] = vs;
      entries[used++] = ve;
    } else {
      lastEntry = -1;
    }
    last = header;
    pos = next;
  }

  table.used = used;
  if (m.kind !== 'unknown' || headers.length > 0) readStructuredHeaders(m, state, problems);

  // Body framing.
  let end: number;
  if (bodyStart < 0) {
    end = stopped ? pos : n;
    if (!stopped) {
      problems.add(
        'note',
        'message.no-blank-line',
        'The header section is not closed by an empty line; the end of the input was taken as its end.',
        lineNo,
      );
      if (m.contentLength !== undefined && m.contentLength > 0) {
        problems.add(
          'error',
          'body.truncated',
          `Content-Length announces ${m.contentLength} bytes of body, but the input ends inside the headers.`,
          lineNo,
          400,
        );
      }
    }
  } else if (m.contentLength !== undefined) {
    const cl = m.contentLength;
    let bodyEnd: number;
    if (bytes) {
      bodyEnd = Math.min(n, bodyStart + cl);
      m.bodyBytes = bodyEnd - bodyStart;
    } else {
      // All ASCII up to the announced end (the common case): characters are bytes.
      const wide = cl === 0 ? -1 : firstNonAscii(text, bodyStart);
      if (wide < 0 || wide >= bodyStart + cl) {
        bodyEnd = Math.min(n, bodyStart + cl);
        m.bodyBytes = bodyEnd - bodyStart;
      } else {
        bodyEnd = utf8Advance(text, bodyStart, n, cl);
        m.bodyBytes = utf8Length(text, bodyStart, bodyEnd);
      }
    }
    m.body = text.slice(bodyStart, bodyEnd);
    end = bodyEnd;
    if (m.bodyBytes < cl && bodyEnd === n) {
      problems.add(
        'error',
        'body.truncated',
        `Content-Length is ${cl} but only ${m.bodyBytes} bytes of body follow the headers: the message is truncated (over UDP it is rejected with 400).`,
        lineNo + 1,
        400,
      );
    } else if (bodyEnd < n && !onlyWhitespace(text, bodyEnd, n)) {
      const extra = bytes ? n - bodyEnd : utf8Length(text, bodyEnd, n);
      problems.add(
        'warning',
        'body.extra-bytes',
        `${extra} bytes follow the ${cl}-byte body that Content-Length announced; a datagram's extra bytes are discarded (RFC 3261 §18.3), on a stream they start the next message.`,
        lineNo + 1,
      );
    }
  } else {
    m.body = text.slice(bodyStart);
    m.bodyBytes = bytes ? n - bodyStart : utf8Length(text, bodyStart, n);
    end = n;
    if (m.bodyBytes > 0 && m.header('content-length') === undefined) {
      const stream = streamTransport(m.via[0]?.transport);
      problems.add(
        stream ? 'warning' : 'note',
        'content-length.missing',
        stream
          ? `There is no Content-Length, which is mandatory over ${m.via[0]?.transport ?? 'a stream'}; the rest of the input was taken as the ${m.bodyBytes}-byte body.`
          : `There is no Content-Length; the rest of the input was taken as the ${m.bodyBytes}-byte body, which is right for a UDP datagram (RFC 3261 §18.3) and wrong on a stream.`,
        lineNo + 1,
      );
    }
  }
  m.length = end;

  // The table (and the text it points into) stays with this message until the next parse,
  // for the checks that run when its problems are first read.
  table.owner = m;
  return startLineNo;
}

function onlyWhitespace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== CR && c !== LF && c !== 32 && c !== 9) return false;
  }
  return true;
}

function streamTransport(transport: string | undefined): boolean {
  if (transport === undefined) return false;
  const t = transport.toUpperCase();
  return t === 'TCP' || t === 'TLS' || t === 'SCTP' || t === 'WS' || t === 'WSS';
}

/** A plain-data copy of every value of a message, lazily computed ones included (for comparisons and JSON). */
export function materializeMessage(m: SipMessage): Record<string, unknown> {
  return {
    kind: m.kind,
    method: m.method,
    requestUri: m.requestUri,
    version: m.version,
    code: m.code,
    reason: m.reason,
    headers: m.headers.map((h) => ({ ...h })),
    body: m.body,
    bodyBytes: m.bodyBytes,
    length: m.length,
    problems: m.problems,
    via: m.via,
    from: m.from === undefined ? undefined : nameAddrFields(m.from),
    to: m.to === undefined ? undefined : nameAddrFields(m.to),
    callId: m.callId,
    cseq: m.cseq,
    maxForwards: m.maxForwards,
    contentLength: m.contentLength,
    contacts: m.contacts,
    parsedRequestUri: m.parsedRequestUri,
    routes: m.routes,
    recordRoutes: m.recordRoutes,
    contentType: m.contentType,
  };
}
