/**
 * IPv6 (RFC 8200): the fixed header, the chain of extension headers before
 * the upper layer, and the fragment header whose pieces go to the
 * reassembler (the chain may continue inside the reassembled payload).
 */
import { u16be, u32be } from './byte-order.js';
import { ipv6Text } from './ip-address.js';
import type { IpResult } from './ip-datagram.js';
import type { FragmentReassembler } from './ip-fragments.js';

const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const ESP = 50;
const AUTH = 51;
const NO_NEXT = 59;
const DEST_OPTIONS = 60;
const MOBILITY = 135;
const HIP = 139;
const SHIM6 = 140;
const MAX_EXTENSIONS = 16;

/** Decodes the IPv6 packet at `b[start..end)`. */
export function decodeIpv6(
  b: Uint8Array,
  start: number,
  end: number,
  fragments: FragmentReassembler,
): IpResult {
  if (end - start < 40) return 'truncatedPackets';
  const payloadLength = u16be(b, start + 4);
  // Zero means a jumbogram (or offloaded segment): take what was captured.
  let payloadEnd = payloadLength === 0 ? end : start + 40 + payloadLength;
  let cut = false;
  if (payloadEnd > end) {
    payloadEnd = end;
    cut = true;
  }
  const src = ipv6Text(b, start + 8);
  const dst = ipv6Text(b, start + 24);

  let next = b[start + 6] ?? NO_NEXT;
  let i = start + 40;
  let bytes = b;
  for (let n = 0; n < MAX_EXTENSIONS; n++) {
    switch (next) {
      case HOP_BY_HOP:
      case ROUTING:
      case DEST_OPTIONS:
      case MOBILITY:
      case HIP:
      case SHIM6: {
        if (i + 8 > payloadEnd) return cut ? 'truncatedPackets' : 'malformed';
        const length = ((bytes[i + 1] ?? 0) + 1) * 8;
        next = bytes[i] ?? NO_NEXT;
        i += length;
        break;
      }
      case AUTH: {
        if (i + 8 > payloadEnd) return cut ? 'truncatedPackets' : 'malformed';
        const length = ((bytes[i + 1] ?? 0) + 2) * 4;
        next = bytes[i] ?? NO_NEXT;
        i += length;
        break;
      }
      case FRAGMENT: {
        if (i + 8 > payloadEnd) return cut ? 'truncatedPackets' : 'malformed';
        if (cut) return 'truncatedPackets';
        const field = u16be(bytes, i + 2);
        const key = `${src}>${dst}>${u32be(bytes, i + 4)}`;
        const whole = fragments.add(
          key,
          field & 0xfff8,
          (field & 1) === 1,
          bytes.subarray(i + 8, payloadEnd),
          bytes[i] ?? NO_NEXT,
        );
        if (!whole) return null;
        bytes = whole.payload;
        next = whole.protocol;
        i = 0;
        payloadEnd = bytes.byteLength;
        break;
      }
      case ESP:
      case NO_NEXT:
        return 'otherTransport';
      default:
        if (i > payloadEnd) return cut ? 'truncatedPackets' : 'malformed';
        return {
          src,
          dst,
          srcV4: -1,
          dstV4: -1,
          protocol: next,
          bytes,
          start: i,
          end: payloadEnd,
          cut,
        };
    }
  }
  return 'malformed';
}
