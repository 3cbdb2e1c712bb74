/**
 * Recognising SIP lines in any text: a request line ("METHOD uri SIP/2.0"),
 * a status line ("SIP/2.0 486 Busy Here"), a header line ("Name: value").
 * A start line may sit after a log prefix, so it is found by its shape from
 * the end ("... SIP/x.y") or at "SIP/x.y NNN", not by the line's first word.
 * Character loops only: no regular expressions run on user lines here.
 */
import { isTokenChar } from '../../sip/char-classes.js';
import { SIP_METHODS } from '../../sip/methods.js';

export interface StartLineMatch {
  /** Where the start line begins in the line (what is before it is a prefix). */
  start: number;
  /** Where it ends, trailing whitespace excluded. */
  end: number;
  kind: 'request' | 'response';
}

const KNOWN_METHODS = SIP_METHODS;

export { isTokenChar };

export function isSpaceOrTab(c: number): boolean {
  return c === 32 || c === 9;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isUpperMethodChar(c: number): boolean {
  return (c >= 65 && c <= 90) || isDigit(c) || c === 45 || c === 95;
}

/** Characters that may end a log prefix right before a start line. */
function isPrefixEnd(c: number): boolean {
  return (
    isSpaceOrTab(c) ||
    c === 58 ||
    c === 124 ||
    c === 93 ||
    c === 62 ||
    c === 41 ||
    c === 34 ||
    c === 39 ||
    c === 125
  );
}

/**
 * Finds a start line in `line`. With `junk` (tcpdump -A's first payload
 * line), printed header bytes may stand right before it, so the method is
 * taken as the longest known method ending there.
 */
export function findStartLine(line: string, junk = false): StartLineMatch | undefined {
  let end = line.length;
  while (end > 0 && isSpaceOrTab(line.charCodeAt(end - 1))) end--;
  if (end < 10) return undefined;
  return (
    findRequestLine(line, end, junk) ??
    findStatusLine(line, end, junk) ??
    findVersionlessRequest(line, end, junk)
  );
}

/** "INVITE sip:alan@example.com" with the version missing: found, so the parser can say what is wrong. */
function findVersionlessRequest(
  line: string,
  end: number,
  junk: boolean,
): StartLineMatch | undefined {
  if (junk) return undefined;
  // Every known method starts with an upper-case letter: other lines (SDP, headers) need no look-up.
  const first = line.charCodeAt(0);
  if (first < 65 || first > 90) return undefined;
  const space = line.indexOf(' ');
  if (space < 3 || space > 12 || !KNOWN_METHODS.includes(line.slice(0, space))) return undefined;
  const uri = line.slice(space + 1, end);
  if (uri.length < 3 || uri.indexOf(':') <= 0 || uri.indexOf(' ') >= 0 || uri.indexOf('\t') >= 0)
    return undefined;
  return { start: 0, end, kind: 'request' };
}

function findRequestLine(line: string, end: number, junk: boolean): StartLineMatch | undefined {
  // "SIP/" digits "." digits at the very end.
  let k = end;
  while (k > 0 && isDigit(line.charCodeAt(k - 1))) k--;
  if (k === end || line.charCodeAt(k - 1) !== 46) return undefined;
  const minor = k - 1;
  k = minor;
  while (k > 0 && isDigit(line.charCodeAt(k - 1))) k--;
  if (k === minor || k < 5) return undefined;
  const versionStart = k - 4;
  if (line.slice(versionStart, k).toUpperCase() !== 'SIP/') return undefined;
  const uriEnd = versionStart - 1;
  if (line.charCodeAt(uriEnd) !== 32) return undefined;

  // The whole line: "TOKEN uri SIP/x.y" with a URI free of spaces (any method, as the RFC allows).
  let methodEnd = 0;
  while (methodEnd < uriEnd && isTokenChar(line.charCodeAt(methodEnd))) methodEnd++;
  if (!junk && methodEnd > 0 && methodEnd < uriEnd && line.charCodeAt(methodEnd) === 32) {
    const uri = line.slice(methodEnd + 1, uriEnd);
    const plausible = uri.indexOf(':') > 0 || isUpperCaseWord(line, 0, methodEnd);
    if (plausible && uri.indexOf(' ') < 0 && uri.indexOf('\t') < 0) {
      return { start: 0, end, kind: 'request' };
    }
  }

  // After a prefix: an upper-case method and a URI with a scheme.
  let uriStart = uriEnd;
  while (uriStart > 0 && !isSpaceOrTab(line.charCodeAt(uriStart - 1))) uriStart--;
  if (uriStart < uriEnd && uriStart > 1 && line.charCodeAt(uriStart - 1) === 32) {
    const uriHasScheme =
      line.indexOf(':', uriStart) > uriStart && line.indexOf(':', uriStart) < uriEnd;
    let methodStart = uriStart - 1;
    while (methodStart > 0 && isUpperMethodChar(line.charCodeAt(methodStart - 1))) methodStart--;
    if (junk) methodStart = knownMethodStart(line, methodStart, uriStart - 1);
    const method = uriStart - 1 - methodStart;
    const first = line.charCodeAt(methodStart);
    if (
      uriHasScheme &&
      method >= 3 &&
      first >= 65 &&
      first <= 90 &&
      (methodStart === 0 || junk || isPrefixEnd(line.charCodeAt(methodStart - 1)))
    ) {
      return { start: methodStart, end, kind: 'request' };
    }
  }

  // A known method opening the line, whatever the URI looks like (malformed test messages).
  if (!junk && methodEnd > 0 && line.charCodeAt(methodEnd) === 32) {
    if (KNOWN_METHODS.includes(line.slice(0, methodEnd))) return { start: 0, end, kind: 'request' };
  }
  return undefined;
}

function isUpperCaseWord(line: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isUpperMethodChar(line.charCodeAt(i))) return false;
  return true;
}

