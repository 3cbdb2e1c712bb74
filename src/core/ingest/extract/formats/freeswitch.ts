/**
 * FreeSWITCH (Sofia-SIP) "sofia global siptrace on" output:
 *   recv 1034 bytes from udp/[192.0.2.10]:5060 at 10:00:00.123456:
 *      ------------------------------------------------------------------------
 *      INVITE sip:bob@198.51.100.20 SIP/2.0
 *      ...
 *      ------------------------------------------------------------------------
 *   send 498 bytes to udp/[192.0.2.10]:5060 at 10:00:00.125901:
 * The message lines are indented by three spaces; the dash lines frame it.
 */
import { parseEndpoint, parseTransport } from '../endpoints.js';
import type { FrameInfo } from '../extract-types.js';
import { findTimestamp } from '../timestamps.js';

/** The frame a "recv/send N bytes from/to proto/[addr]:port at time:" line announces. */
export function readFreeswitchHeader(line: string): FrameInfo | undefined {
  let at = line.startsWith('recv ') || line.startsWith('send ') ? 0 : -1;
  if (at < 0) {
    at = line.indexOf(' recv ');
    if (at < 0) at = line.indexOf(' send ');
    if (at < 0) return undefined;
    at++;
  }
  const words = line.slice(at).trim().split(' ');
  const [verb, size, unit, direction, address] = words;
  if (unit !== 'bytes' || !/^\d{1,9}$/.test(size ?? '')) return undefined;
  const received = verb === 'recv' && direction === 'from';
  if (!received && !(verb === 'send' && direction === 'to')) return undefined;
  if (!address) return undefined;

  const slash = address.indexOf('/');
  if (slash <= 0) return undefined;
  const hostPort = address.slice(slash + 1).replace(/:$/, '');
  const endpoint = parseEndpoint(hostPort);
  if (!endpoint) return undefined;

  const info: FrameInfo = {
    format: 'freeswitch',
    transport: parseTransport(address.slice(0, slash)),
    dashLineEnds: true,
  };
  if (received) info.src = endpoint;
  else info.dst = endpoint;

  // "at" gives the time of day only; a logger prefix may carry the full date.
  const time = words[5] === 'at' && words[6] ? findTimestamp(words[6]) : undefined;
  const prefixed = at > 0 ? findTimestamp(line.slice(0, at)) : undefined;
  const stamp = prefixed?.epochMicros !== undefined ? prefixed : (time ?? prefixed);
  if (stamp) {
    info.timestampText = stamp.text;
    info.epochMicros = stamp.epochMicros;
  }
  return info;
}
