/**
 * tcpdump headers:
 *   10:00:00.123456 IP 192.0.2.10.5060 > 198.51.100.20.5060: SIP: INVITE sip:bob@... SIP/2.0
 *   2026-11-24 10:00:00.123456 IP 192.0.2.10.5060 > 198.51.100.20.5060: SIP, length: 642   (-tttt, older tcpdump)
 *   1795514400.123456 IP6 2001:db8::1.5060 > 2001:db8::2.5060: UDP, length 642            (-tt)
 *   10:00:00.123456 IP (tos 0x0, ttl 64, ... proto UDP (17), length 670)                   (-v: the
 *       192.0.2.10.5060 > 198.51.100.20.5060: SIP, length: 642                              addresses follow)
 *   10:00:00.123470 IP 192.0.2.10 > 198.51.100.20: ip-proto-17                             (a later IP fragment)
 * With -A the payload follows, its first line starting with the IP and UDP
 * or TCP header bytes printed as text (and sometimes broken by a byte that
 * happens to be a newline); with -v the SIP lines follow indented by a tab.
 */
import { parseDottedEndpoint } from '../endpoints.js';
import type { FrameInfo } from '../extract-types.js';
import { epochFromDecimalSeconds, findTimestamp } from '../timestamps.js';

export interface TcpdumpHeader {
  info: FrameInfo;
  /** Lines the header takes (2 in -v output). */
  lines: number;
}

/** The frame a tcpdump packet line announces; `next` gives the line after it (-v). */
export function readTcpdumpHeader(
  line: string,
  next: () => string | undefined,
): TcpdumpHeader | undefined {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57) return undefined;
  let at = line.indexOf(' IP ');
  let width = 4;
  if (at < 0 || at > 80) {
    at = line.indexOf(' IP6 ');
    width = 5;
    if (at < 0 || at > 80) return undefined;
  }
  const when = line.slice(0, at);
  let rest = line.slice(at + width);
  let used = 1;
  let verboseProto = '';
  if (rest.startsWith('(')) {
    // -v: "(tos ..., proto UDP (17), length 670)", then the addresses on the next line.
    verboseProto = /proto (\w{1,10})/.exec(rest)?.[1] ?? '';
    const addresses = next();
    if (addresses === undefined) return undefined;
    rest = addresses.trim();
    used = 2;
  }

  const arrow = rest.indexOf(' > ');
  if (arrow <= 0) return undefined;
  const afterArrow = rest.slice(arrow + 3);
  const colon = afterArrow.indexOf(': ');
  const dstText = colon >= 0 ? afterArrow.slice(0, colon) : afterArrow.replace(/:$/, '');
  const src = parseDottedEndpoint(rest.slice(0, arrow));
  const dst = parseDottedEndpoint(dstText);
  if (!src || !dst) return undefined;
  const summary = colon >= 0 ? afterArrow.slice(colon + 2) : '';

  if (src.port === undefined || dst.port === undefined) {
    return { info: { format: 'tcpdump', src, dst, fragment: true }, lines: used };
  }
  const tcp = summary.startsWith('Flags [') || verboseProto === 'TCP';
  const info: FrameInfo = {
    format: 'tcpdump',
    src,
    dst,
    transport: tcp ? 'TCP' : 'UDP',
    multi: tcp,
    leadingJunk: true,
  };
  const epoch = /^\d{9,11}\.\d{1,9}$/.test(when) ? epochFromDecimalSeconds(when) : undefined;
  const stamp = epoch === undefined ? findTimestamp(when) : { text: when, epochMicros: epoch };
  if (stamp) {
    info.timestampText = stamp.text;
    info.epochMicros = stamp.epochMicros;
  }
  return { info, lines: used };
}
