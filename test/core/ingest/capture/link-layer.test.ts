import { describe, expect, it } from 'vitest';
import { LINKTYPE } from '../../../../src/core/ingest/capture/link-layer.js';
import {
  encodeLinkFrame,
  type LinkFraming,
  PacketBuilder,
  type PacketSpec,
} from '../../../support/capture/build-packet.js';
import { writePcap, writePcapRecords } from '../../../support/capture/write-pcap.js';
import { invite, ok, readAllWays, T0 } from './capture-helpers.js';

const v4a = { address: '10.0.0.1', port: 5060 };
const v4b = { address: '10.0.0.2', port: 5061 };
const v6a = { address: '2001:db8::1', port: 5060 };
const v6b = { address: '2001:db8:0:1::2', port: 5062 };

function pair(a = v4a, b = v4b): PacketSpec[] {
  return [
    { epochMicros: T0, src: a, dst: b, transport: 'UDP', payload: invite(1) },
    { epochMicros: T0 + 1, src: b, dst: a, transport: 'TCP', payload: ok(1) },
  ];
}

describe('link layers', () => {
  const framings: [string, LinkFraming][] = [
    ['Ethernet', { kind: 'ethernet' }],
    ['Ethernet with an 802.1Q tag', { kind: 'ethernet', vlans: [100] }],
    ['Ethernet with QinQ tags', { kind: 'ethernet', vlans: [200, 100] }],
    ['Linux cooked (SLL)', { kind: 'sll' }],
    ['Linux cooked v2 (SLL2)', { kind: 'sll2' }],
    ['raw IP', { kind: 'raw' }],
    ['BSD loopback, little-endian family', { kind: 'null', littleEndian: true }],
    ['BSD loopback, big-endian family', { kind: 'null', littleEndian: false }],
    ['OpenBSD loopback (DLT_LOOP)', { kind: 'loop' }],
  ];

  it.each(framings)('reads IPv4 and IPv6 over %s', async (_name, link) => {
    for (const [a, b] of [
      [v4a, v4b],
      [v6a, v6b],
    ] as const) {
      const result = await readAllWays(writePcap(pair(a, b), { link }));
      expect(result.texts).toEqual([invite(1), ok(1)]);
      expect(result.messages.map((m) => [m.source.src, m.source.dst, m.source.transport])).toEqual([
        [a, b, 'UDP'],
        [b, a, 'TCP'],
      ]);
    }
  });

  it.each([LINKTYPE.RAW_OPENBSD, LINKTYPE.RAW_BSDOS, LINKTYPE.IPV4])(
    'reads raw IPv4 under link type %i',
    async (linkType) => {
      const result = await readAllWays(writePcap(pair(), { link: { kind: 'raw' }, linkType }));
      expect(result.texts).toEqual([invite(1), ok(1)]);
    },
  );

  it('reads raw IPv6 under link type 229', async () => {
    const result = await readAllWays(
      writePcap(pair(v6a, v6b), { link: { kind: 'raw' }, linkType: LINKTYPE.IPV6 }),
    );
    expect(result.texts).toEqual([invite(1), ok(1)]);
  });

  it('counts frames that carry no IP (ARP) and frames cut inside the link header', async () => {
    const arp = new Uint8Array(42);
    arp.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06]);
    const frame = new PacketBuilder().frame(pair()[0] as PacketSpec);
    const result = await readAllWays(
      writePcapRecords([
        { epochMicros: T0, data: arp },
        { epochMicros: T0, data: frame.subarray(0, 10), originalLength: frame.byteLength },
        { epochMicros: T0, data: frame },
      ]),
    );
    expect(result.texts).toEqual([invite(1)]);
    expect(result.stats.skipped).toEqual({ nonIp: 1, truncatedPackets: 1 });
  });

  it('ignores Ethernet padding and trailing FCS bytes after the IP packet', async () => {
    const ip = new PacketBuilder().ipPacket({
      epochMicros: T0,
      src: v4a,
      dst: v4b,
      transport: 'UDP',
      payload: ok(4),
    });
    const frame = encodeLinkFrame(ip, { kind: 'ethernet' });
    const padded = new Uint8Array(frame.byteLength + 4);
    padded.set(frame);
    padded.set([0xde, 0xad, 0xbe, 0xef], frame.byteLength);
    const result = await readAllWays(writePcapRecords([{ epochMicros: T0, data: padded }]));
    expect(result.texts).toEqual([ok(4)]);
  });

  it('reads IPv4 inside a PPPoE session', async () => {
    const ip = new PacketBuilder().ipPacket({
      epochMicros: T0,
      src: v4a,
      dst: v4b,
      transport: 'UDP',
      payload: ok(5),
    });
    const header = Uint8Array.from([
      2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x88, 0x64, 0x11, 0, 0, 1, 0, 0, 0x00, 0x21,
    ]);
    const frame = new Uint8Array(header.byteLength + ip.byteLength);
    frame.set(header);
    frame.set(ip, header.byteLength);
    const result = await readAllWays(writePcapRecords([{ epochMicros: T0, data: frame }]));
    expect(result.texts).toEqual([ok(5)]);
  });
});
