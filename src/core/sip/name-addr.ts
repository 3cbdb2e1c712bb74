/**
 * name-addr and addr-spec values (From, To, Contact, Route, Record-Route,
 * Refer-To, P-Asserted-Identity...): an optional display name, quoted or a
 * run of tokens, a URI in angle brackets or bare, then header parameters.
 * RFC 3261 §20.10: without angle brackets every ";" after the URI starts a
 * header parameter, never a URI parameter.
 */
import {
  describeChar,
  isTokenChar,
  isWhitespace,
  skipWhitespace,
  trimEndIndex,
} from './char-classes.js';
import { type CharSearch, indexWithin } from './char-search.js';
import { newParams, parseParams } from './params.js';
import { findClosingQuote, findTopLevel, unescapeQuoted } from './split-values.js';
import { excerpt, report, type SyntaxIssue } from './syntax-issue.js';
import type { NameAddr } from './types.js';
import { type HostPort, parseUriAt } from './uri.js';

const QUOTE = 34;
const LT = 60;
const GT = 62;
const SEMI = 59;
const COLON = 58;
const COMMA = 44;
const QUESTION = 63;

/** What a parse lends the name-addr reader from its state (parser-state.ts): search memo and host/port scratch. */
export interface NameAddrScratch {
  readonly search: CharSearch;
  readonly hostPort: HostPort;
}

/** Checks an unquoted display name (text[start, end)): tokens separated by whitespace. */
function checkUnquotedDisplayName(
  text: string,
  start: number,
  end: number,
  sink: SyntaxIssue[] | undefined,
): void {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isTokenChar(c) && !isWhitespace(c)) {
      report(
        sink,
        'display-name',
        `The display name "${excerpt(text.slice(start, end))}" contains ${describeChar(c)}, so it must be in double quotes.`,
      );
      return;
    }
  }
}

/** True when text[from, to) holds a ":" (an addr-spec's scheme comes before any "<"). */
function hasColon(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === COLON) return true;
  return false;
}

/**
 * Parses the name-addr or addr-spec written between `start` and `end` of
 * `text`, with its parameters. Returns undefined only when there is nothing
 * to read (empty text, or an unterminated quote with no URI after it).
 * `scratch` is the parse's, whose search memo and host/port are then used.
 */
