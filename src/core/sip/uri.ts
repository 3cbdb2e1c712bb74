/**
 * SIP, SIPS and tel URIs (RFC 3261 §19.1, RFC 3966), plus any other
 * absoluteURI kept as its scheme and text. The raw text is always kept;
 * user, password, parameters and URI headers are %-decoded next to it.
 * Parsing never throws: a defect is reported to the sink and the best
 * reading is returned (undefined only when the text is not a URI at all).
 */
import {
  describeChar,
  isAlpha,
  isDigit,
  isHexDigit,
  isHostChar,
  isSchemeChar,
  isWhitespace,
  matchesAt,
  PASSWORD_CHARS,
  URI_HEADER_CHARS,
  URI_PARAM_CHARS,
  USER_CHARS,
} from './char-classes.js';
import { isIpv4Address, isIpv6Address } from './ip-address.js';
import { commonParamName } from './param-names.js';
import { lowerAscii, newParams } from './params.js';
import { excerpt, report, type SyntaxIssue } from './syntax-issue.js';
import type { ParamsBuilder, SipUri } from './types.js';

const PERCENT = 37;
const COLON = 58;
const SEMI = 59;
const QUESTION = 63;
const AT = 64;
const LBRACKET = 91;
const RBRACKET = 93;
const AMPERSAND = 38;
const EQUAL = 61;

const utf8 = new TextDecoder('utf-8', { fatal: false });

function hexValue(c: number): number {
  if (c <= 57) return c - 48;
  if (c <= 70) return c - 55;
  return c - 87;
}

/**
 * Resolves %HH escapes. Escaped bytes are read as UTF-8 when they form
 * multi-byte characters; %00 becomes U+0000 (nothing is truncated); a "%"
 * that does not start a valid escape stays as written.
 */
export function percentDecode(text: string): string {
  let pct = text.indexOf('%');
  if (pct < 0) return text;
  const parts: string[] = [];
  let last = 0;
  while (pct >= 0) {
    if (isEscape(text, pct)) {
      parts.push(text.slice(last, pct));
      const bytes: number[] = [];
      let i = pct;
      while (i < text.length && text.charCodeAt(i) === PERCENT && isEscape(text, i)) {
        bytes.push(hexValue(text.charCodeAt(i + 1)) * 16 + hexValue(text.charCodeAt(i + 2)));
        i += 3;
      }
      parts.push(utf8.decode(Uint8Array.from(bytes)));
      last = i;
      pct = text.indexOf('%', i);
    } else {
      pct = text.indexOf('%', pct + 1);
    }
  }
  parts.push(text.slice(last));
  return parts.join('');
}

function isEscape(text: string, at: number): boolean {
  return (
    at + 2 < text.length &&
    isHexDigit(text.charCodeAt(at + 1)) &&
    isHexDigit(text.charCodeAt(at + 2))
  );
}

/** Where a host[:port] ended and what it held. */
export interface HostPort {
  /** Host without IPv6 brackets. */
  host: string;
  /** Host as written. */
  hostRaw: string;
  port: number | undefined;
  /** Index of the first character after the host and port. */
  next: number;
}

/** An empty HostPort (every one made here has the same shape, so the readers stay monomorphic). */
export function newHostPort(): HostPort {
  return { host: '', hostRaw: '', port: undefined, next: 0 };
}

/**
 * Reads host [":" port] at `start` (a bracketed IPv6 reference, an IPv4
 * address or a host name). Whitespace is allowed around the colon only when
 * `lws` is set (Via sent-by allows it, URIs do not).
 */
export function parseHostPort(
  text: string,
  start: number,
  end: number,
  sink?: SyntaxIssue[],
  lws = false,
): HostPort {
  const out = newHostPort();
  out.next = start;
  readHostPort(text, start, end, out, sink, lws);
  return out;
}

