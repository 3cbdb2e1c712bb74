/**
 * Header field names: case-insensitive, with one-letter compact forms
 * (RFC 3261 §7.3.3 and the RFCs that added more). Known names in their
 * usual spellings are answered from a table fixed when the module loads;
 * any other spelling is worked out, and remembered only in the parse's own
 * state (parser-state.ts), never here: names from one input must not outlive
 * it. The hot path is one Map lookup per header line.
 */
import { isToken } from './char-classes.js';

/** Compact form (lower case) -> full name (lower case), with the RFC that defines it. */
export const COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: 'accept-contact', // RFC 3841
  b: 'referred-by', // RFC 3892
  c: 'content-type', // RFC 3261
  d: 'request-disposition', // RFC 3841
  e: 'content-encoding', // RFC 3261
  f: 'from', // RFC 3261
  i: 'call-id', // RFC 3261
  j: 'reject-contact', // RFC 3841
  k: 'supported', // RFC 3261
  l: 'content-length', // RFC 3261
  m: 'contact', // RFC 3261
  n: 'identity-info', // RFC 4474 (obsoleted by RFC 8224, still seen)
  o: 'event', // RFC 6665
  r: 'refer-to', // RFC 3515
  s: 'subject', // RFC 3261
  t: 'to', // RFC 3261
  u: 'allow-events', // RFC 6665
  v: 'via', // RFC 3261
  x: 'session-expires', // RFC 4028
  y: 'identity', // RFC 8224
};

/** Names as usually written, for messages and rendering (keys are the lower-case full names). */
const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'mime-version': 'MIME-Version',
  rseq: 'RSeq',
  rack: 'RAck',
  'sip-etag': 'SIP-ETag',
  'sip-if-match': 'SIP-If-Match',
  'p-asserted-identity': 'P-Asserted-Identity',
};

/**
 * Headers whose value is a comma-separated list (RFC 3261 §7.3.1), so that
 * several lines and one comma-joined line mean the same. Everything else is
 * kept whole: Date, the authentication headers and unknown headers carry
 * commas that are not separators.
 */
const LIST_HEADERS = new Set([
  'accept',
  'accept-contact',
  'accept-encoding',
  'accept-language',
  'accept-resource-priority',
  'alert-info',
  'allow',
  'allow-events',
  'call-info',
  'contact',
  'content-encoding',
  'content-language',
  'diversion',
  'error-info',
  'geolocation',
  'history-info',
  'in-reply-to',
  'p-asserted-identity',
  'p-associated-uri',
  'p-preferred-identity',
  'p-visited-network-id',
  'path',
  'permission-missing',
  'proxy-require',
  'reason',
  'record-route',
  'recv-info',
  'reject-contact',
  'request-disposition',
  'require',
  'resource-priority',
  'route',
  'security-client',
  'security-server',
  'security-verify',
  'service-route',
  'supported',
  'trigger-consent',
  'unsupported',
  'via',
  'warning',
]);

/** Small integers for the headers the message parser treats specially. */
export const HeaderKind = {
  Other: 0,
  Via: 1,
  From: 2,
  To: 3,
  CallId: 4,
  CSeq: 5,
  MaxForwards: 6,
  ContentLength: 7,
  Contact: 8,
  ContentType: 9,
  Date: 10,
  Expires: 11,
  RetryAfter: 12,
  Warning: 13,
  Require: 14,
  ProxyRequire: 15,
  Authorization: 16,
  ProxyAuthorization: 17,
  Accept: 18,
} as const;
export type HeaderKind = (typeof HeaderKind)[keyof typeof HeaderKind];

const KIND_BY_KEY: Readonly<Record<string, HeaderKind>> = {
  via: HeaderKind.Via,
  from: HeaderKind.From,
  to: HeaderKind.To,
  'call-id': HeaderKind.CallId,
  cseq: HeaderKind.CSeq,
  'max-forwards': HeaderKind.MaxForwards,
  'content-length': HeaderKind.ContentLength,
  contact: HeaderKind.Contact,
  'content-type': HeaderKind.ContentType,
  date: HeaderKind.Date,
  expires: HeaderKind.Expires,
  'retry-after': HeaderKind.RetryAfter,
  warning: HeaderKind.Warning,
  require: HeaderKind.Require,
  'proxy-require': HeaderKind.ProxyRequire,
  authorization: HeaderKind.Authorization,
  'proxy-authorization': HeaderKind.ProxyAuthorization,
  accept: HeaderKind.Accept,
};