export function parseNameAddrAt(
  text: string,
  start: number,
  end: number,
  sink?: SyntaxIssue[],
  build = true,
  flags = 0,
  scratch?: NameAddrScratch,
): NameAddr | undefined {
  const search = scratch?.search;
  end = trimEndIndex(text, start, end);
  let i = skipWhitespace(text, start, end);
  if (i >= end) {
    report(sink, 'empty', 'The value is empty; a URI is expected.');
    return undefined;
  }
  const first = i;
  let displayName: string | undefined;
  let bracketed = false;

  if (text.charCodeAt(i) === QUOTE) {
    const close = findClosingQuote(text, i, end);
    if (close < 0) {
      const whole = text.slice(first, end);
      report(
        sink,
        'unterminated-quote',
        `The quoted display name in "${excerpt(whole)}" is never closed.`,
      );
      // Infer the closing quote just before the "<" that opens the URI, when there is one.
      const lt = indexWithin(text, LT, i + 1, end, search);
      if (lt < 0) return undefined;
      if (build) displayName = unescapeQuoted(text.slice(i + 1, trimEndIndex(text, i + 1, lt)));
      i = lt;
    } else {
      if (build) displayName = unescapeQuoted(text.slice(i + 1, close));
      i = skipWhitespace(text, close + 1, end);
      if (i >= end || text.charCodeAt(i) !== LT) {
        report(
          sink,
          'malformed',
          `The quoted display name in "${excerpt(text.slice(first, end))}" is not followed by a URI in < >.`,
        );
        return undefined;
      }
    }
    bracketed = true;
  } else if (text.charCodeAt(i) === LT) {
    bracketed = true;
  } else {
    const lt = indexWithin(text, LT, i, end, search);
    if (lt >= 0 && !hasColon(text, i, lt)) {
      const nameEnd = trimEndIndex(text, i, lt);
      if (build) displayName = text.slice(i, nameEnd);
      checkUnquotedDisplayName(text, i, nameEnd, sink);
      i = lt;
      bracketed = true;
    }
  }

  let uriStart: number;
  let uriEnd: number;
  let paramsStart: number;
  if (bracketed) {
    const gt = indexWithin(text, GT, i + 1, end, search);
    const close = gt < 0 ? end : gt;
    if (gt < 0) {
      report(
        sink,
        'unterminated-angle',
        `The "<" in "${excerpt(text.slice(first, end))}" is never closed by ">".`,
      );
    }
    uriStart = skipWhitespace(text, i + 1, close);
    uriEnd = trimEndIndex(text, uriStart, close);
    if (uriStart !== i + 1 || uriEnd !== close) {
      report(
        sink,
        'uri-whitespace',
        `Whitespace inside "<${excerpt(text.slice(i + 1, close))}>" is not allowed around the URI.`,
      );
    }
    paramsStart = gt < 0 ? end : gt + 1;
  } else {
    let semi = indexWithin(text, SEMI, i, end, search);
    if (semi < 0) semi = end;
    uriStart = i;
    uriEnd = trimEndIndex(text, i, semi);
    paramsStart = semi;
    if (indexWithin(text, QUESTION, uriStart, uriEnd, search) >= 0) {
      report(
        sink,
        'uri-headers-without-brackets',
        `The URI "${excerpt(text.slice(uriStart, uriEnd))}" has a "?" header part, so it must be enclosed in < > (RFC 3261 §20).`,
      );
    }
    for (let k = uriStart; k < uriEnd; k++) {
      const c = text.charCodeAt(k);
      if (isWhitespace(c) || c === GT || c === QUOTE) {
        report(
          sink,
          'uri-char',
          `The URI "${excerpt(text.slice(uriStart, uriEnd))}" contains ${describeChar(c)}.`,
        );
        break;
      }
    }
  }

  let uri: NameAddr['uri'];
  if (uriEnd > uriStart) uri = parseUriAt(text, uriStart, uriEnd, sink, build, scratch?.hostPort);
  else report(sink, 'empty-uri', `"${excerpt(text.slice(first, end))}" holds no URI.`);
  const params = build ? newParams() : null;
  const stop = parseParams(text, paramsStart, params, sink, end, flags);
  if (stop < end) {
    const c = text.charCodeAt(stop);
    report(
      sink,
      'trailing-text',
      c === SEMI
        ? `Unexpected text after the parameters in "${excerpt(text.slice(first, end))}".`
        : `Unexpected ${describeChar(c)} after the URI in "${excerpt(text.slice(first, end))}".`,
    );
  }
  if (params === null) return undefined;
  const tag = params.tag;
  return {
    raw: first === 0 && end === text.length ? text : text.slice(first, end),
    displayName,
    uri,
    uriText:
      uri !== undefined && uri.raw.length === uriEnd - uriStart
        ? uri.raw
        : text.slice(uriStart, uriEnd),
    params,
    tag: tag ?? undefined,
  };
}

/** Parses one name-addr or addr-spec with its parameters (see parseNameAddrAt). */
export function parseNameAddr(text: string, sink?: SyntaxIssue[]): NameAddr | undefined {
  return parseNameAddrAt(text, 0, text.length, sink);
}

/**
 * Parses the comma-separated name-addr / addr-spec values between `start`
 * and `end` (Contact, Route, Record-Route...) into `out`, or only checks
 * them when `out` is null. Empty elements are reported and skipped.
 */
export function parseNameAddrListAt(
  text: string,
  start: number,
  end: number,
  sink: SyntaxIssue[] | undefined,
  out: NameAddr[] | null,
  flags = 0,
  scratch?: NameAddrScratch,
): void {
  let i = start;
  for (;;) {
    const comma = findTopLevel(text, i, COMMA, end);
    const stop = comma < 0 ? end : comma;
    if (skipWhitespace(text, i, stop) >= stop) {
      if (stop < end || i > start) {
        report(
          sink,
          'empty-element',
          `The list "${excerpt(text.slice(start, end))}" has an empty element (",," or a trailing ",").`,
        );
      } else {
        report(sink, 'empty', 'The value is empty; a URI is expected.');
      }
    } else {
      const parsed = parseNameAddrAt(text, i, stop, sink, out !== null, flags, scratch);
      if (parsed !== undefined && out !== null) out.push(parsed);
    }
    if (stop >= end) return;
    i = stop + 1;
  }
}

/**
 * Parses a comma-separated list of name-addr / addr-spec values (Contact,
 * Route, Record-Route...). Empty elements are reported and skipped.
 */
export function parseNameAddrList(value: string, sink?: SyntaxIssue[]): NameAddr[] {
  const out: NameAddr[] = [];
  parseNameAddrListAt(value, 0, value.length, sink, out);
  return out;
}