/** parseHostPort writing into `out`, so hot paths can reuse one object. */
export function readHostPort(
  text: string,
  start: number,
  end: number,
  out: HostPort,
  sink: SyntaxIssue[] | undefined,
  lws: boolean,
  build = true,
): void {
  let i = start;
  let host = '';
  let hostRaw = '';
  const bracketed = i < end && text.charCodeAt(i) === LBRACKET;
  if (bracketed) {
    let close = -1;
    for (let j = i + 1; j < end; j++) {
      if (text.charCodeAt(j) === RBRACKET) {
        close = j;
        break;
      }
    }
    if (close < 0) {
      report(
        sink,
        'host',
        `The IPv6 reference "${excerpt(text.slice(i, end))}" has no closing "]".`,
      );
      out.host = build ? text.slice(i + 1, end) : '';
      out.hostRaw = build ? text.slice(i, end) : '';
      out.port = undefined;
      out.next = end;
      return;
    }
    if (build) {
      host = text.slice(i + 1, close);
      hostRaw = text.slice(i, close + 1);
    }
    if (!isIpv6Address(text, i + 1, close)) {
      const inner = text.slice(i + 1, close);
      const hint = inner.includes(':::') ? ' (three colons in a row)' : '';
      report(
        sink,
        'ipv6',
        `"${excerpt(`[${inner}]`)}" is not a valid IPv6 reference${hint}; RFC 4291 and RFC 5118 §4.10 forbid it.`,
      );
    }
    i = close + 1;
  } else {
    while (i < end && isHostChar(text.charCodeAt(i))) i++;
    if (build) {
      host = text.slice(start, i);
      hostRaw = host;
    }
    if (i === start) {
      const found = i < end ? `found ${describeChar(text.charCodeAt(i))}` : 'found nothing';
      report(sink, 'host', `A host is expected, ${found}.`);
    }
  }
  let port: number | undefined;
  let j = lws ? skipLws(text, i, end) : i;
  if (j < end && text.charCodeAt(j) === COLON) {
    j = lws ? skipLws(text, j + 1, end) : j + 1;
    const portStart = j;
    let value = 0;
    while (j < end && isDigit(text.charCodeAt(j))) {
      if (value <= 65535) value = value * 10 + text.charCodeAt(j) - 48;
      j++;
    }
    const suspicious = j === portStart || (j < end && text.charCodeAt(j) === COLON);
    if (suspicious && !bracketed && looksLikeBareIpv6(text, start, end)) {
      report(
        sink,
        'ipv6-unbracketed',
        `"${excerpt(text.slice(start, end))}" looks like an IPv6 address without the [ ] brackets RFC 5118 §4.2 requires, so host and port cannot be told apart.`,
      );
      out.host = build ? text.slice(start, end) : '';
      out.hostRaw = out.host;
      out.port = undefined;
      out.next = end;
      return;
    }
    if (j === portStart) {
      report(sink, 'port', `A port number is expected after "${excerpt(text.slice(start, i))}:".`);
    } else if (value > 65535) {
      report(sink, 'port', `Port ${excerpt(text.slice(portStart, j))} is out of range (0-65535).`);
    } else {
      port = value;
    }
    i = j;
  }
  out.host = host;
  out.hostRaw = hostRaw;
  out.port = port;
  out.next = i;
}

function skipLws(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** An IPv6 address written bare where a host was expected (hex digits and two or more colons). */
function looksLikeBareIpv6(text: string, start: number, end: number): boolean {
  let i = start;
  let colons = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === COLON) colons++;
    else if (!isHexDigit(c) && c !== 46) break;
    i++;
  }
  return colons >= 2 && isIpv6Address(text, start, i);
}

/** Checks %-escapes and allowed characters of one URI component; reports the first defect. */
function checkComponent(
  text: string,
  start: number,
  end: number,
  allowed: Uint8Array,
  what: string,
  sink: SyntaxIssue[] | undefined,
): void {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === PERCENT) {
      if (!isEscape(text, i) || i + 2 >= end) {
        report(
          sink,
          'escape',
          `The ${what} "${excerpt(text.slice(start, end))}" has a "%" that is not followed by two hex digits.`,
        );
        return;
      }
      i += 2;
    } else if (c >= 128 || allowed[c] !== 1) {
      report(
        sink,
        'uri-char',
        `The ${what} "${excerpt(text.slice(start, end))}" contains ${describeChar(c)}, which must be %-escaped.`,
      );
      return;
    }
  }
}

