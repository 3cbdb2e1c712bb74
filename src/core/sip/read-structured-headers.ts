/**
 * Reads the structured values every consumer needs (Via, From, To, Call-ID,
 * CSeq, Max-Forwards, Content-Length) from the split header fields, turning
 * every grammar defect into a problem with the header's line, and checks
 * Contact and the Request-URI when the message's problems are first read.
 * Single-valued headers that appear twice are reported; the first
 * occurrence is used, and every occurrence stays in `headers`.
 */
import { isWhitespace, WORD_CHARS } from './char-classes.js';
import { beginSearch, endSearch } from './char-search.js';
import { type ContactScratch, contactIndexes, readContactHeaders } from './contacts.js';
import { displayHeaderName, HeaderKind } from './header-names.js';
import { forgetLastMatch } from './last-match.js';
import { ParsedNameAddr, parseNameAddrAt } from './name-addr.js';
import type { ProblemCollector } from './problem-collector.js';
import type { RecentValues } from './recent-values.js';
import { NOT_DIGITS, parseCSeq, readNumberValue, TOO_LARGE, UINT32_MAX } from './scalar-values.js';
import type { Header, SipMessage } from './sip-message.js';
import { excerpt, type SyntaxIssue } from './syntax-issue.js';
import type { SipUri } from './types.js';
import { parseUri } from './uri.js';
import { parseViaAt, type ViaCursor } from './via.js';

/**
 * What the readers here use of a parse's state (ParserState in
 * parser-state.ts holds all of it): the header table, the scratch, and the
 * Request-URIs checked lately (see recent-values.ts), undefined in a state
 * for a single message.
 */
export interface StructuredReadState extends ContactScratch {
  readonly table: HeaderTable;
  readonly via: ViaCursor;
  readonly recentRequestUri: RecentValues<SipUri> | undefined;
}

/** Forgets the Request-URIs `state` checked lately (tests compare remembered and fresh parses). */
export function forgetRecentValues(state: StructuredReadState): void {
  state.recentRequestUri?.clear();
}

/** The fields readStructuredHeaders fills in. */
export interface StructuredTarget extends SipMessage {
  headers: Header[];
  parsedRequestUri: SipUri | undefined;
}

function flush(issues: SyntaxIssue[], problems: ProblemCollector, prefix: string, h: Header): void {
  if (issues.length === 0) return;
  problems.addIssues(issues, prefix, h.line, displayHeaderName(h.key));
  issues.length = 0;
}

/**
 * Call-ID = word [ "@" word ] (RFC 3261 §25.1): one character class, checked
 * natively by looking for a character outside it. A good Call-ID then does
 * not match, so the regex leaves no Call-ID in the RegExp statics (see
 * last-match.ts); only a bad one does, and that is cleared.
 */
const OUTSIDE_CALL_ID = /[^A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}@]/;

function readCallId(m: StructuredTarget, h: Header, problems: ProblemCollector): void {
  const value = h.value;
  if (value === '') {
    problems.add('error', 'call-id.malformed', 'Call-ID is empty.', h.line, 400);
    return;
  }
  m.callId = value;
  if (!OUTSIDE_CALL_ID.test(value)) return;
  forgetLastMatch();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 128 || WORD_CHARS[c] !== 1) && c !== 64) {
      const what = isWhitespace(c) ? 'whitespace' : `"${excerpt(String.fromCharCode(c))}"`;
      problems.add(
        'warning',
        'call-id.malformed',
        `Call-ID "${excerpt(value)}" contains ${what}, which RFC 3261's word grammar does not allow.`,
        h.line,
      );
      return;
    }
  }
}

function readMaxForwards(m: StructuredTarget, h: Header, problems: ProblemCollector): void {
  const value = readNumberValue(h.value, UINT32_MAX);
  if (value === NOT_DIGITS) {
    problems.add(
      'error',
      'max-forwards.malformed',
      `Max-Forwards "${excerpt(h.value)}" is not a number.`,
      h.line,
      400,
    );
  } else if (value === TOO_LARGE || value > 255) {
    problems.add(
      'warning',
      'max-forwards.out-of-range',
      `Max-Forwards ${excerpt(h.value.trim(), 30)} is above 255, the largest value RFC 3261 §20.22 allows; it is treated as absent.`,
      h.line,
    );
  } else {
    m.maxForwards = value;
  }
}

