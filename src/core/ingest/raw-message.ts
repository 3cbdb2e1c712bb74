/**
 * A SIP message as ingest finds it, before it is parsed: the message text
 * cut out of a paste or log (CR LF line ends restored), or the payload
 * bytes of a capture (a view into the chunk read: copy them to keep them
 * past the next chunk), with where and when it was seen.
 */
import type { MessageSource } from '../sip/types.js';

export interface RawMessage<Content extends string | Uint8Array = string | Uint8Array> {
  content: Content;
  /** epochMicros, src, dst, transport, format ("pcap", "asterisk"...), frame, truncated. */
  source: MessageSource;
}
