/**
 * pjsua / pjsip log output (log level 4 and up). Each message is announced
 * by one line and closed by "--end msg--"; the message lines in between
 * carry no prefix (pjsip writes the packet buffer as it is, CR LF included):
 *   10:00:00.123  pjsua_core.c  .TX 812 bytes Request msg INVITE/cseq=20 (tdta0x55d0) to UDP 198.51.100.7:5060:
 *   10:00:00.150  pjsua_core.c  .RX 390 bytes Response msg 100/INVITE/cseq=20 (rdata0x55d1) from UDP 198.51.100.7:5060:
 * The transport may carry "/IPv6" and the address brackets.
 */
import { parseEndpoint, parseTransport } from '../endpoints.js';
import type { FrameInfo } from '../extract-types.js';
import { findTimestamp } from '../timestamps.js';

const HEADER =
  /(?:^|[\s.])(RX|TX) \d{1,9} bytes (?:Request|Response) msg \S{1,100} \((?:rdata|tdta)[^)]{0,40}\) (from|to) ([A-Za-z]{2,5})(?:\/IPv6)? (\S{3,300}):\s*$/;

/** The frame a pjsip "RX/TX N bytes ... from/to PROTO addr:port:" line announces. */
export function readPjsipHeader(line: string): FrameInfo | undefined {
  const m = HEADER.exec(line);
  if (!m) return undefined;
  const received = m[1] === 'RX';
  if (received !== (m[2] === 'from')) return undefined;
  const endpoint = parseEndpoint(m[4] ?? '');
  if (endpoint?.port === undefined) return undefined;
  const info: FrameInfo = { format: 'pjsip', transport: parseTransport(m[3]) };
  if (received) info.src = endpoint;
  else info.dst = endpoint;
  const stamp = findTimestamp(line.slice(0, m.index));
  if (stamp) {
    info.timestampText = stamp.text;
    info.epochMicros = stamp.epochMicros;
  }
  return info;
}

/** pjsip's "--end msg--" line after each message. */
export function isPjsipEndMarker(content: string): boolean {
  return content.trim() === '--end msg--';
}
