/**
 * SDP session descriptions (RFC 4566 / RFC 8866) as offers and answers carry
 * them (RFC 3264): the lines a media diagnosis needs (one-way audio, codec
 * mismatch, SRTP or ICE failures) turned into per-media facts: effective
 * direction and connection address, codecs, crypto, fingerprint, candidates.
 * One pass over the lines, no backtracking; problems instead of exceptions.
 */
import { isHexDigit } from './char-classes.js';
import { clip, isDigits, ProblemList } from './content-type.js';
import { isIpv4Address, isIpv6Address } from './ip-address.js';
import type { Problem } from './types.js';

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface SdpAttribute {
  name: string;
  /** Text after the first ':'; undefined for a flag such as a=sendrecv. */
  value?: string;
  line: number;
}

export interface SdpOrigin {
  raw: string;
  username: string;
  /** Kept as text: session ids and versions often exceed 2^53. */
  sessionId: string;
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
}

export interface SdpConnection {
  raw: string;
  netType: string;
  addrType: string;
  address: string;
  /** Multicast TTL (IP4 only). */
  ttl?: number;
  /** Number of multicast addresses. */
  count?: number;
  line: number;
}

export interface SdpBandwidth {
  /** "AS", "CT", "TIAS", "RR", "RS"... as written. */
  type: string;
  value?: number;
  line: number;
}

export interface SdpTiming {
  /** NTP seconds, 0 for unbounded. */
  start?: number;
  stop?: number;
  line: number;
}

export interface SdpRtpmap {
  payloadType: number;
  encoding: string;
  clockRate?: number;
  /** Channels for audio (the optional third field). */
  channels?: number;
  line: number;
}

export interface SdpFmtp {
  /** The format as written (a payload type number for RTP). */
  format: string;
  /** Everything after the format. */
  value: string;
  /** "name=value" pairs split at ';' (names lower-cased); flags map to "". */
  params: Record<string, string>;
  line: number;
}

export interface SdpCodec {
  payloadType: number;
  encoding?: string;
  clockRate?: number;
  channels?: number;
  /** True when the name comes from the RFC 3551 static table rather than an rtpmap. */
  static: boolean;
  fmtp?: string;
}

export interface SdpKeyParam {
  raw: string;
  /** "inline" for SDES. */
  method: string;
  /**
   * The base64 key||salt for "inline". This is secret material: it is kept so
   * a redaction step can find and mask it; do not print it.
   */
  key: string;
  lifetime?: string;
  mki?: string;
  mkiLength?: string;
}

export interface SdpCrypto {
  tag: number;
  suite: string;
  keyParams: SdpKeyParam[];
  sessionParams: string[];
  line: number;
}

export interface SdpFingerprint {
  /** Hash function, lower-cased ("sha-256"). */
  hash: string;
  value: string;
  line: number;
}

export interface SdpCandidate {
  raw: string;
  foundation: string;
  component: number;
  /** Lower-cased ("udp", "tcp"). */
  transport: string;
  priority: number;
  address: string;
  port: number;
  /** "host", "srflx", "prflx", "relay". */
  type: string;
  relatedAddress?: string;
  relatedPort?: number;
  /** Other name/value pairs (generation, tcptype, network-id...). */
  extensions: Record<string, string>;
  line: number;
}

export interface SdpRtcp {
  port: number;
  netType?: string;
  addrType?: string;
  address?: string;
  line: number;
}

/** Attributes that may appear at session or media level and their parsed forms. */
export interface SdpLevel {
  attributes: SdpAttribute[];
  bandwidths: SdpBandwidth[];
  /** The direction attribute written at this level, if any. */
  direction?: SdpDirection;
  fingerprints: SdpFingerprint[];
  /** a=setup value as written, lower-cased. */
  setup?: string;
  iceUfrag?: string;
  /** ICE password: secret-ish, kept for redaction to find. */
  icePwd?: string;
  iceOptions?: string[];
  /** a=ice-lite (session level) */
  iceLite: boolean;
}

export interface SdpMedia extends SdpLevel {
  raw: string;
  line: number;
  /** "audio", "video", "application", "image", "text"... */
  type: string;
  /** Undefined when the port field is unreadable. */
  port?: number;
  portCount?: number;
  /** Transport protocol as written ("RTP/AVP", "UDP/TLS/RTP/SAVPF", "udptl"). */
  protocol: string;
  /** Formats as written (payload type numbers for RTP). */
  formats: string[];
  /** Port 0: the stream is rejected or disabled (RFC 3264). */
  rejected: boolean;
  connections: SdpConnection[];
  /** The media's own c= line, else the session's. */
  effectiveConnection?: SdpConnection;
  /** The media's direction attribute, else the session's, else sendrecv. */
  effectiveDirection: SdpDirection;
  /** The media's fingerprints, else the session's. */
  effectiveFingerprints: SdpFingerprint[];
  effectiveSetup?: string;
  rtpmaps: SdpRtpmap[];
  fmtps: SdpFmtp[];
  /** One entry per RTP payload type of the m= line, in preference order. */
  codecs: SdpCodec[];
  crypto: SdpCrypto[];
  candidates: SdpCandidate[];
  endOfCandidates: boolean;
  rtcp?: SdpRtcp;
  rtcpMux: boolean;
  mid?: string;
  ptime?: number;
  maxptime?: number;
}