/** Reads ";name[=value]" URI parameters up to "?" or `end`; names and values are %-decoded. */
function parseUriParams(
  text: string,
  start: number,
  end: number,
  params: ParamsBuilder | null,
  sink: SyntaxIssue[] | undefined,
): number {
  let i = start;
  while (i < end && text.charCodeAt(i) === SEMI) {
    const nameStart = i + 1;
    let j = nameStart;
    let eq = -1;
    let escaped = false;
    let bad = false;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c < 128 && URI_PARAM_CHARS[c] === 1) {
        if (c === PERCENT) escaped = true;
      } else if (c === SEMI || c === QUESTION) {
        break;
      } else if (c === EQUAL && eq < 0) {
        eq = j;
      } else {
        bad = true;
      }
      j++;
    }
    const nameEnd = eq < 0 ? j : eq;
    if (nameEnd === nameStart) {
      report(sink, 'empty-param', 'The URI has an empty parameter (";" with no name).');
    } else {
      if (bad || escaped) {
        checkComponent(text, nameStart, nameEnd, URI_PARAM_CHARS, 'URI parameter name', sink);
        if (eq >= 0) checkComponent(text, eq + 1, j, URI_PARAM_CHARS, 'URI parameter value', sink);
      }
      if (params === null) {
        i = j;
        continue;
      }
      const common = escaped ? undefined : commonParamName(text, nameStart, nameEnd);
      const value = eq < 0 ? null : text.slice(eq + 1, j);
      // The usual names get named stores: a keyed store whose key varies is megamorphic.
      if (common === 'transport') {
        if (params.transport === undefined) params.transport = value;
      } else if (common === 'user') {
        if (params.user === undefined) params.user = value;
      } else if (common === 'lr') {
        if (params.lr === undefined) params.lr = value;
      } else {
        const name =
          common ??
          (escaped
            ? lowerAscii(percentDecode(text.slice(nameStart, nameEnd)))
            : lowerAscii(text.slice(nameStart, nameEnd)));
        if (name !== '__proto__' && !Object.hasOwn(params, name))
          params[name] = escaped && value !== null ? percentDecode(value) : value;
      }
    }
    i = j;
  }
  return i;
}

/** Reads "name=value&..." URI headers between `start` (after the "?") and `end`; both sides %-decoded. */
function parseUriHeaders(
  text: string,
  start: number,
  end: number,
  headers: Record<string, string> | null,
  sink: SyntaxIssue[] | undefined,
): void {
  let i = start;
  while (i <= end) {
    let j = i;
    let eq = -1;
    while (j < end && text.charCodeAt(j) !== AMPERSAND) {
      if (text.charCodeAt(j) === EQUAL && eq < 0) eq = j;
      j++;
    }
    if (eq <= i) {
      report(
        sink,
        'uri-header',
        `The URI header "${excerpt(text.slice(i, j))}" is not of the form name=value.`,
      );
    } else {
      checkComponent(text, i, eq, URI_HEADER_CHARS, 'URI header name', sink);
      checkComponent(text, eq + 1, j, URI_HEADER_CHARS, 'URI header value', sink);
      const name = headers === null ? '' : percentDecode(text.slice(i, eq));
      if (headers !== null && name !== '__proto__' && !Object.hasOwn(headers, name)) {
        headers[name] = percentDecode(text.slice(eq + 1, j));
      }
    }
    i = j + 1;
  }
}