/** What the parser needs to know about one spelling of a header name. */
export interface HeaderInfo {
  /** Lower-case full name, compact forms expanded. */
  readonly key: string;
  readonly kind: HeaderKind;
  /** The value is a comma-separated list. */
  readonly list: boolean;
}

/** Most spellings one parse state remembers, so hostile input cannot grow it without limit. */
const SEEN_LIMIT = 4096;

function describe(name: string): HeaderInfo | null {
  if (!isToken(name)) return null;
  const lower = name.toLowerCase();
  const key = lower.length === 1 ? (COMPACT_FORMS[lower] ?? lower) : lower;
  return {
    key,
    kind: Object.hasOwn(KIND_BY_KEY, key)
      ? (KIND_BY_KEY[key] ?? HeaderKind.Other)
      : HeaderKind.Other,
    list: LIST_HEADERS.has(key),
  };
}

/**
 * Header names of the standards (besides those the tables above already
 * name), so that their usual spellings are answered from the fixed table.
 */
const OTHER_STANDARD_NAMES = [
  'accept-encoding',
  'accept-language',
  'alert-info',
  'authentication-info',
  'call-info',
  'content-disposition',
  'content-language',
  'error-info',
  'event',
  'in-reply-to',
  'min-expires',
  'min-se',
  'mime-version',
  'organization',
  'p-asserted-identity',
  'p-preferred-identity',
  'priority',
  'privacy',
  'proxy-authenticate',
  'rack',
  'reason',
  'record-route',
  'refer-to',
  'referred-by',
  'reply-to',
  'route',
  'rseq',
  'server',
  'session-expires',
  'subject',
  'subscription-state',
  'timestamp',
  'unsupported',
  'user-agent',
  'www-authenticate',
];

/**
 * Facts about the known names in their usual spellings (lower case, as
 * displayed, upper case, every compact form in either case, and the common
 * spellings the trie below is built from). Filled while the module loads,
 * from the fixed lists in this file and never from input; other spellings
 * are described on each lookup or remembered per parse state.
 */
const KNOWN_SPELLINGS = new Map<string, HeaderInfo>();
{
  const keys = new Set<string>([
    ...Object.keys(KIND_BY_KEY),
    ...LIST_HEADERS,
    ...Object.values(COMPACT_FORMS),
    ...Object.keys(DISPLAY_NAMES),
    ...OTHER_STANDARD_NAMES,
  ]);
  const learn = (spelling: string): void => {
    const info = describe(spelling);
    if (info !== null && !KNOWN_SPELLINGS.has(spelling)) KNOWN_SPELLINGS.set(spelling, info);
  };
  for (const key of keys) {
    learn(key);
    learn(displayName(key));
    learn(key.toUpperCase());
  }
  for (const compact of Object.keys(COMPACT_FORMS)) {
    learn(compact);
    learn(compact.toUpperCase());
  }
}

/**
 * Facts about a header name as written, or null when the name is not a
 * token. `seen` is a parse state's memory of spellings outside the fixed
 * table (see ParserState.headerNames); without it they are worked out again.
 */
export function headerInfo(name: string, seen?: Map<string, HeaderInfo | null>): HeaderInfo | null {
  const known = KNOWN_SPELLINGS.get(name);
  if (known !== undefined) return known;
  if (seen === undefined) return describe(name);
  const remembered = seen.get(name);
  if (remembered !== undefined) return remembered;
  const info = describe(name);
  if (seen.size < SEEN_LIMIT) seen.set(name, info);
  return info;
}

/** The lower-case full name for any spelling ("V", "via", "Via" -> "via"); lower-cased as is when not a token. */
export function headerKey(name: string): string {
  const info = headerInfo(name.trim());
  return info ? info.key : name.trim().toLowerCase();
}