export interface SdpSession extends SdpLevel {
  version?: number;
  origin?: SdpOrigin;
  sessionName?: string;
  connection?: SdpConnection;
  timing: SdpTiming[];
  /** a=group values as written ("BUNDLE 0 1"). */
  groups: string[];
  media: SdpMedia[];
  problems: Problem[];
}

export interface SdpOptions {
  /** Message line of the body's first line, so problems point into the message. Default 1. */
  firstLine?: number;
}

const DIRECTIONS = new Set<string>(['sendrecv', 'sendonly', 'recvonly', 'inactive']);
const SESSION_ONLY = new Set(['v', 'o', 's', 'u', 'e', 'p', 't', 'r', 'z']);
const KNOWN_TYPES = new Set([
  'v',
  'o',
  's',
  'i',
  'u',
  'e',
  'p',
  'c',
  'b',
  't',
  'r',
  'z',
  'k',
  'a',
  'm',
]);
const SETUP_VALUES = new Set(['active', 'passive', 'actpass', 'holdconn']);
const HASH_FUNCTIONS = new Set(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512', 'md5', 'md2']);
const CANDIDATE_TYPES = new Set(['host', 'srflx', 'prflx', 'relay']);

/** key||salt lengths in bytes of the SDES suites (RFC 4568, RFC 6188, RFC 7714). */
const SUITE_KEY_BYTES: Record<string, number> = {
  AES_CM_128_HMAC_SHA1_80: 30,
  AES_CM_128_HMAC_SHA1_32: 30,
  F8_128_HMAC_SHA1_80: 30,
  AES_192_CM_HMAC_SHA1_80: 38,
  AES_192_CM_HMAC_SHA1_32: 38,
  AES_256_CM_HMAC_SHA1_80: 46,
  AES_256_CM_HMAC_SHA1_32: 46,
  AEAD_AES_128_GCM: 28,
  AEAD_AES_256_GCM: 44,
};

/** RFC 3551 static payload types: encoding, clock rate, channels. */
const STATIC_PAYLOADS: Record<number, [string, number, number?]> = {
  0: ['PCMU', 8000, 1],
  3: ['GSM', 8000, 1],
  4: ['G723', 8000, 1],
  5: ['DVI4', 8000, 1],
  6: ['DVI4', 16000, 1],
  7: ['LPC', 8000, 1],
  8: ['PCMA', 8000, 1],
  9: ['G722', 8000, 1],
  10: ['L16', 44100, 2],
  11: ['L16', 44100, 1],
  12: ['QCELP', 8000, 1],
  13: ['CN', 8000, 1],
  14: ['MPA', 90000],
  15: ['G728', 8000, 1],
  16: ['DVI4', 11025, 1],
  17: ['DVI4', 22050, 1],
  18: ['G729', 8000, 1],
  25: ['CelB', 90000],
  26: ['JPEG', 90000],
  28: ['nv', 90000],
  31: ['H261', 90000],
  32: ['MPV', 90000],
  33: ['MP2T', 90000],
  34: ['H263', 90000],
};

/** Lookup sets per media description, so checks stay linear on huge inputs. */
interface MediaIndex {
  formats: Set<string>;
  rtpmapTypes: Set<number>;
  cryptoTags: Set<number>;
}
const indexes = new WeakMap<SdpMedia, MediaIndex>();

function mediaIndex(media: SdpMedia): MediaIndex {
  let index = indexes.get(media);
  if (!index) {
    index = { formats: new Set(media.formats), rtpmapTypes: new Set(), cryptoTags: new Set() };
    indexes.set(media, index);
  }
  return index;
}

function newLevel(): SdpLevel {
  return { attributes: [], bandwidths: [], fingerprints: [], iceLite: false };
}

/** Parses an SDP body. Never throws; what is wrong or missing becomes a problem. */
export function parseSdp(text: string, options: SdpOptions = {}): SdpSession {
  const firstLine = options.firstLine ?? 1;
  const list = new ProblemList();
  const session: SdpSession = { ...newLevel(), timing: [], groups: [], media: [], problems: [] };
  const seen = new Set<string>();
  let media: SdpMedia | undefined;
  let index = 0;
  let start = 0;
  let sawContent = false;
  let pendingBlank = -1;
  const n = text.length;

  while (start <= n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    const next = end + 1;
    let lineEnd = end;
    if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--;
    const lineNo = firstLine + index;
    index++;
    const line = text.slice(start, lineEnd);
    start = next;

    if (line.trim().length === 0) {
      // Blank lines are only a problem when more SDP follows them.
      if (sawContent && pendingBlank < 0) pendingBlank = lineNo;
      if (end >= n) break;
      continue;
    }
    if (pendingBlank >= 0) {
      list.add(
        'warning',
        'sdp.line.blank',
        'The SDP has a blank line between its lines.',
        pendingBlank,
      );
      pendingBlank = -1;
    }
    if (!sawContent && !line.startsWith('v=')) {
      list.add('error', 'sdp.version.not-first', 'The SDP does not start with a v= line.', lineNo);
    }
    sawContent = true;

    if (line.length < 2 || line.charCodeAt(1) !== 0x3d) {
      list.add(
        'error',
        'sdp.line.syntax',
        `SDP line "${clip(line)}" is not of the form <type>=<value>.`,
        lineNo,
      );
      if (end >= n) break;
      continue;
    }
    const type = line.charAt(0);
    const value = line.slice(2);
    if (!KNOWN_TYPES.has(type)) {
      list.add(
        'note',
        'sdp.line.unknown-type',
        `SDP line type "${clip(type)}=" is not defined by RFC 8866 and was ignored.`,
        lineNo,
      );
    } else if (type === 'm') {
      media = parseMediaLine(value, lineNo, list);
      session.media.push(media);
    } else if (media && SESSION_ONLY.has(type)) {
      list.add(
        'warning',
        'sdp.line.order',
        `SDP session-level line "${type}=" appears inside a media description.`,
        lineNo,
      );
    } else if (media) {
      applyMediaLine(media, type, value, lineNo, list);
    } else {
      if ((type === 'v' || type === 'o' || type === 's' || type === 'c') && seen.has(type)) {
        list.add(
          'warning',
          'sdp.line.duplicate',
          `The SDP session has more than one "${type}=" line; the first is used.`,
          lineNo,
        );
      } else {
        applySessionLine(session, type, value, lineNo, list);
      }
      seen.add(type);
    }
    if (end >= n) break;
  }

  if (!sawContent) {
    list.add('error', 'sdp.empty', 'The SDP body is empty.', firstLine);
    session.problems = list.finish();
    return session;
  }
  if (!seen.has('v'))
    list.add('error', 'sdp.version.missing', 'The SDP has no v= line.', firstLine);
  if (!seen.has('o'))
    list.add('error', 'sdp.origin.missing', 'The SDP has no o= (origin) line.', firstLine);
  if (!seen.has('s'))
    list.add(
      'error',
      'sdp.session-name.missing',
      'The SDP has no s= (session name) line.',
      firstLine,
    );
  if (!seen.has('t'))
    list.add('error', 'sdp.timing.missing', 'The SDP has no t= (timing) line.', firstLine);
  const holdLines = new Set<number>();
  for (const m of session.media) finishMedia(session, m, list, holdLines);
  session.problems = list.finish();
  return session;
}

/** Splits at runs of spaces or tabs. */
function fields(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
    const s = i;
    while (i < text.length && text.charCodeAt(i) !== 0x20 && text.charCodeAt(i) !== 0x09) i++;
    if (i > s) out.push(text.slice(s, i));
  }
  return out;
}

