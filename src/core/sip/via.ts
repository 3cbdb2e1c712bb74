/**
 * Via values (RFC 3261 §20.42, RFC 3581 rport, RFC 5118 §4.5): sent-protocol
 * with optional LWS around the slashes, sent-by (host, IPv6 reference, port)
 * and the via-params. One header line may hold several comma-joined values.
 */
import {
  describeChar,
  isDigit,
  isTokenChar,
  isWhitespace,
  skipWhitespace,
} from './char-classes.js';
import { isIpv6Address } from './ip-address.js';
import { newParams, parseParams } from './params.js';
import { splitTopLevel } from './split-values.js';
import { excerpt, report, type SyntaxIssue } from './syntax-issue.js';
import type { Via } from './types.js';
import { type HostPort, readHostPort } from './uri.js';

const SLASH = 47;

/** Reused for every sent-by (parseViaParm does not re-enter itself). */
const viaHostPort: HostPort = { host: '', hostRaw: '', port: undefined, next: 0 };

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

/** Parses one via-parm (no commas). Returns undefined when the sent-protocol or sent-by is unreadable. */
export function parseViaParm(text: string, sink?: SyntaxIssue[]): Via | undefined {
  const end = text.length;
  let i = skipWhitespace(text, 0, end);
  const nameStart = i;
  i = tokenEnd(text, i, end);
  const name = text.slice(nameStart, i);
  i = skipWhitespace(text, i, end);
  if (name === '' || i >= end || text.charCodeAt(i) !== SLASH) {
    report(
      sink,
      'malformed',
      `"${excerpt(text)}" does not start with a sent-protocol such as "SIP/2.0/UDP".`,
    );
    return undefined;
  }
  i = skipWhitespace(text, i + 1, end);
  const versionStart = i;
  i = tokenEnd(text, i, end);
  const version = text.slice(versionStart, i);
  i = skipWhitespace(text, i, end);
  if (version === '' || i >= end || text.charCodeAt(i) !== SLASH) {
    report(
      sink,
      'malformed',
      `"${excerpt(text)}" does not start with a sent-protocol such as "SIP/2.0/UDP".`,
    );
    return undefined;
  }
  i = skipWhitespace(text, i + 1, end);
  const transportStart = i;
  i = tokenEnd(text, i, end);
  const transport = text.slice(transportStart, i);
  if (transport === '') {
    report(
      sink,
      'malformed',
      `The Via value "${excerpt(text)}" has no transport after the protocol version.`,
    );
    return undefined;
  }
  const protocol = `${name}/${version}`;
  if (protocol !== 'SIP/2.0' && protocol.toUpperCase() !== 'SIP/2.0') {
    report(sink, 'version', `The Via value says ${excerpt(protocol)}; only SIP/2.0 exists.`);
  }
  if (i >= end || !isWhitespace(text.charCodeAt(i))) {
    const found = i < end ? describeChar(text.charCodeAt(i)) : 'nothing';
    report(
      sink,
      'malformed',
      `The Via value "${excerpt(text)}" needs whitespace and a sent-by after the transport, found ${found}.`,
    );
    return undefined;
  }
  i = skipWhitespace(text, i, end);
  const hp = viaHostPort;
  readHostPort(text, i, end, hp, sink, true);
  if (hp.host === '') return undefined;
  const params = newParams();
  const stop = parseParams(text, hp.next, params, sink, end);
  if (stop < end) {
    report(
      sink,
      'trailing-text',
      `Unexpected ${describeChar(text.charCodeAt(stop))} in the Via value "${excerpt(text)}".`,
    );
  }
  const via: Via = {
    raw: text,
    protocol,
    transport,
    host: hp.host,
    port: hp.port,
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
      const port = smallNumber(rport);
      if (port === undefined || port > 65535)
        report(sink, 'rport', `rport=${excerpt(rport)} is not a port number.`);
      else via.rport = port;
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

/**
 * Parses a Via header value: every comma-separated via-parm in order.
 * Empty elements (",,") are reported and skipped.
 */
export function parseVia(value: string, sink?: SyntaxIssue[]): Via[] {
  const parts = splitTopLevel(value);
  const out: Via[] = [];
  for (const part of parts) {
    if (part === '') {
      report(
        sink,
        'empty-element',
        `The Via value "${excerpt(value)}" has an empty element (",," or a trailing ",").`,
      );
      continue;
    }
    const via = parseViaParm(part, sink);
    if (via) out.push(via);
  }
  return out;
}
