import { describe, expect, it } from 'vitest';
import {
  PacketBuilder,
  type PacketSpec,
  TCP_FLAGS,
} from '../../../support/capture/build-packet.js';
import { encodeHep3 } from '../../../support/capture/encode-hep.js';
import { writePcap, writePcapRecords } from '../../../support/capture/write-pcap.js';
import { invite, ok, readAllWays, T0 } from './capture-helpers.js';

const agent = { address: '10.20.0.5', port: 40001 };
const collector = { address: '10.20.0.9', port: 9060 };
const caller = { address: '203.0.113.7', port: 5060 };
const callee = { address: '198.51.100.40', port: 5061 };
const caller6 = { address: '2001:db8:5::1', port: 5060 };
const callee6 = { address: '2001:db8:5::9', port: 5061 };

function hepOverUdp(payload: Uint8Array, to = collector): PacketSpec {
  return { epochMicros: T0 + 999_999, src: agent, dst: to, transport: 'UDP', payload };
}

describe('HEP3', () => {
  it('unwraps SIP with the original addresses, ports, time and transport', async () => {
    const hep1 = encodeHep3({
      epochMicros: T0 + 12,
      src: caller6,
      dst: callee6,
      transport: 'TCP',
      payload: invite(1),
    });
    const hep2 = encodeHep3({
      epochMicros: T0 + 34,
      src: callee,
      dst: caller,
      transport: 'UDP',
      payload: ok(1),
    });
    const result = await readAllWays(writePcap([hepOverUdp(hep1), hepOverUdp(hep2)]));
    expect(result.texts).toEqual([invite(1), ok(1)]);
    expect(result.messages.map((m) => m.source)).toEqual([
      {
        src: caller6,
        dst: callee6,
        transport: 'TCP',
        format: 'hep',
        frame: 1,
        epochMicros: T0 + 12,
      },
      { src: callee, dst: caller, transport: 'UDP', format: 'hep', frame: 2, epochMicros: T0 + 34 },
    ]);
  });

  it('is recognised by its magic on any UDP port', async () => {
    const hep = encodeHep3({
      epochMicros: T0,
      src: caller,
      dst: callee,
      transport: 'UDP',
      payload: ok(2),
    });
    const result = await readAllWays(
      writePcap([hepOverUdp(hep, { address: '10.20.0.9', port: 12345 })]),
    );
    expect(result.texts).toEqual([ok(2)]);
  });

  it('counts HEP packets that carry no SIP, compressed payloads and broken chunks', async () => {
    const rtcp = encodeHep3({
      epochMicros: T0,
      src: caller,
      dst: callee,
      transport: 'UDP',
      payload: 'rtcp-report',
      protocolType: 5,
    });
    const notSip = encodeHep3({
      epochMicros: T0,
      src: caller,
      dst: callee,
      transport: 'UDP',
      payload: 'just text',
    });
    const compressed = encodeHep3({
      epochMicros: T0,
      src: caller,
      dst: callee,
      transport: 'UDP',
      payload: Uint8Array.of(0x1f, 0x8b, 8),
      compressed: true,
    });
    const broken = encodeHep3({
      epochMicros: T0,
      src: caller,
      dst: callee,
      transport: 'UDP',
      payload: ok(3),
    });
    // A chunk claiming to run past the end of the packet.
    broken[6 + 4] = 0xff;
    const result = await readAllWays(
      writePcap([rtcp, notSip, compressed, broken].map((p) => hepOverUdp(p))),
    );
    expect(result.messages).toEqual([]);
    expect(result.stats.skipped).toEqual({ hepNonSip: 2, hepCompressed: 1, hepMalformed: 1 });
  });

  it('reads HEP3 packets sent over a TCP connection, split and coalesced', async () => {
    const packets = [invite(4), ok(4), invite(5)].map((payload, i) =>
      encodeHep3({ epochMicros: T0 + i, src: caller, dst: callee, transport: 'UDP', payload }),
    );
    const stream = Buffer.concat(packets);
    const builder = new PacketBuilder();
    const segment = (
      seq: number,
      data: Uint8Array,
      flags: number = TCP_FLAGS.PSH | TCP_FLAGS.ACK,
    ) => ({
      epochMicros: T0,
      data: builder.frame({
        epochMicros: T0,
        src: agent,
        dst: collector,
        transport: 'TCP',
        payload: data,
        tcp: { seq, flags },
      }),
    });
    const cut = (packets[0]?.byteLength ?? 0) + 10;
    const result = await readAllWays(
      writePcapRecords([
        segment(99, new Uint8Array(0), TCP_FLAGS.SYN),
        segment(100, stream.subarray(0, cut)),
        segment(100 + cut, stream.subarray(cut)),
      ]),
    );
    expect(result.texts).toEqual([invite(4), ok(4), invite(5)]);
    expect(result.messages.map((m) => m.source.format)).toEqual(['hep', 'hep', 'hep']);
    expect(result.messages[1]?.source).toMatchObject({
      src: caller,
      dst: callee,
      epochMicros: T0 + 1,
    });
  });
});