/** A non-negative integer of at most 15 digits, else undefined. */
function integer(text: string | undefined): number | undefined {
  if (text === undefined || text.length > 15 || !isDigits(text)) return undefined;
  return Number(text);
}

/** A non-negative decimal number ("20", "0.5"), else undefined. */
function decimal(text: string | undefined): number | undefined {
  if (text === undefined || text.length === 0 || text.length > 20) return undefined;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) dots++;
    else if (c < 0x30 || c > 0x39) return undefined;
  }
  if (dots > 1 || text.startsWith('.') || text.endsWith('.')) return undefined;
  return Number(text);
}

function applySessionLine(
  session: SdpSession,
  type: string,
  value: string,
  line: number,
  list: ProblemList,
): void {
  switch (type) {
    case 'v':
      if (value.trim() === '0') session.version = 0;
      else {
        list.add('error', 'sdp.version.value', `SDP version "${clip(value)}" is not 0.`, line);
        const v = integer(value.trim());
        if (v !== undefined) session.version = v;
      }
      return;
    case 'o':
      parseOrigin(session, value, line, list);
      return;
    case 's':
      session.sessionName = value;
      if (value.length === 0)
        list.add(
          'note',
          'sdp.session-name.empty',
          'The SDP session name is empty; RFC 8866 asks for "s= " or "s=-" instead.',
          line,
        );
      return;
    case 'c': {
      const c = parseConnection(value, line, list);
      if (c) session.connection = c;
      return;
    }
    case 't': {
      const parts = fields(value);
      const t: SdpTiming = { line };
      const startTime = integer(parts[0]);
      const stopTime = integer(parts[1]);
      if (parts.length !== 2 || startTime === undefined || stopTime === undefined) {
        list.add(
          'error',
          'sdp.timing.syntax',
          `SDP timing "t=${clip(value)}" should be two numbers (start and stop).`,
          line,
        );
      }
      if (startTime !== undefined) t.start = startTime;
      if (stopTime !== undefined) t.stop = stopTime;
      session.timing.push(t);
      return;
    }
    case 'a':
      applyAttribute(session, undefined, value, line, list);
      return;
    case 'b':
      applyBandwidth(session, value, line, list);
      return;
    default:
      // i, u, e, p, r, z, k: kept only as written in no structured form.
      return;
  }
}