/** In "<junk>INVITE", where the known method ending at `end` starts (the longest one). */
function knownMethodStart(line: string, runStart: number, end: number): number {
  let best = -1;
  for (const method of KNOWN_METHODS) {
    const start = end - method.length;
    if (start >= runStart && line.startsWith(method, start) && (best < 0 || start < best))
      best = start;
  }
  return best >= 0 ? best : runStart;
}

function findStatusLine(line: string, end: number, junk: boolean): StartLineMatch | undefined {
  let from = 0;
  for (;;) {
    const k = line.indexOf('SIP/', from);
    if (k < 0 || k >= end) return undefined;
    if (
      (k === 0 || junk || isPrefixEnd(line.charCodeAt(k - 1))) &&
      isStatusAt(line, k + 4, end, k === 0)
    ) {
      return { start: k, end, kind: 'response' };
    }
    from = k + 4;
  }
}

/**
 * digits "." digits SP 3DIGIT, then the end or a space. At the start of a
 * line any number of digits is taken (a malformed code is the parser's to report).
 */
function isStatusAt(line: string, at: number, end: number, lineStart: boolean): boolean {
  let p = at;
  const majorStart = p;
  while (p < end && isDigit(line.charCodeAt(p))) p++;
  if (p === majorStart || line.charCodeAt(p) !== 46) return false;
  p++;
  const minorStart = p;
  while (p < end && isDigit(line.charCodeAt(p))) p++;
  if (p === minorStart || line.charCodeAt(p) !== 32) return false;
  p++;
  const codeStart = p;
  while (p < end && p - codeStart < 13 && isDigit(line.charCodeAt(p))) p++;
  const digits = p - codeStart;
  if (digits !== 3 && !(lineStart && digits >= 1 && digits <= 12)) return false;
  return p === end || isSpaceOrTab(line.charCodeAt(p)) || line.charCodeAt(p) === 46;
}

/** Index of the colon when `text` is a header line ("token *WSP :"), else -1. */
export function headerColon(text: string): number {
  let p = 0;
  const n = text.length;
  while (p < n && isTokenChar(text.charCodeAt(p))) p++;
  if (p === 0) return -1;
  while (p < n && isSpaceOrTab(text.charCodeAt(p))) p++;
  return p < n && text.charCodeAt(p) === 58 ? p : -1;
}

/** True when `text` is empty or only spaces and tabs. */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpaceOrTab(text.charCodeAt(i))) return false;
  return true;
}
