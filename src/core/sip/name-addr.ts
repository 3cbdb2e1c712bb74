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
import { newParams, parseParams } from './params.js';
import { findClosingQuote, splitTopLevel, unescapeQuoted } from './split-values.js';
import { excerpt, report, type SyntaxIssue } from './syntax-issue.js';
import type { NameAddr } from './types.js';
import { parseUri } from './uri.js';

const QUOTE = 34;
const LT = 60;
const GT = 62;
const SEMI = 59;

/** Checks an unquoted display name: tokens separated by whitespace. */
function checkUnquotedDisplayName(text: string, sink: SyntaxIssue[] | undefined): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isTokenChar(c) && !isWhitespace(c)) {
      report(
        sink,
        'display-name',
        `The display name "${excerpt(text)}" contains ${describeChar(c)}, so it must be in double quotes.`,
      );
      return;
    }
  }
}

/**
 * Parses one name-addr or addr-spec with its parameters. Returns undefined
 * only when there is nothing to read (empty text, or an unterminated quote
 * with no URI after it).
 */
export function parseNameAddr(text: string, sink?: SyntaxIssue[]): NameAddr | undefined {
  const end = trimEndIndex(text, 0, text.length);
  let i = skipWhitespace(text, 0, end);
  if (i >= end) {
    report(sink, 'empty', 'The value is empty; a URI is expected.');
    return undefined;
  }
  const start = i;
  let displayName: string | undefined;
  let bracketed = false;

  if (text.charCodeAt(i) === QUOTE) {
    const close = findClosingQuote(text, i, end);
    if (close < 0) {
      report(
        sink,
        'unterminated-quote',
        `The quoted display name in "${excerpt(text)}" is never closed.`,
      );
      // Infer the closing quote just before the "<" that opens the URI, when there is one.
      const lt = text.indexOf('<', i + 1);
      if (lt < 0 || lt >= end) return undefined;
      displayName = unescapeQuoted(text.slice(i + 1, trimEndIndex(text, i + 1, lt)));
      i = lt;
    } else {
      displayName = unescapeQuoted(text.slice(i + 1, close));
      i = skipWhitespace(text, close + 1, end);
      if (i >= end || text.charCodeAt(i) !== LT) {
        report(
          sink,
          'malformed',
          `The quoted display name in "${excerpt(text)}" is not followed by a URI in < >.`,
        );
        return undefined;
      }
    }
    bracketed = true;
  } else {
    const lt = text.indexOf('<', i);
    if (lt >= 0 && lt < end) {
      const colon = text.indexOf(':', i);
      if (colon < 0 || colon > lt) {
        const nameEnd = trimEndIndex(text, i, lt);
        if (nameEnd > i) {
          displayName = text.slice(i, nameEnd);
          checkUnquotedDisplayName(displayName, sink);
        }
        i = lt;
        bracketed = true;
      }
    }
  }

  let uriText: string;
  let paramsStart: number;
  if (bracketed) {
    const gt = text.indexOf('>', i + 1);
    const uriEnd = gt < 0 || gt > end ? end : gt;
    if (uriEnd === end)
      report(sink, 'unterminated-angle', `The "<" in "${excerpt(text)}" is never closed by ">".`);
    const innerStart = skipWhitespace(text, i + 1, uriEnd);
    const innerEnd = trimEndIndex(text, innerStart, uriEnd);
    if (innerStart !== i + 1 || innerEnd !== uriEnd) {
      report(
        sink,
        'uri-whitespace',
        `Whitespace inside "<${excerpt(text.slice(i + 1, uriEnd))}>" is not allowed around the URI.`,
      );
    }
    uriText = text.slice(innerStart, innerEnd);
    paramsStart = uriEnd === end ? end : uriEnd + 1;
  } else {
    let semi = text.indexOf(';', i);
    if (semi < 0 || semi > end) semi = end;
    const uriEnd = trimEndIndex(text, i, semi);
    uriText = text.slice(i, uriEnd);
    paramsStart = semi;
    if (uriText.indexOf('?') >= 0) {
      report(
        sink,
        'uri-headers-without-brackets',
        `The URI "${excerpt(uriText)}" has a "?" header part, so it must be enclosed in < > (RFC 3261 §20).`,
      );
    }
    for (let k = 0; k < uriText.length; k++) {
      const c = uriText.charCodeAt(k);
      if (isWhitespace(c) || c === GT || c === QUOTE) {
        report(sink, 'uri-char', `The URI "${excerpt(uriText)}" contains ${describeChar(c)}.`);
        break;
      }
    }
  }

  const uri = uriText === '' ? undefined : parseUri(uriText, sink);
  if (uriText === '') report(sink, 'empty-uri', `"${excerpt(text)}" holds no URI.`);
  const params = newParams();
  const stop = parseParams(text, paramsStart, params, sink, end);
  if (stop < end) {
    const c = text.charCodeAt(stop);
    report(
      sink,
      'trailing-text',
      c === SEMI
        ? `Unexpected text after the parameters in "${excerpt(text)}".`
        : `Unexpected ${describeChar(c)} after the URI in "${excerpt(text)}".`,
    );
  }
  const tag = params.tag;
  if (tag === null) report(sink, 'empty-param-value', 'The "tag" parameter has no value.');
  return {
    raw: start === 0 && end === text.length ? text : text.slice(start, end),
    displayName,
    uri,
    uriText,
    params,
    tag: tag ?? undefined,
  };
}

/**
 * Parses a comma-separated list of name-addr / addr-spec values (Contact,
 * Route, Record-Route...). Empty elements are reported and skipped.
 */
export function parseNameAddrList(value: string, sink?: SyntaxIssue[]): NameAddr[] {
  const out: NameAddr[] = [];
  const parts = splitTopLevel(value);
  for (const part of parts) {
    if (part === '') {
      report(
        sink,
        'empty-element',
        `The list "${excerpt(value)}" has an empty element (",," or a trailing ",").`,
      );
      continue;
    }
    const parsed = parseNameAddr(part, sink);
    if (parsed) out.push(parsed);
  }
  return out;
}
