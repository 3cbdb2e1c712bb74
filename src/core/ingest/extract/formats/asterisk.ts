/**
 * Asterisk SIP debug output. chan_pjsip ("pjsip set logger on"):
 *   <--- Received SIP request (871 bytes) from UDP:192.0.2.10:5060 --->
 *   <--- Transmitting SIP response (520 bytes) to UDP:192.0.2.10:5060 --->
 * chan_sip ("sip set debug on"), each message closed by a "<------------->" line:
 *   <--- SIP read from UDP:192.0.2.10:5060 --->
 *   <--- Transmitting (no NAT) to 192.0.2.10:5060 --->
 * In the "full" log file the header line carries the logger prefix
 * ("[2026-11-24 10:00:00.123] VERBOSE[1234] res_pjsip_logger.c: "); the
 * message lines after it do not.
 */
import { parseEndpoint, parseTransport } from '../endpoints.js';
import type { FrameInfo } from '../extract-types.js';
import { findTimestamp } from '../timestamps.js';

const PJSIP =
  /^<--- (Received|Transmitting) SIP (?:request|response) \(\d+ bytes\) (?:from|to) ([A-Za-z]+):(\S+) --->/;
const CHAN_SIP_READ = /^<--- SIP read from ([A-Za-z]+):(\S+) --->/;
const CHAN_SIP_SEND = /^<--- (?:Reliably )?Transmitting \((?:no )?NAT\) to (\S+) --->/;

/** The frame an Asterisk header line announces, or undefined. */
export function readAsteriskHeader(line: string): FrameInfo | undefined {
  const at = line.indexOf('<--- ');
  if (at < 0) return undefined;
  const rest = line.slice(at);
  const info: FrameInfo = { format: 'asterisk' };

  const pjsip = PJSIP.exec(rest);
  const read = pjsip ? undefined : CHAN_SIP_READ.exec(rest);
  const send = pjsip || read ? undefined : CHAN_SIP_SEND.exec(rest);
  if (pjsip) {
    const endpoint = parseEndpoint(pjsip[3] ?? '');
    info.transport = parseTransport(pjsip[2]);
    if (pjsip[1] === 'Received') info.src = endpoint;
    else info.dst = endpoint;
  } else if (read) {
    info.transport = parseTransport(read[1]);
    info.src = parseEndpoint(read[2] ?? '');
  } else if (send) {
    info.dst = parseEndpoint(send[1] ?? '');
  } else {
    return undefined;
  }

  const stamp = at > 0 ? findTimestamp(line.slice(0, at)) : undefined;
  if (stamp) {
    info.timestampText = stamp.text;
    info.epochMicros = stamp.epochMicros;
  }
  return info;
}

/** chan_sip's closing line "<------------->". */
export function isAsteriskEndMarker(content: string): boolean {
  const t = content.trim();
  if (t.length < 5 || t.charCodeAt(0) !== 60 || t.charCodeAt(t.length - 1) !== 62) return false;
  for (let i = 1; i < t.length - 1; i++) if (t.charCodeAt(i) !== 45) return false;
  return true;
}
