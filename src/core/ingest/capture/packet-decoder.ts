/**
 * One captured frame down the layers: link header, IPv4 or IPv6 (with
 * fragment reassembly), then UDP or TCP, until SIP messages come out or the
 * packet is counted as skipped with the reason why.
 */
import { AddressBook } from './address-book.js';
import type { MessageSink, PacketMeta } from './capture-types.js';
import { type IpResult, PROTOCOL_TCP, PROTOCOL_UDP } from './ip-datagram.js';
import { FragmentReassembler } from './ip-fragments.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { ipOffset, LINK_TRUNCATED, LINK_UNSUPPORTED } from './link-layer.js';
import { TcpReassembler } from './tcp-reassembly.js';
import { handleUdp } from './udp.js';

export class PacketDecoder {
  private readonly fragments: FragmentReassembler;
  private readonly tcp: TcpReassembler;
  private readonly addresses = new AddressBook();

  constructor(private readonly sink: MessageSink) {
    this.fragments = new FragmentReassembler((n) => sink.skip('fragmentsIncomplete', n));
    this.tcp = new TcpReassembler(sink, this.addresses);
  }

  /** Decodes the frame b[start..end) of the given link type. */
  packet(linkType: number, b: Uint8Array, start: number, end: number, meta: PacketMeta): void {
    const at = ipOffset(linkType, b, start, end);
    if (at < 0) {
      this.sink.skip(
        at === LINK_UNSUPPORTED
          ? 'unsupportedLinkType'
          : at === LINK_TRUNCATED
            ? 'truncatedPackets'
            : 'nonIp',
      );
      return;
    }
    const version = (b[at] ?? 0) >> 4;
    let ip: IpResult;
    if (version === 4) ip = decodeIpv4(b, at, end, this.fragments, this.addresses);
    else if (version === 6) ip = decodeIpv6(b, at, end, this.fragments);
    else {
      this.sink.skip('nonIp');
      return;
    }
    if (ip === null) return;
    if (typeof ip === 'string') {
      this.sink.skip(ip);
      return;
    }
    if (ip.protocol === PROTOCOL_UDP) handleUdp(ip, meta, this.sink, this.addresses);
    else if (ip.protocol === PROTOCOL_TCP) this.tcp.segment(ip, meta);
    else this.sink.skip('otherTransport');
  }

  /** End of capture: finish open TCP streams and count fragments that never completed. */
  end(): void {
    this.tcp.end();
    const dropped = this.fragments.finish();
    if (dropped > 0) this.sink.skip('fragmentsIncomplete', dropped);
  }
}