function parseOrigin(session: SdpSession, value: string, line: number, list: ProblemList): void {
  const parts = fields(value);
  if (parts.length !== 6) {
    list.add(
      'error',
      'sdp.origin.syntax',
      `SDP origin "o=${clip(value)}" should have 6 fields (username, session id, version, network type, address type, address).`,
      line,
    );
  }
  session.origin = {
    raw: value,
    username: parts[0] ?? '',
    sessionId: parts[1] ?? '',
    sessionVersion: parts[2] ?? '',
    netType: parts[3] ?? '',
    addrType: parts[4] ?? '',
    address: parts[5] ?? '',
  };
  if (
    parts.length === 6 &&
    (!isDigits(session.origin.sessionId) || !isDigits(session.origin.sessionVersion))
  ) {
    list.add(
      'warning',
      'sdp.origin.numbers',
      'The SDP origin session id and version should be numbers.',
      line,
    );
  }
}

function parseConnection(
  value: string,
  line: number,
  list: ProblemList,
): SdpConnection | undefined {
  const parts = fields(value);
  const [netType, addrType, addressField] = parts;
  if (
    parts.length !== 3 ||
    netType === undefined ||
    addrType === undefined ||
    addressField === undefined
  ) {
    list.add(
      'error',
      'sdp.connection.syntax',
      `SDP connection "c=${clip(value)}" should be "IN IP4|IP6 <address>".`,
      line,
    );
    return undefined;
  }
  const slash = addressField.split('/');
  const address = slash[0] ?? '';
  const c: SdpConnection = { raw: value, netType, addrType, address, line };
  const upperAddr = addrType.toUpperCase();
  if (upperAddr === 'IP4') {
    const ttl = integer(slash[1]);
    const count = integer(slash[2]);
    if (ttl !== undefined) c.ttl = ttl;
    if (count !== undefined) c.count = count;
  } else {
    const count = integer(slash[1]);
    if (count !== undefined) c.count = count;
  }
  if (netType.toUpperCase() !== 'IN') {
    list.add(
      'warning',
      'sdp.connection.nettype',
      `SDP network type "${clip(netType)}" is not IN.`,
      line,
    );
  }
  if (upperAddr !== 'IP4' && upperAddr !== 'IP6') {
    list.add(
      'warning',
      'sdp.connection.addrtype',
      `SDP address type "${clip(addrType)}" is neither IP4 nor IP6.`,
      line,
    );
  } else if (upperAddr === 'IP4' && looksNumeric(address) && !isIpv4Address(address)) {
    list.add(
      'error',
      'sdp.connection.address',
      `"${clip(address)}" is not a valid IPv4 address.`,
      line,
    );
  } else if (upperAddr === 'IP4' && address.includes(':')) {
    list.add(
      'error',
      'sdp.connection.address',
      `"${clip(address)}" is an IPv6 address on an IP4 connection line.`,
      line,
    );
  } else if (upperAddr === 'IP6' && address.includes(':') && !isIpv6Address(address)) {
    list.add(
      'error',
      'sdp.connection.address',
      `"${clip(address)}" is not a valid IPv6 address.`,
      line,
    );
  } else if (upperAddr === 'IP6' && looksNumeric(address)) {
    list.add(
      'error',
      'sdp.connection.address',
      `"${clip(address)}" is an IPv4 address on an IP6 connection line.`,
      line,
    );
  }
  return c;
}

function looksNumeric(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x2e && (c < 0x30 || c > 0x39)) return false;
  }
  return text.length > 0;
}

