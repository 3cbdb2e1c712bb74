/**
 * IP-phone and SIP stack logs that announce each message on a line of its
 * own, naming the direction and the far end:
 *
 * Snom (and phones with the same trace page), a blank line, then the message:
 *   Sent to udp:198.51.100.7:5060 at 4/12/2026 10:00:00:100 (576 bytes):
 *   Received from udp:198.51.100.7:5060 at 4/12/2026 10:00:00:131 (331 bytes):
 *
 * belle-sip (Linphone and its SDKs):
 *   2026-12-04 10:00:00:100 belle-sip-message-channel [0x55d0a3c1e2f0]: message sent to [UDP://198.51.100.7:5060], size: [576] bytes
 *   ... channel [0x55d0a3c1e2f0]: message received from [UDP://198.51.100.7:5060], size: [331] bytes
 *
 * SIPSorcery's trace events as its examples log them (local end first):
 *   [10:00:00 DBG] Request sent: udp:203.0.113.5:5060->udp:198.51.100.7:5060
 *   [10:00:00 DBG] Response received: udp:203.0.113.5:5060<-udp:198.51.100.7:5060
 */
import type { Endpoint } from '../../../sip/types.js';
import { parseEndpoint, parseTransport } from '../endpoints.js';
import type { FrameInfo } from '../extract-types.js';
import { findTimestamp } from '../timestamps.js';

const SNOM =
  /(?:^|\s)(Sent to|Received from) ([A-Za-z]{2,5}):(\S{3,300}) at (.{1,60}?) \(\d{1,9} bytes\):?\s*$/;
const BELLE_SIP =
  /channel \[[^\]]{1,40}\]: message (sent to|received from) \[([A-Za-z]{2,5}):\/\/([^\]]{3,300})\], size: \[\d{1,9}\]/;
const SIPSORCERY =
  /(?:^|\s)(?:Request|Response) (sent|received): ([a-z]{2,5}):(\S{3,300}?)(->|<-)([a-z]{2,5}):(\S{3,300})\s*$/;

/** The frame a Snom, belle-sip or SIPSorcery announcement line gives, or undefined. */
export function readPhoneLogHeader(line: string): FrameInfo | undefined {
  if (line.includes(' bytes')) {
    const snom = SNOM.exec(line);
    if (snom) {
      return withTime(
        far('snom', snom[1] === 'Received from', snom[2], snom[3]),
        snom[4] ?? '',
        line.slice(0, snom.index),
      );
    }
  }
  if (line.includes('channel [')) {
    const belle = BELLE_SIP.exec(line);
    if (belle) {
      return withTime(
        far('belle-sip', belle[1] === 'received from', belle[2], belle[3]),
        line.slice(0, belle.index),
        '',
      );
    }
  }
  if (line.includes('->') || line.includes('<-')) {
    const m = SIPSORCERY.exec(line);
    if (!m) return undefined;
    const received = m[1] === 'received';
    if (received !== (m[4] === '<-')) return undefined;
    const local = parseEndpoint(m[3] ?? '');
    const remote = parseEndpoint(m[6] ?? '');
    if (local?.port === undefined || remote?.port === undefined) return undefined;
    const info: FrameInfo = {
      format: 'sipsorcery',
      transport: parseTransport(m[2]),
      src: received ? remote : local,
      dst: received ? local : remote,
    };
    return withTime(info, line.slice(0, m.index), '');
  }
  return undefined;
}

/** A frame that names only the far end: the source of what was received, else the destination. */
function far(
  format: string,
  received: boolean,
  transport: string | undefined,
  address: string | undefined,
): FrameInfo | undefined {
  const endpoint: Endpoint | undefined = parseEndpoint(address ?? '');
  if (endpoint?.port === undefined) return undefined;
  const info: FrameInfo = { format, transport: parseTransport(transport) };
  if (received) info.src = endpoint;
  else info.dst = endpoint;
  return info;
}

function withTime(
  info: FrameInfo | undefined,
  first: string,
  second: string,
): FrameInfo | undefined {
  if (!info) return undefined;
  const stamp = findTimestamp(first) ?? (second ? findTimestamp(second) : undefined);
  if (stamp) {
    info.timestampText = stamp.text;
    info.epochMicros = stamp.epochMicros;
  }
  return info;
}
