import { describe, expect, it } from 'vitest';
import { LINKTYPE } from '../../../../src/core/ingest/capture/link-layer.js';
import { readCaptureBuffer } from '../../../../src/core/ingest/capture/read-capture.js';
import {
  encodeLinkFrame,
  PacketBuilder,
  type PacketSpec,
} from '../../../support/capture/build-packet.js';
import { writePcapng } from '../../../support/capture/write-pcapng.js';
import { invite, ok, readAllWays, T0 } from './capture-helpers.js';

const alice = { address: '192.0.2.10', port: 5060 };
const bob = { address: '198.51.100.20', port: 5060 };
const builder = new PacketBuilder();

function udp(payload: string, from = alice, to = bob): PacketSpec {
  return { epochMicros: 0, src: from, dst: to, transport: 'UDP', payload };
}

describe('pcapng', () => {
  it.each([true, false])(
    'reads two interfaces with different link types and timestamp units (little-endian %s)',
    async (littleEndian) => {
      const bytes = writePcapng({
        littleEndian,
        interfaces: [
          { linkType: LINKTYPE.ETHERNET, tsresol: 9 },
          { linkType: LINKTYPE.LINUX_SLL2 },
        ],
        blocks: [
          {
            kind: 'enhanced',
            interfaceId: 0,
            epochMicros: T0 + 123_456,
            data: builder.frame(udp(invite(1))),
          },
          { kind: 'other', type: 5, body: new Uint8Array(20) }, // interface statistics: passed over
          {
            kind: 'enhanced',
            interfaceId: 1,
            epochMicros: T0 + 500_001,
            data: builder.frame(udp(ok(1), bob, alice), { kind: 'sll2' }),
          },
          { kind: 'other', type: 0x0bad, body: new Uint8Array(9) }, // custom block: passed over
        ],
      });
      const result = await readAllWays(bytes);
      expect(result.texts).toEqual([invite(1), ok(1)]);
      expect(result.messages.map((m) => m.source)).toEqual([
        {
          epochMicros: T0 + 123_456,
          src: alice,
          dst: bob,
          transport: 'UDP',
          format: 'pcapng',
          frame: 1,
        },
        {
          epochMicros: T0 + 500_001,
          src: bob,
          dst: alice,
          transport: 'UDP',
          format: 'pcapng',
          frame: 2,
        },
      ]);
      expect(result.stats).toEqual({
        format: 'pcapng',
        packets: 2,
        sipMessages: 2,
        skipped: {},
        problems: [],
      });
    },
  );

  it('converts nanosecond timestamps exactly (they exceed 2^53)', () => {
    const units = 1_700_000_000_123_456_789n;
    const bytes = writePcapng({
      interfaces: [{ linkType: LINKTYPE.ETHERNET, tsresol: 9 }],
      blocks: [
        {
          kind: 'enhanced',
          interfaceId: 0,
          epochMicros: 0,
          units,
          data: builder.frame(udp(ok(2))),
        },
      ],
    });
    expect(readCaptureBuffer(bytes).messages[0]?.source.epochMicros).toBe(1_700_000_000_123_456);
  });

  it.each([
    ['milliseconds', 3, 1_700_000_000_123n, 1_700_000_000_123_000],
    ['picoseconds', 12, 1_000_000_123_456_789_012n, 1_000_000_123_456],
    ['2^-20 seconds', 0x80 | 20, 1_700_000_000n * 1_048_576n + 524_288n, 1_700_000_000_500_000],
  ])('honours if_tsresol in %s', (_name, tsresol, units, micros) => {
    const bytes = writePcapng({
      interfaces: [{ linkType: LINKTYPE.ETHERNET, tsresol }],
      blocks: [
        {
          kind: 'enhanced',
          interfaceId: 0,
          epochMicros: 0,
          units,
          data: builder.frame(udp(ok(2))),
        },
      ],
    });
    expect(readCaptureBuffer(bytes).messages[0]?.source.epochMicros).toBe(micros);
  });

  it('adds if_tsoffset seconds', () => {
    const bytes = writePcapng({
      interfaces: [{ linkType: LINKTYPE.ETHERNET, tsoffset: 1_000 }],
      blocks: [
        {
          kind: 'enhanced',
          interfaceId: 0,
          epochMicros: 0,
          units: 5_000_000n,
          data: builder.frame(udp(ok(2))),
        },
      ],
    });
    expect(readCaptureBuffer(bytes).messages[0]?.source.epochMicros).toBe(1_005_000_000);
  });

  it('reads simple packet blocks (no timestamp) and obsolete packet blocks', async () => {
    const bytes = writePcapng({
      interfaces: [{ linkType: LINKTYPE.RAW }],
      blocks: [
        { kind: 'simple', data: builder.ipPacket(udp(invite(5))) },
        {
          kind: 'obsolete',
          interfaceId: 0,
          epochMicros: T0 + 9,
          data: builder.ipPacket(udp(ok(5), bob, alice)),
        },
      ],
    });
    const result = await readAllWays(bytes);
    expect(result.texts).toEqual([invite(5), ok(5)]);
    expect(result.messages[0]?.source.epochMicros).toBeUndefined();
    expect(result.messages[0]?.source.frame).toBe(1);
    expect(result.messages[1]?.source).toMatchObject({
      epochMicros: T0 + 9,
      frame: 2,
      format: 'pcapng',
    });
  });

  it('reads several sections, each with its own byte order and interfaces', async () => {
    const first = writePcapng({
      littleEndian: true,
      interfaces: [{ linkType: LINKTYPE.ETHERNET }],
      blocks: [
        { kind: 'enhanced', interfaceId: 0, epochMicros: T0, data: builder.frame(udp(invite(7))) },
      ],
    });
    const second = writePcapng({
      littleEndian: false,
      interfaces: [{ linkType: LINKTYPE.RAW }],
      blocks: [
        {
          kind: 'enhanced',
          interfaceId: 0,
          epochMicros: T0 + 1,
          data: builder.ipPacket(udp(ok(7), bob, alice)),
        },
      ],
    });
    const result = await readAllWays(Buffer.concat([first, second]));
    expect(result.texts).toEqual([invite(7), ok(7)]);
    expect(result.messages.map((m) => m.source.frame)).toEqual([1, 2]);
  });

  it('counts a packet on an undeclared interface as malformed and goes on', async () => {
    const bytes = writePcapng({
      interfaces: [{ linkType: LINKTYPE.ETHERNET }],
      blocks: [
        { kind: 'enhanced', interfaceId: 3, epochMicros: T0, data: builder.frame(udp(invite(8))) },
        { kind: 'enhanced', interfaceId: 0, epochMicros: T0, data: builder.frame(udp(invite(9))) },
      ],
    });
    const result = await readAllWays(bytes);
    expect(result.texts).toEqual([invite(9)]);
    expect(result.stats.skipped).toEqual({ malformed: 1 });
    expect(result.stats.packets).toBe(2);
  });

  it('stops with a problem when block lengths disagree', async () => {
    const bytes = writePcapng({
      interfaces: [{ linkType: LINKTYPE.ETHERNET }],
      blocks: [
        { kind: 'enhanced', interfaceId: 0, epochMicros: T0, data: builder.frame(udp(invite(10))) },
        { kind: 'enhanced', interfaceId: 0, epochMicros: T0, data: builder.frame(udp(invite(11))) },
      ],
    });
    // Damage the trailing length of the last block.
    const damaged = bytes.slice();
    damaged[damaged.byteLength - 4] = (damaged[damaged.byteLength - 4] ?? 0) ^ 0x40;
    const result = await readAllWays(damaged);
    expect(result.texts).toEqual([invite(10)]);
    expect(result.stats.problems.map((p) => p.id)).toEqual(['capture.corrupt']);
  });

  it('stops with a problem when the first block is not a section header', () => {
    const bytes = writePcapng({ interfaces: [{ linkType: LINKTYPE.ETHERNET }], blocks: [] });
    // Keep the magic (so it is sniffed as pcapng) but break the byte-order magic.
    const damaged = bytes.slice();
    damaged[8] = 0;
    expect(readCaptureBuffer(damaged).problems.map((p) => p.id)).toEqual(['capture.corrupt']);
  });

  it('notes an unsupported link type once and counts its packets', async () => {
    const bytes = writePcapng({
      interfaces: [{ linkType: 147 }, { linkType: LINKTYPE.LOOP }],
      blocks: [
        { kind: 'enhanced', interfaceId: 0, epochMicros: T0, data: new Uint8Array(40) },
        { kind: 'enhanced', interfaceId: 0, epochMicros: T0, data: new Uint8Array(40) },
        {
          kind: 'enhanced',
          interfaceId: 1,
          epochMicros: T0,
          data: encodeLinkFrame(builder.ipPacket(udp(ok(12))), { kind: 'loop' }),
        },
      ],
    });
    const result = await readAllWays(bytes);
    expect(result.texts).toEqual([ok(12)]);
    expect(result.stats.skipped).toEqual({ unsupportedLinkType: 2 });
    expect(result.stats.problems).toMatchObject([{ id: 'capture.link-type', severity: 'note' }]);
    expect(result.stats.problems[0]?.message).toContain('147');
  });
});