/** text[start, end): the whole string, not a slice, when that is all of it (a URI's own text, a value's). */
export function rawText(text: string, start: number, end: number): string {
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function parseSipUri(
  text: string,
  scheme: string,
  uriStart: number,
  start: number,
  end: number,
  sink: SyntaxIssue[] | undefined,
  build: boolean,
  hp: HostPort,
): SipUri | undefined {
  // One pass: the userinfo runs to an "@"; user characters, one ":" (password) and escapes may come before it.
  let at = -1;
  let colon = -1;
  let escaped = false;
  let bad = false;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c < 128 && USER_CHARS[c] === 1) {
      if (c === PERCENT) escaped = true;
    } else if (c === AT) {
      at = k;
      break;
    } else if (c === COLON) {
      if (colon < 0) colon = k;
    } else {
      bad = true;
    }
  }
  let user: string | undefined;
  let userRaw: string | undefined;
  let password: string | undefined;
  let hostStart = start;
  if (at >= 0) {
    const userEnd = colon < 0 ? at : colon;
    if (userEnd === start) report(sink, 'user', 'The URI has an "@" but an empty user part.');
    if (bad || escaped) checkComponent(text, start, userEnd, USER_CHARS, 'user part', sink);
    if (colon >= 0) checkComponent(text, colon + 1, at, PASSWORD_CHARS, 'password', sink);
    if (build) {
      userRaw = text.slice(start, userEnd);
      user = escaped ? percentDecode(userRaw) : userRaw;
      if (colon >= 0) password = percentDecode(text.slice(colon + 1, at));
    }
    hostStart = at + 1;
  }
  readHostPort(text, hostStart, end, hp, sink, false, build);
  const params = build ? newParams() : null;
  const headers: Record<string, string> | null = build ? {} : null;
  let i = hp.next;
  if (i < end && text.charCodeAt(i) === SEMI) i = parseUriParams(text, i, end, params, sink);
  if (i < end && text.charCodeAt(i) === QUESTION) {
    parseUriHeaders(text, i + 1, end, headers, sink);
    i = end;
  }
  if (i < end) {
    report(
      sink,
      'uri-char',
      `Unexpected ${describeChar(text.charCodeAt(i))} after the host in "${excerpt(text.slice(uriStart, end))}".`,
    );
  }
  if (params === null || headers === null) return undefined;
  return {
    raw: rawText(text, uriStart, end),
    scheme,
    user,
    userRaw,
    password,
    host: hp.host,
    hostRaw: hp.hostRaw,
    port: hp.port,
    params,
    headers,
  };
}

function isTelChar(c: number, global: boolean): boolean {
  if (isDigit(c) || c === 45 || c === 46 || c === 40 || c === 41) return true;
  return !global && (isHexDigit(c) || c === 42 || c === 35);
}

function parseTelUri(
  text: string,
  uriStart: number,
  start: number,
  end: number,
  sink: SyntaxIssue[] | undefined,
): SipUri {
  let semi = start;
  while (semi < end && text.charCodeAt(semi) !== SEMI) semi++;
  const numberRaw = text.slice(start, semi);
  const global = numberRaw.charCodeAt(0) === 43;
  let digits = 0;
  let bad = -1;
  for (let i = global ? 1 : 0; i < numberRaw.length; i++) {
    const c = numberRaw.charCodeAt(i);
    if (!isTelChar(c, global) && c !== PERCENT) {
      bad = c;
      break;
    }
    if (isHexDigit(c) || c === 42 || c === 35) digits++;
  }
  const raw = rawText(text, uriStart, end);
  if (bad >= 0) {
    report(
      sink,
      'tel-number',
      `The tel number "${excerpt(numberRaw)}" contains ${describeChar(bad)}.`,
    );
  } else if (digits === 0) {
    report(sink, 'tel-number', `The tel URI "${excerpt(raw)}" has no number.`);
  }
  const params = newParams();
  const i = parseUriParams(text, semi, end, params, sink);
  if (i < end) {
    report(
      sink,
      'uri-char',
      `Unexpected ${describeChar(text.charCodeAt(i))} in the tel URI "${excerpt(raw)}".`,
    );
  }
  return {
    raw,
    scheme: 'tel',
    user: percentDecode(numberRaw),
    userRaw: numberRaw,
    password: undefined,
    host: '',
    hostRaw: '',
    port: undefined,
    params,
    headers: {},
  };
}