/** True when the header (lower-case full name) is a comma-separated list. */
export function isListHeader(key: string): boolean {
  return LIST_HEADERS.has(key);
}

/** The usual spelling of a header (key or any spelling): "call-id" -> "Call-ID", "v" -> "Via". */
export function displayHeaderName(name: string): string {
  return displayName(headerKey(name));
}

/** The usual spelling of a lower-case full name. */
function displayName(key: string): string {
  const special = DISPLAY_NAMES[key];
  if (special) return special;
  let out = '';
  let upper = true;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charAt(i);
    out += upper ? ch.toUpperCase() : ch;
    upper = ch === '-';
  }
  return out;
}

/**
 * Spellings that nearly every message uses. The parser checks these against
 * the input in place, so for them it neither slices the name nor hashes it.
 */
const COMMON_SPELLINGS = [
  'Via',
  'From',
  'To',
  'Call-ID',
  'CSeq',
  'Contact',
  'Max-Forwards',
  'Content-Length',
  'Content-Type',
  'User-Agent',
  'Server',
  'Allow',
  'Supported',
  'Require',
  'Accept',
  'Expires',
  'Route',
  'Record-Route',
  'Authorization',
  'WWW-Authenticate',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Date',
  'Event',
  'Session-Expires',
  'Min-SE',
  'Reason',
  'Allow-Events',
  'P-Asserted-Identity',
  'Privacy',
  'Subscription-State',
  'Content-Disposition',
  'Call-Id',
  'v',
  'f',
  't',
  'i',
  'm',
  'l',
  'c',
  'k',
  'via',
  'from',
  'to',
  'call-id',
  'cseq',
  'contact',
  'max-forwards',
  'content-length',
  'content-type',
];

/** A common spelling with what headerInfo says about it. */
export interface KnownSpelling {
  readonly name: string;
  readonly info: HeaderInfo;
}

/**
 * The common spellings as a trie: TRANSITIONS[state * 64 + symbol] is the
 * next state (0: none) and ACCEPT[state] the spelling ending there. Header
 * names use letters, digits and "-", so each character is first mapped to
 * one of 64 symbols (0: a character no common spelling has), which keeps the
 * table small enough to stay in cache. Walking it reads each name character
 * once and finds the colon on the way.
 */
const SYMBOL = new Uint8Array(128);
{
  let next = 1;
  for (let c = 48; c <= 57; c++) SYMBOL[c] = next++;
  for (let c = 65; c <= 90; c++) SYMBOL[c] = next++;
  for (let c = 97; c <= 122; c++) SYMBOL[c] = next++;
  SYMBOL[45] = next; // "-"
}
const stateCount = 1 + COMMON_SPELLINGS.reduce((n, s) => n + s.length, 0);
const TRANSITIONS = new Uint16Array((stateCount + 1) * 64);
const ACCEPT: (KnownSpelling | undefined)[] = new Array(stateCount + 1).fill(undefined);
{
  let next = 2; // state 1 is the root
  for (const spelling of COMMON_SPELLINGS) {
    const info = headerInfo(spelling);
    if (info === null) continue;
    KNOWN_SPELLINGS.set(spelling, info);
    let state = 1;
    for (let i = 0; i < spelling.length; i++) {
      const slot = state * 64 + (SYMBOL[spelling.charCodeAt(i)] ?? 0);
      let to = TRANSITIONS[slot] ?? 0;
      if (to === 0) {
        to = next++;
        TRANSITIONS[slot] = to;
      }
      state = to;
    }
    ACCEPT[state] = { name: spelling, info };
  }
}

/**
 * The common spelling written at `start` and followed directly by ":"
 * (same case), if there is one. The colon is then at start + name.length.
 */
export function commonHeaderAt(text: string, start: number): KnownSpelling | undefined {
  let state = 1;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) return ACCEPT[state];
    const symbol = c < 128 ? (SYMBOL[c] as number) : 0;
    if (symbol === 0) return undefined;
    state = TRANSITIONS[state * 64 + symbol] as number;
    if (state === 0) return undefined;
  }
  return undefined;
}