function applyBandwidth(level: SdpLevel, value: string, line: number, list: ProblemList): void {
  const colon = value.indexOf(':');
  const type = colon < 0 ? value : value.slice(0, colon);
  const amount = colon < 0 ? undefined : integer(value.slice(colon + 1).trim());
  const b: SdpBandwidth = { type, line };
  if (colon <= 0 || amount === undefined) {
    list.add(
      'warning',
      'sdp.bandwidth.syntax',
      `SDP bandwidth "b=${clip(value)}" should be <type>:<number>.`,
      line,
    );
  } else {
    b.value = amount;
  }
  level.bandwidths.push(b);
}

function parseMediaLine(value: string, line: number, list: ProblemList): SdpMedia {
  const parts = fields(value);
  const [type = '', portField = '', protocol = ''] = parts;
  const media: SdpMedia = {
    attributes: [],
    bandwidths: [],
    fingerprints: [],
    iceLite: false,
    raw: value,
    line,
    type,
    protocol,
    formats: parts.slice(3),
    rejected: false,
    connections: [],
    effectiveDirection: 'sendrecv',
    effectiveFingerprints: [],
    rtpmaps: [],
    fmtps: [],
    codecs: [],
    crypto: [],
    candidates: [],
    endOfCandidates: false,
    rtcpMux: false,
  };
  if (parts.length < 3) {
    list.add(
      'error',
      'sdp.media.syntax',
      `SDP media line "m=${clip(value)}" should be "<media> <port> <proto> <format>...".`,
      line,
    );
    return media;
  }
  const slash = portField.indexOf('/');
  const port = integer(slash < 0 ? portField : portField.slice(0, slash));
  if (port === undefined || port > 65535) {
    list.add(
      'error',
      'sdp.media.port',
      `SDP media port "${clip(portField)}" is not a port number.`,
      line,
    );
  } else {
    media.port = port;
    media.rejected = port === 0;
  }
  if (slash >= 0) {
    const count = integer(portField.slice(slash + 1));
    if (count === undefined)
      list.add(
        'error',
        'sdp.media.port',
        `SDP media port count "${clip(portField)}" is not a number.`,
        line,
      );
    else media.portCount = count;
  }
  if (media.formats.length === 0) {
    list.add(
      'error',
      'sdp.media.formats-missing',
      `SDP media line "m=${clip(value)}" lists no formats.`,
      line,
    );
  }
  if (isRtp(protocol)) {
    for (const f of media.formats) {
      const pt = integer(f);
      if (pt === undefined || pt > 127) {
        list.add(
          'error',
          'sdp.media.format',
          `RTP payload type "${clip(f)}" on the m= line is not a number from 0 to 127.`,
          line,
        );
      }
    }
  }
  return media;
}

function isRtp(protocol: string): boolean {
  return protocol.toUpperCase().includes('RTP/');
}

function applyMediaLine(
  media: SdpMedia,
  type: string,
  value: string,
  line: number,
  list: ProblemList,
): void {
  if (type === 'a') applyAttribute(media, media, value, line, list);
  else if (type === 'c') {
    const c = parseConnection(value, line, list);
    if (c) media.connections.push(c);
  } else if (type === 'b') applyBandwidth(media, value, line, list);
}

function applyAttribute(
  level: SdpLevel,
  media: SdpMedia | undefined,
  text: string,
  line: number,
  list: ProblemList,
): void {
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const value = colon < 0 ? undefined : text.slice(colon + 1);
  const attribute: SdpAttribute = { name, line };
  if (value !== undefined) attribute.value = value;
  level.attributes.push(attribute);
  const key = name.toLowerCase();

  if (DIRECTIONS.has(key)) {
    if (level.direction !== undefined) {
      list.add(
        'warning',
        'sdp.direction.duplicate',
        `More than one direction attribute (${level.direction}, ${key}) at the same level; the last wins.`,
        line,
      );
    }
    level.direction = key as SdpDirection;
    return;
  }
  switch (key) {
    case 'fingerprint':
      parseFingerprint(level, value ?? '', line, list);
      return;
    case 'setup': {
      const setup = (value ?? '').trim().toLowerCase();
      if (!SETUP_VALUES.has(setup))
        list.add(
          'warning',
          'sdp.setup.value',
          `a=setup:${clip(value ?? '')} is not active, passive, actpass or holdconn.`,
          line,
        );
      level.setup = setup;
      return;
    }
    case 'ice-ufrag':
      if (value !== undefined) level.iceUfrag = value.trim();
      return;
    case 'ice-pwd':
      if (value !== undefined) level.icePwd = value.trim();
      return;
    case 'ice-options':
      level.iceOptions = fields(value ?? '');
      return;
    case 'ice-lite':
      level.iceLite = true;
      return;
    case 'group':
      if (!media && value !== undefined) (level as SdpSession).groups.push(value);
      return;
  }
  if (!media) return;
  switch (key) {
    case 'rtpmap':
      parseRtpmap(media, value ?? '', line, list);
      return;
    case 'fmtp':
      parseFmtp(media, value ?? '', line, list);
      return;
    case 'crypto':
      parseCrypto(media, value ?? '', line, list);
      return;
    case 'candidate':
      parseCandidate(media, value ?? '', line, list);
      return;
    case 'end-of-candidates':
      media.endOfCandidates = true;
      return;
    case 'rtcp':
      parseRtcp(media, value ?? '', line, list);
      return;
    case 'rtcp-mux':
      media.rtcpMux = true;
      return;
    case 'mid':
      if (value !== undefined) media.mid = value.trim();
      return;
    case 'ptime':
    case 'maxptime': {
      const ms = decimal(value?.trim());
      if (ms === undefined)
        list.add(
          'warning',
          `sdp.${key}.syntax`,
          `a=${key}:${clip(value ?? '')} is not a number of milliseconds.`,
          line,
        );
      else media[key] = ms;
      return;
    }
  }
}

