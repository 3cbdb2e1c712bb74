// a= attributes: direction, rtpmap, fmtp, crypto, fingerprint, setup, ICE, candidates, rtcp, ptime...
import { isHexDigit } from '../char-classes.js';
import { clip, type ProblemList } from '../content-type.js';
import { mediaIndex } from './media-index.js';
import type {
  SdpAttribute,
  SdpCandidate,
  SdpCrypto,
  SdpDirection,
  SdpKeyParam,
  SdpLevel,
  SdpMedia,
  SdpRtcp,
  SdpRtpmap,
  SdpSession,
} from './sdp-types.js';
import { decimal, fields, integer } from './sdp-values.js';

const DIRECTIONS = new Set<string>(['sendrecv', 'sendonly', 'recvonly', 'inactive']);
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

export function applyAttribute(
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
