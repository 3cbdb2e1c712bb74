import { describe, expect, it } from 'vitest';
import { ipv6Text } from '../../../../src/core/ingest/capture/ip-address.js';
import {
  addressBytes,
  encodeIpv4,
  encodeIpv6,
  encodeLinkFrame,
  encodeUdp,
  fragmentIpv4,
  fragmentIpv6,
  PacketBuilder,
} from '../../../support/capture/build-packet.js';
import { writePcapRecords } from '../../../support/capture/write-pcap.js';
import { invite, readAllWays, T0 } from './capture-helpers.js';

const a = { address: '172.16.0.1', port: 5060 };
const b = { address: '172.16.0.2', port: 5060 };
const a6 = { address: 'fd00::a', port: 5060 };
const b6 = { address: 'fd00::b', port: 5070 };
const bigBody = `v=0\r\n${'a=x-filler:0123456789abcdef0123456789abcdef\r\n'.repeat(60)}`;

function records(ipPackets: Uint8Array[], start = T0) {
  return writePcapRecords(
    ipPackets.map((p, i) => ({
      epochMicros: start + i,
      data: encodeLinkFrame(p, { kind: 'ethernet' }),
    })),
  );
}

describe('IPv6 addresses as text (RFC 5952)', () => {
  it.each([
    ['2001:db8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::', 'fe80::'],
    ['::ffff:192.0.2.33', '::ffff:192.0.2.33'],
    ['2001:DB8::ABCD', '2001:db8::abcd'],
  ])('%s is written %s', (input, expected) => {
    expect(ipv6Text(addressBytes(input), 0)).toBe(expected);
  });
});

describe('IPv4', () => {
  it('reassembles fragments that arrive out of order', async () => {
    const message = invite(1, bigBody);
    const udp = encodeUdp(a, b, new TextEncoder().encode(message));
    const fragments = fragmentIpv4(a.address, b.address, 17, udp, 1000, 77);
    expect(fragments.length).toBeGreaterThanOrEqual(3);
    const shuffled = [fragments[2], fragments[0], ...fragments.slice(3), fragments[1]].filter(
      (f) => f !== undefined,
    );
    const result = await readAllWays(records(shuffled));
    expect(result.texts).toEqual([message]);
    // Reported when the last missing fragment arrived.
    expect(result.messages[0]?.source).toMatchObject({
      src: a,
      dst: b,
      transport: 'UDP',
      frame: shuffled.length,
      epochMicros: T0 + shuffled.length - 1,
    });
    expect(result.stats.skipped).toEqual({});
  });

  it('ignores duplicate fragments and counts those of datagrams never completed', async () => {
    const one = fragmentIpv4(
      a.address,
      b.address,
      17,
      encodeUdp(a, b, new TextEncoder().encode(invite(2, bigBody))),
      1000,
      1,
    );
    const two = fragmentIpv4(
      a.address,
      b.address,
      17,
      encodeUdp(a, b, new TextEncoder().encode(invite(3, bigBody))),
      1000,
      2,
    );
    const [first, ...rest] = one;
    if (!first) throw new Error('no fragments');
    const result = await readAllWays(records([first, first, ...rest, ...two.slice(1)]));
    expect(result.texts).toEqual([invite(2, bigBody)]);
    expect(result.stats.skipped).toEqual({ fragmentsIncomplete: two.length - 1 });
  });

  it('keeps fragment memory bounded when thousands of datagrams never complete', async () => {
    const packets: Uint8Array[] = [];
    for (let id = 0; id < 1500; id++) {
      packets.push(
        encodeIpv4(a.address, b.address, 17, new Uint8Array(16), { id, moreFragments: true }),
      );
    }
    const complete = encodeIpv4(
      a.address,
      b.address,
      17,
      encodeUdp(a, b, new TextEncoder().encode(invite(9))),
      { id: 9999 },
    );
    const result = await readAllWays(records([...packets, complete]));
    expect(result.texts).toEqual([invite(9)]);
    expect(result.stats.skipped.fragmentsIncomplete).toBe(1500);
  });

  it('flags a datagram cut by the snapshot length as truncated', async () => {
    const frame = new PacketBuilder().frame({
      epochMicros: T0,
      src: a,
      dst: b,
      transport: 'UDP',
      payload: invite(4),
    });
    const cut = frame.subarray(0, 200);
    const result = await readAllWays(
      writePcapRecords([{ epochMicros: T0, data: cut, originalLength: frame.byteLength }]),
    );
    expect(result.texts).toEqual([invite(4).slice(0, 200 - 42)]);
    expect(result.messages[0]?.source.truncated).toBe(true);
  });

  it('counts packets of other protocols (ICMP) and malformed headers', async () => {
    const icmp = encodeIpv4(a.address, b.address, 1, new Uint8Array(8));
    const badHeader = encodeIpv4(a.address, b.address, 17, new Uint8Array(8));
    badHeader[0] = 0x43; // header length 12 bytes: impossible
    const result = await readAllWays(records([icmp, badHeader]));
    expect(result.messages).toEqual([]);
    expect(result.stats.skipped).toEqual({ otherTransport: 1, malformed: 1 });
  });
});

describe('IPv6', () => {
  it('walks hop-by-hop, routing and destination options headers', async () => {
    const udp = encodeUdp(a6, b6, new TextEncoder().encode(invite(5)));
    const packet = encodeIpv6(a6.address, b6.address, 17, udp, [
      { type: 0, body: new Uint8Array(6) },
      { type: 43, body: new Uint8Array(14) },
      { type: 60, body: new Uint8Array(6) },
    ]);
    const result = await readAllWays(records([packet]));
    expect(result.texts).toEqual([invite(5)]);
    expect(result.messages[0]?.source).toMatchObject({ src: a6, dst: b6, transport: 'UDP' });
  });

  it('reassembles fragments out of order', async () => {
    const message = invite(6, bigBody);
    const fragments = fragmentIpv6(
      a6.address,
      b6.address,
      17,
      encodeUdp(a6, b6, new TextEncoder().encode(message)),
      1200,
      0xabcdef,
    );
    const reversed = [...fragments].reverse();
    const result = await readAllWays(records(reversed));
    expect(result.texts).toEqual([message]);
    expect(result.messages[0]?.source).toMatchObject({ src: a6, dst: b6, transport: 'UDP' });
  });

  it('counts a packet with no next header or ESP as another protocol', async () => {
    const result = await readAllWays(
      records([
        encodeIpv6(a6.address, b6.address, 59, new Uint8Array(0)),
        encodeIpv6(a6.address, b6.address, 50, new Uint8Array(16)),
      ]),
    );
    expect(result.stats.skipped).toEqual({ otherTransport: 2 });
  });
});