/** Every Content-Length must agree; a negative or non-numeric one makes the framing unknowable. */
function readContentLengths(m: StructuredTarget, list: Header[], problems: ProblemCollector): void {
  let agreed: number | undefined;
  let bad = false;
  for (const h of list) {
    const value = readNumberValue(h.value, UINT32_MAX);
    if (value === NOT_DIGITS) {
      const negative = h.value.trim().startsWith('-');
      problems.add(
        'error',
        'content-length.invalid',
        negative
          ? `Content-Length ${excerpt(h.value.trim(), 30)} is negative; the body length is unknown.`
          : `Content-Length "${excerpt(h.value)}" is not a number; the body length is unknown.`,
        h.line,
        400,
      );
      bad = true;
    } else if (value === TOO_LARGE) {
      problems.add(
        'error',
        'content-length.invalid',
        `Content-Length ${excerpt(h.value.trim(), 30)} is too large to be real.`,
        h.line,
        400,
      );
      bad = true;
    } else if (agreed === undefined) {
      agreed = value;
    } else if (agreed !== value) {
      problems.add(
        'error',
        'content-length.conflict',
        `Content-Length appears twice with different values (${agreed} and ${value}); the body length cannot be known (RFC 4475 §3.3.9).`,
        h.line,
        400,
      );
      bad = true;
    } else {
      problems.add(
        'warning',
        'header.duplicate',
        `Content-Length appears more than once (same value ${value}).`,
        h.line,
      );
    }
  }
  if (!bad) m.contentLength = agreed;
}

/**
 * What the parser kept about the headers it treats specially (every kind
 * but HeaderKind.Other): four numbers each, in order, in `entries`: the
 * header's index in `headers`, its kind, and the start and end of its value
 * in `text` (start -1: the value was unfolded, read `value` instead). Other
 * headers take no room, so a message of many custom headers costs nothing
 * here. A plain array rather than typed ones: a parse of one message makes
 * its own table, and small typed arrays cost far more to make.
 */
export interface HeaderTable {
  /** The message text the offsets refer to. */
  text: string;
  readonly entries: number[];
  /** How many numbers of `entries` describe this message; the rest is left over from an earlier one. */
  used: number;
  /** The message the table describes, once it is parsed; the next parse clears it. */
  owner: object | undefined;
}

/** Numbers per header in HeaderTable.entries, and where each sits. */
export const ENTRY_SIZE = 4;
export const ENTRY_KIND = 1;
export const ENTRY_START = 2;
export const ENTRY_END = 3;