function parseFingerprint(level: SdpLevel, value: string, line: number, list: ProblemList): void {
  const parts = fields(value);
  const [hash = '', print = ''] = parts;
  const lower = hash.toLowerCase();
  if (parts.length !== 2 || !HASH_FUNCTIONS.has(lower) || !isHexPairs(print)) {
    list.add(
      'warning',
      'sdp.fingerprint.syntax',
      `a=fingerprint:${clip(value)} should be a hash function and colon-separated hex bytes.`,
      line,
    );
  }
  level.fingerprints.push({ hash: lower, value: print, line });
}

function isHexPairs(text: string): boolean {
  if (text.length < 2 || (text.length + 1) % 3 !== 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (i % 3 === 2) {
      if (c !== 0x3a) return false;
    } else if (!isHexDigit(c)) {
      return false;
    }
  }
  return true;
}

function parseRtpmap(media: SdpMedia, value: string, line: number, list: ProblemList): void {
  const parts = fields(value);
  const pt = integer(parts[0]);
  const encodingParts = (parts[1] ?? '').split('/');
  const encoding = encodingParts[0] ?? '';
  const clockRate = integer(encodingParts[1]);
  if (
    parts.length !== 2 ||
    pt === undefined ||
    pt > 127 ||
    encoding.length === 0 ||
    clockRate === undefined
  ) {
    list.add(
      'error',
      'sdp.rtpmap.syntax',
      `a=rtpmap:${clip(value)} should be "<payload type> <encoding>/<clock rate>[/<channels>]".`,
      line,
    );
    return;
  }
  const map: SdpRtpmap = { payloadType: pt, encoding, clockRate, line };
  const channels = integer(encodingParts[2]);
  if (channels !== undefined) map.channels = channels;
  const index = mediaIndex(media);
  if (!index.formats.has(String(pt))) {
    list.add(
      'warning',
      'sdp.rtpmap.unknown-payload',
      `a=rtpmap for payload type ${pt} which the m=${media.type} line does not list.`,
      line,
    );
  }
  if (index.rtpmapTypes.has(pt)) {
    list.add(
      'warning',
      'sdp.rtpmap.duplicate',
      `Payload type ${pt} has more than one a=rtpmap.`,
      line,
    );
  }
  index.rtpmapTypes.add(pt);
  media.rtpmaps.push(map);
}

function parseFmtp(media: SdpMedia, value: string, line: number, list: ProblemList): void {
  let i = 0;
  while (i < value.length && value.charCodeAt(i) !== 0x20 && value.charCodeAt(i) !== 0x09) i++;
  const format = value.slice(0, i);
  const rest = value.slice(i).trim();
  if (format.length === 0) {
    list.add(
      'error',
      'sdp.fmtp.syntax',
      `a=fmtp:${clip(value)} should be "<format> <parameters>".`,
      line,
    );
    return;
  }
  const params = Object.create(null) as Record<string, string>;
  for (const piece of rest.split(';')) {
    const p = piece.trim();
    if (p.length === 0) continue;
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    if (!Object.hasOwn(params, name)) params[name] = eq < 0 ? '' : p.slice(eq + 1).trim();
  }
  if (!mediaIndex(media).formats.has(format)) {
    list.add(
      'warning',
      'sdp.fmtp.unknown-payload',
      `a=fmtp for format ${clip(format)} which the m=${media.type} line does not list.`,
      line,
    );
  }
  media.fmtps.push({ format, value: rest, params, line });
}

