// Session-level lines (v/o/s/c/t/b): origin, connection and bandwidth parsing.
import { clip, isDigits, type ProblemList } from '../content-type.js';
import { isIpv4Address, isIpv6Address } from '../ip-address.js';
import { applyAttribute } from './attributes.js';
import type { SdpBandwidth, SdpConnection, SdpLevel, SdpSession, SdpTiming } from './sdp-types.js';
import { fields, integer } from './sdp-values.js';

export function newLevel(): SdpLevel {
  return { attributes: [], bandwidths: [], fingerprints: [], iceLite: false };
}

export function applySessionLine(
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

export function parseConnection(
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

export function applyBandwidth(
  level: SdpLevel,
  value: string,
  line: number,
  list: ProblemList,
): void {
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
