/**
 * IPv4 (RFC 791): the header, the total length that tells payload from
 * Ethernet padding, and fragments handed to the reassembler.
 */

import type { AddressBook } from './address-book.js';
import { u16be, u32be } from './byte-order.js';
import type { IpResult } from './ip-datagram.js';
import type { FragmentReassembler } from './ip-fragments.js';

const MORE_FRAGMENTS = 0x2000;
const OFFSET_MASK = 0x1fff;

/** Decodes the IPv4 packet at `b[start..end)`. */
export function decodeIpv4(
  b: Uint8Array,
  start: number,
  end: number,
  fragments: FragmentReassembler,
  addresses: AddressBook,
): IpResult {
  if (end - start < 20) return 'truncatedPackets';
  const headerLength = ((b[start] ?? 0) & 0x0f) * 4;
  if (headerLength < 20) return 'malformed';
  if (start + headerLength > end) return 'truncatedPackets';

  const totalLength = u16be(b, start + 2);
  // A zero total length is what TCP segmentation offload leaves in captures taken on the sender.
  let payloadEnd = totalLength === 0 ? end : start + totalLength;
  if (totalLength !== 0 && totalLength < headerLength) return 'malformed';
  let cut = false;
  if (payloadEnd > end) {
    payloadEnd = end;
    cut = true;
  }

  const protocol = b[start + 9] ?? 0;
  const src = addresses.ipv4(b, start + 12);
  const dst = addresses.ipv4(b, start + 16);
  const srcV4 = u32be(b, start + 12);
  const dstV4 = u32be(b, start + 16);
  const payloadStart = start + headerLength;

  const flags = u16be(b, start + 6);
  const offset = (flags & OFFSET_MASK) * 8;
  const more = (flags & MORE_FRAGMENTS) !== 0;
  if (!more && offset === 0) {
    return {
      src,
      dst,
      srcV4,
      dstV4,
      protocol,
      bytes: b,
      start: payloadStart,
      end: payloadEnd,
      cut,
    };
  }

  if (cut) return 'truncatedPackets';
  const key = `${src}>${dst}>${u16be(b, start + 4)}>${protocol}`;
  const whole = fragments.add(key, offset, more, b.subarray(payloadStart, payloadEnd), protocol);
  if (!whole) return null;
  return {
    src,
    dst,
    srcV4,
    dstV4,
    protocol,
    bytes: whole.payload,
    start: 0,
    end: whole.payload.byteLength,
    cut: false,
  };
}