function hasKeys(record: Record<string, string>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

function readRequestUri(
  m: SipMessage,
  line: number,
  issues: SyntaxIssue[],
  problems: ProblemCollector,
  state: StructuredReadState,
): SipUri | undefined {
  const raw = m.requestUri;
  if (raw === undefined || raw === '' || m.kind !== 'request') return undefined;
  let text = raw;
  if (raw.charCodeAt(0) === 60) {
    problems.add(
      'error',
      'request-uri.angle-brackets',
      `The Request-URI "${excerpt(raw)}" is enclosed in < >, which the Request-Line does not allow (RFC 4475 §3.1.2.7).`,
      line,
      400,
    );
    text = raw.slice(1, raw.charCodeAt(raw.length - 1) === 62 ? -1 : raw.length);
  }
  if (text.indexOf(' ') >= 0) return undefined; // already reported as request-uri.whitespace
  const recent = state.recentRequestUri;
  let uri = recent?.find(text);
  if (uri === undefined) {
    uri = parseUri(text, issues, state.hostPort);
    if (issues.length === 0) {
      if (uri !== undefined) recent?.add(text, uri);
    } else {
      for (const issue of issues) {
        if ((issue.severity ?? 'error') !== 'error') continue;
        problems.add('error', 'request-uri.invalid', `Request-URI: ${issue.message}`, line, 400);
      }
      issues.length = 0;
    }
  }
  if (uri === undefined) return undefined;
  const scheme = uri.scheme;
  if (scheme !== 'sip' && scheme !== 'sips' && scheme !== 'tel') {
    problems.add(
      'warning',
      'request-uri.unsupported-scheme',
      `The Request-URI scheme "${excerpt(scheme, 30)}" is neither sip, sips nor tel; an element that does not support it answers 416 Unsupported URI Scheme.`,
      line,
      416,
    );
  } else if (scheme !== 'tel' && hasKeys(uri.headers)) {
    problems.add(
      'error',
      'request-uri.headers',
      `The Request-URI carries URI headers ("?${excerpt(raw.slice(raw.indexOf('?') + 1), 40)}"), which a Request-URI may not (RFC 3261 §19.1.5); they must be ignored or the request rejected.`,
      line,
      400,
    );
  }
  return uri;
}

/** Reports a second occurrence of a header that may appear once. */
function duplicate(first: Header, h: Header, problems: ProblemCollector): void {
  problems.add(
    'error',
    'header.duplicate',
    `${displayHeaderName(h.key)} appears more than once (lines ${first.line} and ${h.line}); it must appear exactly once (RFC 4475 §3.3.8).`,
    h.line,
    400,
  );
}

/**
 * Fills the structured values of `m` from its headers; the state's table
 * holds the kind of each header and where its value can be read in place.
 */
export function readStructuredHeaders(
  m: StructuredTarget,
  state: StructuredReadState,
  problems: ProblemCollector,
): void {
  const source = state.table;
  const entries = source.entries;
  const used = source.used;
  beginSearch(state.search, source.text);
  const issues: SyntaxIssue[] = [];
  const headers = m.headers;
  let fromH: Header | undefined;
  let toH: Header | undefined;
  let callIdH: Header | undefined;
  let cseqH: Header | undefined;
  let maxForwardsH: Header | undefined;
  let contentLengths: Header[] | undefined;
  const via = m.via;
  for (let e = 0; e < used; e += ENTRY_SIZE) {
    const h = headers[entries[e] as number] as Header;
    const kind = entries[e + ENTRY_KIND];
    let text = source.text;
    let start = entries[e + ENTRY_START] as number;
    let end = entries[e + ENTRY_END] as number;
    if (start < 0) {
      text = h.value;
      start = 0;
      end = text.length;
    }
    switch (kind) {
      case HeaderKind.Via:
        parseViaAt(text, start, end, issues, via, state.via);
        flush(issues, problems, 'via', h);
        break;
      case HeaderKind.From:
        if (fromH !== undefined) duplicate(fromH, h, problems);
        else {
          fromH = h;
          // With its URI left to first read (see ParsedNameAddr).
          m.from = parseNameAddrAt(text, start, end, issues, true, 0, state, true);
          flush(issues, problems, 'from', h);
        }
        break;
      case HeaderKind.To:
        if (toH !== undefined) duplicate(toH, h, problems);
        else {
          toH = h;
          m.to = parseNameAddrAt(text, start, end, issues, true, 0, state, true);
          flush(issues, problems, 'to', h);
        }
        break;
      case HeaderKind.CallId:
        if (callIdH !== undefined) duplicate(callIdH, h, problems);
        else {
          callIdH = h;
          readCallId(m, h, problems);
        }
        break;
      case HeaderKind.CSeq:
        if (cseqH !== undefined) duplicate(cseqH, h, problems);
        else {
          cseqH = h;
          m.cseq = parseCSeq(h.value, issues);
          flush(issues, problems, 'cseq', h);
        }
        break;
      case HeaderKind.MaxForwards:
        if (maxForwardsH !== undefined) duplicate(maxForwardsH, h, problems);
        else {
          maxForwardsH = h;
          readMaxForwards(m, h, problems);
        }
        break;
      case HeaderKind.ContentLength:
        if (contentLengths === undefined) contentLengths = [h];
        else contentLengths.push(h);
        break;
    }
  }
  if (contentLengths !== undefined) readContentLengths(m, contentLengths, problems);
  endSearch(state.search);
}

/**
 * The grammar of the From and To URIs, which readStructuredHeaders leaves
 * to first read (see ParsedNameAddr): their issues are reported when the
 * message's problems are read, on the header's line, as its other issues
 * were.
 */
export function checkFromToUris(
  m: SipMessage,
  problems: ProblemCollector,
  state: StructuredReadState,
): void {
  if (m.from instanceof ParsedNameAddr) reportUriIssues(m, 'from', m.from, problems, state);
  if (m.to instanceof ParsedNameAddr) reportUriIssues(m, 'to', m.to, problems, state);
}

function reportUriIssues(
  m: SipMessage,
  key: 'from' | 'to',
  value: ParsedNameAddr,
  problems: ProblemCollector,
  state: StructuredReadState,
): void {
  const issues = value.uriIssues(state.hostPort);
  if (issues.length === 0) return;
  // The value is the first header of its name's (a second one is reported as a duplicate).
  const h = m.headers.find((header) => header.key === key);
  if (h !== undefined) problems.addIssues(issues, key, h.line, displayHeaderName(h.key));
}

/**
 * The checks a message runs when its problems are first read (see
 * parse-message.ts): every Contact value and the Request-URI. Returns the
 * parsed Request-URI. `source` is the message's header table when it still
 * describes this message (values are then read in place), else undefined;
 * `state` is the state the message was parsed with.
 */
export function checkContactsAndRequestUri(
  m: SipMessage,
  problems: ProblemCollector,
  startLine: number,
  source: HeaderTable | undefined,
  state: StructuredReadState,
): SipUri | undefined {
  if (source === undefined) {
    const contacts = contactIndexes(m.headers);
    if (contacts.length > 0)
      readContactHeaders(m.headers, contacts, undefined, problems, false, state);
  } else {
    const contacts: number[] = [];
    const spans: number[] = [];
    const entries = source.entries;
    for (let e = 0; e < source.used; e += ENTRY_SIZE) {
      if (entries[e + ENTRY_KIND] !== HeaderKind.Contact) continue;
      contacts.push(entries[e] as number);
      spans.push(entries[e + ENTRY_START] as number, entries[e + ENTRY_END] as number);
    }
    if (contacts.length > 0)
      readContactHeaders(m.headers, contacts, { text: source.text, spans }, problems, false, state);
  }
  return readRequestUri(m, startLine, [], problems, state);
}
