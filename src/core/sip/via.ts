/**
 * Via values (RFC 3261 §20.42, RFC 3581 rport, RFC 5118 §4.5): sent-protocol
 * with optional LWS around the slashes, sent-by (host, IPv6 reference, port)
 * and the via-params. One header line may hold several comma-joined values;
 * they are read in one pass, each value ending at the first comma its
 * parameters do not swallow (a quoted parameter value may hold commas).
 */
import {
  describeChar,
  isDigit,
  isTokenChar,
  isWhitespace,
  matchesAt,
  skipWhitespace,
  trimEndIndex,
} from './char-classes.js';
import { isIpv6Address } from './ip-address.js';
import { newParams, parseParams } from './params.js';
import { findTopLevel } from './split-values.js';
import { excerpt, report, type SyntaxIssue } from './syntax-issue.js';
import type { Mutable, Via } from './types.js';
import { type HostPort, newHostPort, readHostPort } from './uri.js';

const SLASH = 47;
const COMMA = 44;

/**
 * What the Via readers reuse from value to value (nothing here re-enters
 * itself): the sent-by being read, and where the last value stopped (the
 * comma after it, or the end). A parse keeps one in its state.
 */
export interface ViaCursor {
  readonly hostPort: HostPort;
  stop: number;
}

export function newViaCursor(): ViaCursor {
  return { hostPort: newHostPort(), stop: 0 };
}

/** Reads a token at `i`; returns its end (== i when there is none). */
function tokenEnd(text: string, i: number, end: number): number {
  let j = i;
  while (j < end && isTokenChar(text.charCodeAt(j))) j++;
  return j;
}

/** A small decimal number, or undefined when `text` is not 1-10 digits. */
function smallNumber(text: string): number | undefined {
  if (text.length === 0 || text.length > 10) return undefined;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    value = value * 10 + c - 48;
  }
  return value;
}

function stripBrackets(text: string): string {
  return text.length >= 2 && text.charCodeAt(0) === 91 && text.charCodeAt(text.length - 1) === 93
    ? text.slice(1, -1)
    : text;
}

/** The element that starts at `start`, for messages: up to the next top-level comma. */
function elementText(text: string, start: number, end: number): string {
  const comma = findTopLevel(text, start, COMMA, end);
  return text.slice(start, comma < 0 ? end : comma);
}

