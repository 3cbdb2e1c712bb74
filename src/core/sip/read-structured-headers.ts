/**
 * Reads the structured values every consumer needs (Via, From, To, Call-ID,
 * CSeq, Max-Forwards, Content-Length, Contact, the Request-URI) from the
 * split header fields, turning every grammar defect into a problem with the
 * header's line. Single-valued headers that appear twice are reported; the
 * first occurrence is used, and every occurrence stays in `headers`.
 */
import { isWhitespace, isWordChar } from './char-classes.js';
import { displayHeaderName, HeaderKind } from './header-names.js';
import { parseNameAddr, parseNameAddrList } from './name-addr.js';
import type { Header, SipMessage } from './parse-message.js';
import type { ProblemCollector } from './problem-collector.js';
import { NOT_DIGITS, parseCSeq, readNumberValue, TOO_LARGE, UINT32_MAX } from './scalar-values.js';
import { excerpt, type SyntaxIssue } from './syntax-issue.js';
import type { NameAddr, SipUri } from './types.js';
import { parseUri } from './uri.js';
import { parseVia } from './via.js';

/** The fields readStructuredHeaders fills in. */
export interface StructuredTarget extends SipMessage {
  headers: Header[];
  parsedRequestUri: SipUri | undefined;
}

/** Headers that may appear once; a second occurrence is a 400 (RFC 4475 §3.3.8). */
const SINGLE: readonly HeaderKind[] = [
  HeaderKind.From,
  HeaderKind.To,
  HeaderKind.CallId,
  HeaderKind.CSeq,
  HeaderKind.MaxForwards,
];

function flush(issues: SyntaxIssue[], problems: ProblemCollector, prefix: string, h: Header): void {
  if (issues.length === 0) return;
  problems.addIssues(issues, prefix, h.line, displayHeaderName(h.key));
  issues.length = 0;
}

function readCallId(m: StructuredTarget, h: Header, problems: ProblemCollector): void {
  const value = h.value;
  if (value === '') {
    problems.add('error', 'call-id.malformed', 'Call-ID is empty.', h.line, 400);
    return;
  }
  m.callId = value;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!isWordChar(c) && c !== 64) {
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

function readContacts(
  m: StructuredTarget,
  list: Header[],
  issues: SyntaxIssue[],
  problems: ProblemCollector,
): void {
  let star: Header | undefined;
  const contacts: NameAddr[] = [];
  for (const h of list) {
    if (h.value === '*') {
      star = h;
      continue;
    }
    for (const c of parseNameAddrList(h.value, issues)) contacts.push(c);
    flush(issues, problems, 'contact', h);
  }
  if (star === undefined) {
    m.contacts = contacts;
  } else if (contacts.length > 0 || list.length > 1) {
    problems.add(
      'error',
      'contact.star-mixed',
      'Contact "*" must be the only Contact value (RFC 3261 §10.2.2).',
      star.line,
      400,
    );
    m.contacts = contacts;
  } else {
    m.contacts = '*';
  }
}

function readRequestUri(
  m: StructuredTarget,
  line: number,
  issues: SyntaxIssue[],
  problems: ProblemCollector,
): void {
  const raw = m.requestUri;
  if (raw === undefined || raw === '' || m.kind !== 'request') return;
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
  if (text.indexOf(' ') >= 0) return; // already reported as request-uri.whitespace
  const uri = parseUri(text, issues);
  for (const issue of issues) {
    if ((issue.severity ?? 'error') !== 'error') continue;
    problems.add('error', 'request-uri.invalid', `Request-URI: ${issue.message}`, line, 400);
  }
  issues.length = 0;
  if (uri === undefined) return;
  m.parsedRequestUri = uri;
  const scheme = uri.scheme;
  if (scheme !== 'sip' && scheme !== 'sips' && scheme !== 'tel') {
    problems.add(
      'warning',
      'request-uri.unsupported-scheme',
      `The Request-URI scheme "${excerpt(scheme, 30)}" is neither sip, sips nor tel; an element that does not support it answers 416 Unsupported URI Scheme.`,
      line,
      416,
    );
  } else if (scheme !== 'tel' && Object.keys(uri.headers).length > 0) {
    problems.add(
      'error',
      'request-uri.headers',
      `The Request-URI carries URI headers ("?${excerpt(raw.slice(raw.indexOf('?') + 1), 40)}"), which a Request-URI may not (RFC 3261 §19.1.5); they must be ignored or the request rejected.`,
      line,
      400,
    );
  }
}

/** Fills the structured values of `m` from its headers; `kinds[i]` is the kind of `m.headers[i]`. */
export function readStructuredHeaders(
  m: StructuredTarget,
  kinds: readonly HeaderKind[],
  problems: ProblemCollector,
  startLine: number,
): void {
  const issues: SyntaxIssue[] = [];
  const headers = m.headers;
  const seen: (Header | undefined)[] = [];
  let contentLengths: Header[] | undefined;
  let contacts: Header[] | undefined;
  for (let k = 0; k < headers.length; k++) {
    const h = headers[k];
    const kind = kinds[k];
    if (h === undefined || kind === undefined || kind === HeaderKind.Other) continue;
    if (kind === HeaderKind.Via) {
      for (const v of parseVia(h.value, issues)) m.via.push(v);
      flush(issues, problems, 'via', h);
      continue;
    }
    if (kind === HeaderKind.ContentLength) {
      if (contentLengths === undefined) contentLengths = [];
      contentLengths.push(h);
      continue;
    }
    if (kind === HeaderKind.Contact) {
      if (contacts === undefined) contacts = [];
      contacts.push(h);
      continue;
    }
    if (!SINGLE.includes(kind)) continue;
    const first = seen[kind];
    if (first !== undefined) {
      problems.add(
        'error',
        'header.duplicate',
        `${displayHeaderName(h.key)} appears more than once (lines ${first.line} and ${h.line}); it must appear exactly once (RFC 4475 §3.3.8).`,
        h.line,
        400,
      );
      continue;
    }
    seen[kind] = h;
    switch (kind) {
      case HeaderKind.From:
        m.from = parseNameAddr(h.value, issues);
        flush(issues, problems, 'from', h);
        break;
      case HeaderKind.To:
        m.to = parseNameAddr(h.value, issues);
        flush(issues, problems, 'to', h);
        break;
      case HeaderKind.CallId:
        readCallId(m, h, problems);
        break;
      case HeaderKind.CSeq:
        m.cseq = parseCSeq(h.value, issues);
        flush(issues, problems, 'cseq', h);
        break;
      case HeaderKind.MaxForwards:
        readMaxForwards(m, h, problems);
        break;
    }
  }
  if (contentLengths !== undefined) readContentLengths(m, contentLengths, problems);
  if (contacts !== undefined) readContacts(m, contacts, issues, problems);
  readRequestUri(m, startLine, issues, problems);
}