function parseCrypto(media: SdpMedia, value: string, line: number, list: ProblemList): void {
  const parts = fields(value);
  const tag = integer(parts[0]);
  const suite = parts[1] ?? '';
  const keyField = parts[2] ?? '';
  if (parts.length < 3 || tag === undefined || (parts[0]?.length ?? 0) > 9 || suite.length === 0) {
    list.add(
      'error',
      'sdp.crypto.syntax',
      'a=crypto should be "<tag> <crypto-suite> inline:<key>[|lifetime][|MKI:length]".',
      line,
    );
    return;
  }
  const crypto: SdpCrypto = { tag, suite, keyParams: [], sessionParams: parts.slice(3), line };
  for (const raw of keyField.split(';')) {
    const colon = raw.indexOf(':');
    if (colon <= 0) {
      list.add(
        'error',
        'sdp.crypto.syntax',
        'An a=crypto key parameter should be "inline:<key>".',
        line,
      );
      continue;
    }
    const info = raw.slice(colon + 1).split('|');
    const keyParam: SdpKeyParam = {
      raw,
      method: raw.slice(0, colon).toLowerCase(),
      key: info[0] ?? '',
    };
    for (const extra of info.slice(1)) {
      const mkiColon = extra.indexOf(':');
      if (mkiColon >= 0) {
        keyParam.mki = extra.slice(0, mkiColon);
        keyParam.mkiLength = extra.slice(mkiColon + 1);
      } else {
        keyParam.lifetime = extra;
      }
    }
    if (keyParam.method !== 'inline') {
      list.add(
        'note',
        'sdp.crypto.key-method',
        `a=crypto key method "${clip(keyParam.method)}" is not inline.`,
        line,
      );
    } else {
      checkKeyLength(suite, keyParam.key, line, list);
    }
    crypto.keyParams.push(keyParam);
  }
  const tags = mediaIndex(media).cryptoTags;
  if (tags.has(tag)) {
    list.add(
      'warning',
      'sdp.crypto.tag-duplicate',
      `a=crypto tag ${tag} is used twice in the same media description.`,
      line,
    );
  }
  tags.add(tag);
  if (!Object.hasOwn(SUITE_KEY_BYTES, suite.toUpperCase())) {
    list.add(
      'note',
      'sdp.crypto.suite-unknown',
      `a=crypto suite "${clip(suite)}" is not one of the registered SRTP suites.`,
      line,
    );
  }
  media.crypto.push(crypto);
}

function checkKeyLength(suite: string, key: string, line: number, list: ProblemList): void {
  const expected = SUITE_KEY_BYTES[suite.toUpperCase()];
  if (expected === undefined) return;
  let chars = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const base64 =
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2b ||
      c === 0x2f;
    if (base64) chars++;
    else if (c !== 0x3d) {
      list.add('warning', 'sdp.crypto.key-syntax', 'The a=crypto inline key is not base64.', line);
      return;
    }
  }
  const bytes = Math.floor((chars * 3) / 4);
  if (bytes !== expected) {
    list.add(
      'warning',
      'sdp.crypto.key-length',
      `The a=crypto key for ${suite} holds ${bytes} bytes; the suite needs ${expected} (key and salt).`,
      line,
    );
  }
}

function parseCandidate(media: SdpMedia, value: string, line: number, list: ProblemList): void {
  const parts = fields(value);
  const component = integer(parts[1]);
  const priority = integer(parts[3]);
  const port = integer(parts[5]);
  const typ = parts[6]?.toLowerCase();
  const type = parts[7]?.toLowerCase() ?? '';
  if (
    parts.length < 8 ||
    component === undefined ||
    priority === undefined ||
    port === undefined ||
    port > 65535 ||
    typ !== 'typ'
  ) {
    list.add(
      'warning',
      'sdp.candidate.syntax',
      `a=candidate:${clip(value)} is not "<foundation> <component> <transport> <priority> <address> <port> typ <type> ...".`,
      line,
    );
    return;
  }
  if (!CANDIDATE_TYPES.has(type)) {
    list.add(
      'note',
      'sdp.candidate.type',
      `ICE candidate type "${clip(type)}" is not host, srflx, prflx or relay.`,
      line,
    );
  }
  const candidate: SdpCandidate = {
    raw: value,
    foundation: parts[0] ?? '',
    component,
    transport: (parts[2] ?? '').toLowerCase(),
    priority,
    address: parts[4] ?? '',
    port,
    type,
    extensions: Object.create(null) as Record<string, string>,
    line,
  };
  for (let i = 8; i + 1 < parts.length; i += 2) {
    const name = parts[i] ?? '';
    const v = parts[i + 1] ?? '';
    if (name === 'raddr') candidate.relatedAddress = v;
    else if (name === 'rport') {
      const rp = integer(v);
      if (rp !== undefined) candidate.relatedPort = rp;
    } else if (!Object.hasOwn(candidate.extensions, name)) candidate.extensions[name] = v;
  }
  media.candidates.push(candidate);
}