/** The text of one value, without slicing when it is the whole header value. */
function rawOf(text: string, start: number, stop: number): string {
  const end = trimEndIndex(text, start, stop);
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** The usual transports as shared constants (every kept Via would otherwise hold its own copy). */
const COMMON_TRANSPORTS = ['UDP', 'TCP', 'TLS', 'WSS', 'SCTP', 'WS'];

/** text[start, end) as a string, without allocating when it is a usual transport as written upper-case. */
function transportText(text: string, start: number, end: number): string {
  const length = end - start;
  for (let k = 0; k < COMMON_TRANSPORTS.length; k++) {
    const t = COMMON_TRANSPORTS[k] as string;
    if (t.length === length && matchesAt(text, start, t)) return t;
  }
  return text.slice(start, end);
}

/** "SIP/2.0/" written at `i`, character by character (cheaper than a startsWith call here). */
function sipSlash(text: string, i: number): boolean {
  return (
    text.charCodeAt(i) === 83 && // S
    text.charCodeAt(i + 1) === 73 && // I
    text.charCodeAt(i + 2) === 80 && // P
    text.charCodeAt(i + 3) === 47 && // /
    text.charCodeAt(i + 4) === 50 && // 2
    text.charCodeAt(i + 5) === 46 && // .
    text.charCodeAt(i + 6) === 48 && // 0
    text.charCodeAt(i + 7) === 47 // /
  );
}

/** Skips to the next top-level comma (or the end) after a defect, so the next value can be read. */
function giveUp(text: string, from: number, end: number, cursor: ViaCursor): undefined {
  const comma = findTopLevel(text, from, COMMA, end);
  cursor.stop = comma < 0 ? end : comma;
  return undefined;
}

/** Reads "SIP / 2.0 / UDP" at `i`; "SIP/2.0/" written plainly is the fast path. */
function readViaParm(
  text: string,
  start: number,
  end: number,
  sink: SyntaxIssue[] | undefined,
  cursor: ViaCursor,
): Via | undefined {
  let i = start;
  let protocol = 'SIP/2.0';
  if (i + 8 <= end && sipSlash(text, i)) {
    i += 8;
  } else {
    // sent-protocol is "name / version / transport": read the first two parts, each ending in a slash.
    const parts: string[] = [];
    for (let part = 0; part < 2; part++) {
      const partStart = i;
      i = tokenEnd(text, i, end);
      const token = text.slice(partStart, i);
      i = skipWhitespace(text, i, end);
      if (token === '' || i >= end || text.charCodeAt(i) !== SLASH) {
        report(
          sink,
          'malformed',
          `"${excerpt(elementText(text, start, end))}" does not start with a sent-protocol such as "SIP/2.0/UDP".`,
        );
        return giveUp(text, i, end, cursor);
      }
      parts.push(token);
      i = skipWhitespace(text, i + 1, end);
    }
    const [name, version] = parts;
    protocol = `${name}/${version}`;
    if (protocol.toUpperCase() !== 'SIP/2.0') {
      report(sink, 'version', `The Via value says ${excerpt(protocol)}; only SIP/2.0 exists.`);
    } else {
      protocol = 'SIP/2.0';
    }
  }
  const transportStart = i;
  i = tokenEnd(text, i, end);
  if (i === transportStart) {
    report(
      sink,
      'malformed',
      `The Via value "${excerpt(elementText(text, start, end))}" has no transport after the protocol version.`,
    );
    return giveUp(text, i, end, cursor);
  }
  const transport = transportText(text, transportStart, i);
  if (i >= end || !isWhitespace(text.charCodeAt(i))) {
    const found = i < end ? describeChar(text.charCodeAt(i)) : 'nothing';
    report(
      sink,
      'malformed',
      `The Via value "${excerpt(elementText(text, start, end))}" needs whitespace and a sent-by after the transport, found ${found}.`,
    );
    return giveUp(text, i, end, cursor);
  }
  i = skipWhitespace(text, i, end);
  const hp = cursor.hostPort;
  readHostPort(text, i, end, hp, sink, true);
  if (hp.host === '') return giveUp(text, hp.next, end, cursor);
  const host = hp.host;
  const port = hp.port;
  const params = newParams();
  let stop = parseParams(text, hp.next, params, sink, end);
  if (stop < end && text.charCodeAt(stop) !== COMMA) {
    report(
      sink,
      'trailing-text',
      `Unexpected ${describeChar(text.charCodeAt(stop))} in the Via value "${excerpt(elementText(text, start, end))}".`,
    );
    const comma = findTopLevel(text, stop, COMMA, end);
    stop = comma < 0 ? end : comma;
  }
  cursor.stop = stop;
  const via: Mutable<Via> = {
    raw: rawOf(text, start, stop),
    protocol,
    transport,
    host,
    port,
    branch: undefined,
    received: undefined,
    rport: undefined,
    maddr: undefined,
    ttl: undefined,
    params,
  };
  const branch = params.branch;
  if (branch !== undefined) {
    if (branch === null || branch === '')
      report(sink, 'empty-param-value', 'The branch parameter has no value.');
    else via.branch = branch;
  }
  const received = params.received;
  if (typeof received === 'string' && received !== '') {
    via.received = stripBrackets(received);
    if (via.received.indexOf(':') >= 0 && !isIpv6Address(via.received)) {
      report(sink, 'received', `received=${excerpt(received)} is not a valid IPv6 address.`);
    }
  }
  const rport = params.rport;
  if (rport !== undefined) {
    if (rport === null) via.rport = true;
    else {
      const value = smallNumber(rport);
      if (value === undefined || value > 65535)
        report(sink, 'rport', `rport=${excerpt(rport)} is not a port number.`);
      else via.rport = value;
    }
  }
  const maddr = params.maddr;
  if (typeof maddr === 'string') via.maddr = stripBrackets(maddr);
  const ttl = params.ttl;
  if (ttl !== undefined) {
    const value = ttl === null ? undefined : smallNumber(ttl);
    if (value === undefined || value > 255)
      report(sink, 'ttl', `ttl=${excerpt(String(ttl))} is not a number from 0 to 255.`);
    else via.ttl = value;
  }
  return via;
}

/** Parses one via-parm (no commas). Returns undefined when the sent-protocol or sent-by is unreadable. */
export function parseViaParm(text: string, sink?: SyntaxIssue[]): Via | undefined {
  const end = trimEndIndex(text, 0, text.length);
  const cursor = newViaCursor();
  const via = readViaParm(text, skipWhitespace(text, 0, end), end, sink, cursor);
  if (via !== undefined && cursor.stop < end) {
    report(
      sink,
      'trailing-text',
      `Unexpected "," in the Via value "${excerpt(text)}"; use parseVia for lists.`,
    );
  }
  return via;
}

/**
 * Parses the Via header value written between `start` and `end` of `text`:
 * every comma-separated via-parm in order, appended to `out`. Empty elements
 * (",,") are reported and skipped. `scratch` is a parse's Via cursor (see
 * parser-state.ts), reused instead of a new one.
 */
export function parseViaAt(
  text: string,
  start: number,
  end: number,
  sink: SyntaxIssue[] | undefined,
  out: Via[],
  scratch?: ViaCursor,
): Via[] {
  const cursor = scratch ?? newViaCursor();
  end = trimEndIndex(text, start, end);
  let i = skipWhitespace(text, start, end);
  if (i >= end) {
    report(sink, 'empty-element', 'The Via header is empty.');
    return out;
  }
  for (;;) {
    if (text.charCodeAt(i) === COMMA) {
      report(
        sink,
        'empty-element',
        `The Via value "${excerpt(text.slice(start, end))}" has an empty element (",," or a leading ",").`,
      );
      cursor.stop = i;
    } else {
      const via = readViaParm(text, i, end, sink, cursor);
      if (via !== undefined) out.push(via);
    }
    if (cursor.stop >= end) return out;
    i = skipWhitespace(text, cursor.stop + 1, end);
    if (i >= end) {
      report(
        sink,
        'empty-element',
        `The Via value "${excerpt(text.slice(start, end))}" ends with ",".`,
      );
      return out;
    }
  }
}

/** Parses a Via header value: every comma-separated via-parm in order. */
export function parseVia(value: string, sink?: SyntaxIssue[], out: Via[] = []): Via[] {
  return parseViaAt(value, 0, value.length, sink, out);
}