/** Any other scheme: the text is kept; "//host:port" is read when present. */
function parseOtherUri(
  text: string,
  scheme: string,
  uriStart: number,
  start: number,
  end: number,
  sink: SyntaxIssue[] | undefined,
  hp: HostPort,
): SipUri {
  const raw = rawText(text, uriStart, end);
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32 || c === 127 || c === 34 || c === 60 || c === 62) {
      report(sink, 'uri-char', `The URI "${excerpt(raw)}" contains ${describeChar(c)}.`);
      break;
    }
  }
  let host = '';
  let hostRaw = '';
  let port: number | undefined;
  if (matchesAt(text, start, '//') && start + 2 <= end) {
    let authorityEnd = start + 2;
    while (authorityEnd < end) {
      const c = text.charCodeAt(authorityEnd);
      if (c === 47 || c === QUESTION || c === 35) break;
      authorityEnd++;
    }
    let hostStart = start + 2;
    for (let k = authorityEnd - 1; k >= start + 2; k--) {
      if (text.charCodeAt(k) === AT) {
        hostStart = k + 1;
        break;
      }
    }
    readHostPort(text, hostStart, authorityEnd, hp, undefined, false);
    host = hp.host;
    hostRaw = hp.hostRaw;
    port = hp.port;
  }
  return {
    raw,
    scheme,
    user: undefined,
    userRaw: undefined,
    password: undefined,
    host,
    hostRaw,
    port,
    params: newParams(),
    headers: {},
  };
}

/**
 * Parses the URI written between `start` and `end` of `text` (the parsers
 * of a whole message read in place rather than from sliced copies). `scratch`
 * is a parse's host/port scratch (see parser-state.ts), reused instead of a
 * new one.
 */
export function parseUriAt(
  text: string,
  start: number,
  end: number,
  sink?: SyntaxIssue[],
  build = true,
  scratch?: HostPort,
): SipUri | undefined {
  const hp = scratch ?? newHostPort();
  // "sip:" and "sips:" in lower case are nearly every URI: recognise them without slicing the scheme.
  if (
    end - start > 5 &&
    text.charCodeAt(start) === 115 &&
    text.charCodeAt(start + 1) === 105 &&
    text.charCodeAt(start + 2) === 112
  ) {
    const c = text.charCodeAt(start + 3);
    if (c === COLON) return parseSipUri(text, 'sip', start, start + 4, end, sink, build, hp);
    if (c === 115 && text.charCodeAt(start + 4) === COLON) {
      return parseSipUri(text, 'sips', start, start + 5, end, sink, build, hp);
    }
  }
  let colon = start;
  while (colon < end && text.charCodeAt(colon) !== COLON) colon++;
  if (colon === end) colon = -1;
  if (colon <= start || !isAlpha(text.charCodeAt(start))) {
    report(
      sink,
      'uri',
      `"${excerpt(text.slice(start, end))}" is not a URI (it has no scheme such as "sip:").`,
    );
    return undefined;
  }
  for (let i = start + 1; i < colon; i++) {
    if (!isSchemeChar(text.charCodeAt(i))) {
      report(sink, 'uri', `"${excerpt(text.slice(start, end))}" is not a URI (invalid scheme).`);
      return undefined;
    }
  }
  const scheme = lowerAscii(text.slice(start, colon));
  if (scheme === 'sip' || scheme === 'sips') {
    return parseSipUri(text, scheme, start, colon + 1, end, sink, build, hp);
  }
  const uri =
    scheme === 'tel'
      ? parseTelUri(text, start, colon + 1, end, sink)
      : parseOtherUri(text, scheme, start, colon + 1, end, sink, hp);
  return build ? uri : undefined;
}

/**
 * Parses a URI. sip and sips get the full RFC 3261 reading (user part split
 * at the "@", so ";" and "?" in the user stay in the user), tel gets RFC 3966,
 * other schemes keep their text. Returns undefined only when there is no
 * valid scheme.
 */
export function parseUri(
  text: string,
  sink?: SyntaxIssue[],
  scratch?: HostPort,
): SipUri | undefined {
  return parseUriAt(text, 0, text.length, sink, true, scratch);
}

/** True for an IPv4 or IPv6 address (IPv6 with or without brackets). */
export function isIpAddress(host: string): boolean {
  if (host.charCodeAt(0) === LBRACKET && host.charCodeAt(host.length - 1) === RBRACKET) {
    return isIpv6Address(host, 1, host.length - 1);
  }
  return isIpv4Address(host) || isIpv6Address(host);
}