function parseRtcp(media: SdpMedia, value: string, line: number, list: ProblemList): void {
  const parts = fields(value);
  const port = integer(parts[0]);
  if (port === undefined || port > 65535 || (parts.length !== 1 && parts.length !== 4)) {
    list.add(
      'warning',
      'sdp.rtcp.syntax',
      `a=rtcp:${clip(value)} should be "<port> [IN IP4|IP6 <address>]".`,
      line,
    );
    if (port === undefined || port > 65535) return;
  }
  const rtcp: SdpRtcp = { port, line };
  if (parts.length === 4) {
    rtcp.netType = parts[1] ?? '';
    rtcp.addrType = parts[2] ?? '';
    rtcp.address = parts[3] ?? '';
  }
  media.rtcp = rtcp;
}

function finishMedia(
  session: SdpSession,
  media: SdpMedia,
  list: ProblemList,
  holdLines: Set<number>,
): void {
  const connection = media.connections[0] ?? session.connection;
  if (connection) media.effectiveConnection = connection;
  else if (!media.rejected) {
    list.add(
      'error',
      'sdp.connection.missing',
      `The m=${media.type} stream has no c= line and the session has none either.`,
      media.line,
    );
  }
  media.effectiveDirection = media.direction ?? session.direction ?? 'sendrecv';
  // With ICE, 0.0.0.0 is only a placeholder for the candidates (RFC 8839), not a hold.
  const usesIce = media.candidates.length > 0 || (media.iceUfrag ?? session.iceUfrag) !== undefined;
  const address = connection?.address;
  const zero = address === '0.0.0.0' || address === '::';
  if (connection && zero && !media.rejected && !usesIce && !holdLines.has(connection.line)) {
    holdLines.add(connection.line);
    list.add(
      'note',
      'sdp.connection.hold-address',
      `Connection address ${address} is the old (RFC 2543) way of putting a call on hold.`,
      connection.line,
    );
  }
  media.effectiveFingerprints =
    media.fingerprints.length > 0 ? media.fingerprints : session.fingerprints;
  const setup = media.setup ?? session.setup;
  if (setup !== undefined) media.effectiveSetup = setup;

  if (isRtp(media.protocol)) buildCodecs(media, list);

  if (media.rejected) return;
  const secure = media.protocol.toUpperCase().includes('SAVP');
  if (secure && media.crypto.length === 0 && media.effectiveFingerprints.length === 0) {
    list.add(
      'warning',
      'sdp.srtp.keys-missing',
      `The m=${media.type} stream uses ${media.protocol} but has neither a=crypto nor a=fingerprint, so SRTP has no keys.`,
      media.line,
    );
  }
  if (!secure && media.crypto.length > 0) {
    list.add(
      'note',
      'sdp.crypto.profile',
      `The m=${media.type} stream offers a=crypto on ${media.protocol} (best-effort SRTP); many peers ignore it.`,
      media.line,
    );
  }
}

function buildCodecs(media: SdpMedia, list: ProblemList): void {
  const maps = new Map<number, SdpRtpmap>();
  for (const m of media.rtpmaps) if (!maps.has(m.payloadType)) maps.set(m.payloadType, m);
  const fmtps = new Map<string, string>();
  for (const f of media.fmtps) if (!fmtps.has(f.format)) fmtps.set(f.format, f.value);
  for (const f of media.formats) {
    const pt = integer(f);
    if (pt === undefined || pt > 127) continue;
    const codec: SdpCodec = { payloadType: pt, static: false };
    const map = maps.get(pt);
    const known = STATIC_PAYLOADS[pt];
    if (map) {
      codec.encoding = map.encoding;
      if (map.clockRate !== undefined) codec.clockRate = map.clockRate;
      if (map.channels !== undefined) codec.channels = map.channels;
    } else if (known) {
      codec.static = true;
      codec.encoding = known[0];
      codec.clockRate = known[1];
      if (known[2] !== undefined) codec.channels = known[2];
    } else if (!media.rejected) {
      list.add(
        'warning',
        'sdp.format.rtpmap-missing',
        `Payload type ${pt} on the m=${media.type} line is dynamic or unassigned and has no a=rtpmap.`,
        media.line,
      );
    }
    const fmtp = fmtps.get(f);
    if (fmtp !== undefined) codec.fmtp = fmtp;
    media.codecs.push(codec);
  }
}
