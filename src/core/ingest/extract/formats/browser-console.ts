/**
 * SIP stacks in the browser, copied from the developer console. The
 * announcement line names the direction but no address (the WebSocket
 * server is the far end); a blank line and the message follow.
 * JsSIP (debug "JsSIP:*"), current and older wordings:
 *   JsSIP:Transport sending message:
 *   JsSIP:Transport received text message:
 *   JsSIP:Transport received WebSocket message
 * SIP.js (log level debug), maybe after a date and " | ":
 *   sip.Transport | Sending WebSocket message:
 *   sip.Transport | Received WebSocket text message:
 * A copy from the console may end the line with the source link ("debug.js:190").
 */
import type { FrameInfo } from '../extract-types.js';
import { findTimestamp } from '../timestamps.js';

/** The console's link to the logging source file, copied at the end of the line ("debug.js:190"). */
const SOURCE = String.raw`(?:\s+[\w.@/-]{1,120}\.m?js:\d{1,6})?\s*$`;
const JSSIP = new RegExp(
  String.raw`JsSIP:Transport (?:sending|received)(?: WebSocket)?(?: text| binary)? message:?(?:\s+\+\d{1,9}m?s)?${SOURCE}`,
);
const SIPJS = new RegExp(
  String.raw`sip\.Transport \| (?:Sending|Received) WebSocket (?:text |binary )?message:?${SOURCE}`,
);

/** The frame a JsSIP or SIP.js transport line announces (format and time only), or undefined. */
export function readBrowserConsoleHeader(line: string): FrameInfo | undefined {
  const at = line.indexOf('Transport');
  if (at < 0) return undefined;
  const jssip = JSSIP.exec(line);
  const sipjs = jssip ? undefined : SIPJS.exec(line);
  const m = jssip ?? sipjs;
  if (!m) return undefined;
  const info: FrameInfo = { format: jssip ? 'jssip' : 'sipjs' };
  const stamp = m.index > 0 ? findTimestamp(line.slice(0, m.index)) : undefined;
  if (stamp) {
    info.timestampText = stamp.text;
    info.epochMicros = stamp.epochMicros;
  }
  return info;
}
