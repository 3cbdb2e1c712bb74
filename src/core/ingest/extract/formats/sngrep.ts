/**
 * sngrep's text export (and the same "date time src -> dst" header that
 * other tools and hand-made notes use):
 *   2026/11/24 10:00:00.123456 192.0.2.10:5060 -> 198.51.100.20:5060
 *   INVITE sip:bob@198.51.100.20 SIP/2.0
 * Older sngrep versions put a line of dashes under the header. A transport
 * word may stand before the addresses or after them.
 */
import { parseEndpoint, parseTransport } from '../endpoints.js';
import type { FrameInfo } from '../extract-types.js';
import { dateTimeStamp } from '../timestamps.js';

const ARROW =
  /^(?:(\d{4}[/-]\d\d[/-]\d\d[ T]\d\d:\d\d:\d\d(?:\.\d{1,9})?Z?) )?(?:(UDP|TCP|TLS|WSS?|SCTP) )?(\S{3,300}) -> (\S{3,300})(?: \(?(UDP|TCP|TLS|WSS?|SCTP)\)?)?:?\s*$/i;

/** The frame a "date time src -> dst" header announces; both addresses need a port. */
export function readArrowHeader(line: string): FrameInfo | undefined {
  const m = ARROW.exec(line);
  if (!m) return undefined;
  const src = parseEndpoint(m[3] ?? '');
  const to = m[4] ?? '';
  const dst = parseEndpoint(to.endsWith(':') ? to.slice(0, -1) : to);
  if (src?.port === undefined || dst?.port === undefined) return undefined;
  const info: FrameInfo = { format: 'sngrep', src, dst, transport: parseTransport(m[2] ?? m[5]) };
  // Group 1 is a date and time and nothing else (see ARROW).
  const stamp = m[1] ? dateTimeStamp(m[1]) : undefined;
  if (stamp) {
    info.timestampText = stamp.text;
    info.epochMicros = stamp.epochMicros;
  }
  return info;
}
