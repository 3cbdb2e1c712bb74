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
import { contactIndexes, readContactHeaders } from './contacts.js';
import { displayHeaderName, HeaderKind } from './header-names.js';
import { parseNameAddrAt } from './name-addr.js';
import type { ProblemCollector } from './problem-collector.js';
import { freezeNameAddr, freezeUri, freezeViaLine, RecentValues } from './recent-values.js';
import { NOT_DIGITS, parseCSeq, readNumberValue, TOO_LARGE, UINT32_MAX } from './scalar-values.js';
import type { Header, SipMessage } from './sip-message.js';
import { excerpt, type SyntaxIssue } from './syntax-issue.js';
import type { CSeq, NameAddr, SipUri, Via } from './types.js';
import { parseUri } from './uri.js';
import { parseViaAt } from './via.js';

/** Values parsed lately, by header (see recent-values.ts). */
const recentVia = new RecentValues<readonly Via[]>(freezeViaLine);
const recentFrom = new RecentValues<NameAddr>(freezeNameAddr);
const recentTo = new RecentValues<NameAddr>(freezeNameAddr);
const recentRequestUri = new RecentValues<SipUri>(freezeUri);
const recentCSeq = new RecentValues<CSeq>(Object.freeze);

/** Forgets the values parsed lately (tests compare remembered and fresh parses). */
export function forgetRecentValues(): void {
  recentVia.clear();
  recentFrom.clear();
  recentTo.clear();
  recentRequestUri.clear();
  recentCSeq.clear();
}

/** Appends the Via values of one header line, reusing them when the same line was parsed lately. */
function readViaLine(
  m: StructuredTarget,
  h: Header,
  text: string,
  start: number,
  end: number,
  issues: SyntaxIssue[],
  problems: ProblemCollector,
): void {
  const via = m.via;
  const known = recentVia.find(h.value);
  if (known !== undefined) {
    for (let i = 0; i < known.length; i++) via.push(known[i] as Via);
    return;
  }
  const before = via.length;
  parseViaAt(text, start, end, issues, via);
  if (issues.length === 0) {
    recentVia.add(h.value, via.slice(before));
    return;
  }
  flush(issues, problems, 'via', h);
}

/** Reads a From or To value, reusing it when the same text was parsed lately. */
function readNameAddr(
  recent: RecentValues<NameAddr>,
  h: Header,
  text: string,
  start: number,
  end: number,
  issues: SyntaxIssue[],
  problems: ProblemCollector,
  prefix: string,
): NameAddr | undefined {
  const known = recent.find(h.value);
  if (known !== undefined) return known;
  const na = parseNameAddrAt(text, start, end, issues);
  if (issues.length === 0) {
    if (na !== undefined) recent.add(h.value, na);
    return na;
  }
  flush(issues, problems, prefix, h);
  return na;
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

/** Call-ID = word [ "@" word ] (RFC 3261 §25.1): one character class, checked natively. */
const CALL_ID = /^[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}@]+$/;

function readCallId(m: StructuredTarget, h: Header, problems: ProblemCollector): void {
  const value = h.value;
  if (value === '') {
    problems.add('error', 'call-id.malformed', 'Call-ID is empty.', h.line, 400);
    return;
  }
  m.callId = value;
  if (CALL_ID.test(value)) return;
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

/** What the parser kept about each header: its kind and where its value can be read in place. */
export interface HeaderTable {
  /** The message text the offsets refer to. */
  text: string;
  /** kinds[k]: the HeaderKind of header k. */
  kinds: Uint8Array;
  /** Start of header k's value in `text`, or -1 when it was unfolded (read `value` instead). */
  starts: Int32Array;
  ends: Int32Array;
  /** The message the table describes, once it is parsed; the next parse clears it. */
  owner: object | undefined;
}

function hasKeys(record: Record<string, string>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

function readRequestUri(
  m: SipMessage,
  line: number,
  issues: SyntaxIssue[],
  problems: ProblemCollector,
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
  let uri = recentRequestUri.find(text);
  if (uri === undefined) {
    uri = parseUri(text, issues);
    if (issues.length === 0) {
      if (uri !== undefined) recentRequestUri.add(text, uri);
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
 * Fills the structured values of `m` from its headers; `source` holds the
 * kind of each header and where its value can be read in place.
 */
export function readStructuredHeaders(
  m: StructuredTarget,
  source: HeaderTable,
  problems: ProblemCollector,
): void {
  const kinds = source.kinds;
  beginSearch(source.text);
  const issues: SyntaxIssue[] = [];
  const headers = m.headers;
  const starts = source.starts;
  const ends = source.ends;
  let fromH: Header | undefined;
  let toH: Header | undefined;
  let callIdH: Header | undefined;
  let cseqH: Header | undefined;
  let maxForwardsH: Header | undefined;
  let contentLengths: Header[] | undefined;
  for (let k = 0; k < headers.length; k++) {
    const kind = kinds[k];
    if (kind === undefined || kind === HeaderKind.Other) continue;
    const h = headers[k] as Header;
    let text = source.text;
    let start = starts[k] ?? -1;
    let end = ends[k] ?? -1;
    if (start < 0) {
      text = h.value;
      start = 0;
      end = text.length;
    }
    switch (kind) {
      case HeaderKind.Via:
        readViaLine(m, h, text, start, end, issues, problems);
        break;
      case HeaderKind.From:
        if (fromH !== undefined) duplicate(fromH, h, problems);
        else {
          fromH = h;
          m.from = readNameAddr(recentFrom, h, text, start, end, issues, problems, 'from');
        }
        break;
      case HeaderKind.To:
        if (toH !== undefined) duplicate(toH, h, problems);
        else {
          toH = h;
          m.to = readNameAddr(recentTo, h, text, start, end, issues, problems, 'to');
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
          m.cseq = recentCSeq.find(h.value);
          if (m.cseq === undefined) {
            m.cseq = parseCSeq(h.value, issues);
            if (issues.length === 0 && m.cseq !== undefined) recentCSeq.add(h.value, m.cseq);
          }
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
  endSearch();
}

/**
 * The checks a message runs when its problems are first read (see
 * parse-message.ts): every Contact value and the Request-URI. Returns the
 * parsed Request-URI. `source` is the message's header table when it still
 * describes this message (values are then read in place), else undefined.
 */
export function checkContactsAndRequestUri(
  m: SipMessage,
  problems: ProblemCollector,
  startLine: number,
  source: HeaderTable | undefined,
): SipUri | undefined {
  const contacts = contactIndexes(m.headers);
  if (contacts.length > 0) readContactHeaders(m.headers, contacts, source, problems, false);
  return readRequestUri(m, startLine, [], problems);
}
