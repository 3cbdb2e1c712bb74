/**
 * SIP over UDP: one datagram, one message (RFC 3261 18.1.1). The payload is
 * SIP when it opens with a start line, whatever the ports; HEP3 packets are
 * recognised by their magic on any port and unwrapped. CRLF keep-alives
 * (RFC 5626) are counted, not reported.
 */
import type { AddressBook } from './address-book.js';
import { u16be } from './byte-order.js';
import type { MessageSink, PacketMeta } from './capture-types.js';
import { decodeHep3, isHep3 } from './hep.js';
import type { IpDatagram } from './ip-datagram.js';
import { hepSource, packetSource } from './message-source.js';
import { isSipStart, skipLineEnds } from './sip-start.js';

/** Handles the UDP datagram carried by `d`. */
export function handleUdp(
  d: IpDatagram,
  meta: PacketMeta,
  sink: MessageSink,
  addresses: AddressBook,
): void {
  const b = d.bytes;
  if (d.end - d.start < 8) {
    sink.skip('truncatedPackets');
    return;
  }
  const srcPort = u16be(b, d.start);
  const dstPort = u16be(b, d.start + 2);
  const length = u16be(b, d.start + 4);
  let end = d.end;
  let cut = d.cut;
  if (length >= 8) {
    if (d.start + length <= d.end) end = d.start + length;
    else cut = true;
  }
  const start = d.start + 8;

  if (isHep3(b, start, end)) {
    const hep = decodeHep3(b, start, end);
    if (typeof hep === 'string') {
      sink.skip(hep);
      return;
    }
    const at = skipLineEnds(hep.bytes, hep.start, hep.end);
    if (!isSipStart(hep.bytes, at, hep.end)) {
      sink.skip('hepNonSip');
      return;
    }
    sink.message(hep.bytes.subarray(at, hep.end), hepSource(hep, meta, cut));
    return;
  }

  const at = skipLineEnds(b, start, end);
  if (at === end) {
    sink.skip(start === end ? 'nonSip' : 'keepalive');
    return;
  }
  if (!isSipStart(b, at, end)) {
    sink.skip('nonSip');
    return;
  }
  sink.message(
    b.subarray(at, end),
    packetSource(
      meta,
      addresses.endpointOf(d.src, d.srcV4, srcPort),
      addresses.endpointOf(d.dst, d.dstV4, dstPort),
      'UDP',
      cut,
    ),
  );
}
