// m= lines and per-media state: media parsing, media-level lines, effective values and codecs.
import { clip, type ProblemList } from '../content-type.js';
import { applyAttribute } from './attributes.js';
import type { SdpCodec, SdpMedia, SdpRtpmap, SdpSession } from './sdp-types.js';
import { fields, integer } from './sdp-values.js';
import { applyBandwidth, parseConnection } from './session-lines.js';
import { STATIC_PAYLOADS } from './static-payloads.js';

export function parseMediaLine(value: string, line: number, list: ProblemList): SdpMedia {
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

export function applyMediaLine(
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

export function finishMedia(
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
