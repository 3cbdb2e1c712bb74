import { describe, expect, it } from 'vitest';
import {
  isCapture,
  readCapture,
  readCaptureBatches,
  readCaptureBuffer,
} from '../../../../src/core/ingest/capture/read-capture.js';
import { PacketBuilder, type PacketSpec } from '../../../support/capture/build-packet.js';
import {
  encodePcapHeader,
  encodePcapRecord,
  writePcap,
  writePcapRecords,
} from '../../../support/capture/write-pcap.js';
import { invite, ok, readAllWays, readInChunks, T0 } from './capture-helpers.js';

const alice = { address: '192.0.2.10', port: 5060 };
const bob = { address: '198.51.100.20', port: 5080 };

function dialog(): PacketSpec[] {
  return [
    { epochMicros: T0 + 1, src: alice, dst: bob, transport: 'UDP', payload: invite(1) },
    { epochMicros: T0 + 250_000, src: bob, dst: alice, transport: 'UDP', payload: ok(1) },
  ];
}

describe('isCapture', () => {
  it.each([
    ['pcap little-endian micro', [0xd4, 0xc3, 0xb2, 0xa1]],
    ['pcap big-endian micro', [0xa1, 0xb2, 0xc3, 0xd4]],
    ['pcap little-endian nano', [0x4d, 0x3c, 0xb2, 0xa1]],
    ['pcap big-endian nano', [0xa1, 0xb2, 0x3c, 0x4d]],
    ['pcapng', [0x0a, 0x0d, 0x0d, 0x0a]],
  ])('recognises %s', (_name, magic) => {
    expect(isCapture(Uint8Array.from([...magic, 0, 0, 0, 0]))).toBe(true);
  });

  it('rejects text and short input', () => {
    expect(isCapture(new TextEncoder().encode('INVITE sip:x SIP/2.0'))).toBe(false);
    expect(isCapture(Uint8Array.of(0xd4, 0xc3, 0xb2))).toBe(false);
    expect(isCapture(new Uint8Array(0))).toBe(false);
  });
});

describe('classic pcap', () => {
  it.each([
    ['little-endian, microseconds', { littleEndian: true, nanoseconds: false }],
    ['big-endian, microseconds', { littleEndian: false, nanoseconds: false }],
    ['little-endian, nanoseconds', { littleEndian: true, nanoseconds: true }],
    ['big-endian, nanoseconds', { littleEndian: false, nanoseconds: true }],
  ])('reads %s in any chunk size', async (_name, options) => {
    const result = await readAllWays(writePcap(dialog(), options));
    expect(result.texts).toEqual([invite(1), ok(1)]);
    expect(result.messages.map((m) => m.source)).toEqual([
      { epochMicros: T0 + 1, src: alice, dst: bob, transport: 'UDP', format: 'pcap', frame: 1 },
      {
        epochMicros: T0 + 250_000,
        src: bob,
        dst: alice,
        transport: 'UDP',
        format: 'pcap',
        frame: 2,
      },
    ]);
    expect(result.stats).toEqual({
      format: 'pcap',
      packets: 2,
      sipMessages: 2,
      skipped: {},
      problems: [],
    });
  });

  it('rounds nanosecond timestamps down to microseconds', () => {
    const frame = new PacketBuilder().frame(dialog()[0] as PacketSpec);
    const options = { nanoseconds: true };
    const bytes = writePcapRecords([{ epochMicros: T0 + 7, nanos: 999, data: frame }], options);
    expect(readCaptureBuffer(bytes).messages[0]?.source.epochMicros).toBe(T0 + 7);
  });

  it('counts packets that are not SIP and CRLF keep-alives without reporting them', async () => {
    const specs: PacketSpec[] = [
      { epochMicros: T0, src: alice, dst: bob, transport: 'UDP', payload: '\r\n\r\n' },
      {
        epochMicros: T0,
        src: alice,
        dst: bob,
        transport: 'UDP',
        payload: 'GET / HTTP/1.1\r\nHost: x\r\n\r\n',
      },
      {
        epochMicros: T0,
        src: alice,
        dst: bob,
        transport: 'UDP',
        payload: Uint8Array.of(0, 1, 0, 0, 0x21, 0x12, 0xa4, 0x42),
      },
      { epochMicros: T0, src: alice, dst: bob, transport: 'UDP', payload: `\r\n${invite(2)}` },
    ];
    const result = await readAllWays(writePcap(specs));
    expect(result.texts).toEqual([invite(2)]);
    expect(result.stats.skipped).toEqual({ keepalive: 1, nonSip: 2 });
    expect(result.stats.packets).toBe(4);
  });

  it('finds SIP on any port, not only 5060', () => {
    const specs: PacketSpec[] = [
      {
        epochMicros: T0,
        src: { address: '10.1.1.1', port: 40000 },
        dst: { address: '10.1.1.2', port: 12345 },
        transport: 'UDP',
        payload: ok(3),
      },
    ];
    expect(readCaptureBuffer(writePcap(specs)).messages).toHaveLength(1);
  });

  it('reports a capture that ends inside a record and keeps what came before', async () => {
    const bytes = writePcap(dialog());
    const cut = bytes.subarray(0, bytes.byteLength - 10);
    const result = await readAllWays(cut);
    expect(result.texts).toEqual([invite(1)]);
    expect(result.stats.problems).toHaveLength(1);
    expect(result.stats.problems[0]).toMatchObject({
      id: 'capture.truncated',
      severity: 'warning',
    });
  });

  it('stops at an impossible record length with a problem', async () => {
    const first = encodePcapRecord({
      epochMicros: T0,
      data: new PacketBuilder().frame(dialog()[0] as PacketSpec),
    });
    const bad = encodePcapRecord({ epochMicros: T0, data: new Uint8Array(4) });
    new DataView(bad.buffer).setUint32(8, 0x7fffffff, true);
    const bytes = Buffer.concat([encodePcapHeader(), first, bad, first]);
    const result = await readAllWays(bytes);
    expect(result.texts).toEqual([invite(1)]);
    expect(result.stats.problems.map((p) => p.id)).toEqual(['capture.corrupt']);
    expect(result.stats.problems[0]?.message).toContain(`byte ${24 + first.byteLength}`);
  });

  it('says so when the input is not a capture at all', async () => {
    const result = await readInChunks(new TextEncoder().encode('hello, this is text'), 3);
    expect(result.messages).toEqual([]);
    expect(result.stats.problems.map((p) => p.id)).toEqual(['capture.format']);
    expect(readCaptureBuffer(Uint8Array.of(0xd4, 0xc3)).problems.map((p) => p.id)).toEqual([
      'capture.format',
    ]);
  });

  it('a header-only capture has no messages and no problems', () => {
    const result = readCaptureBuffer(encodePcapHeader());
    expect(result.messages).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it('stops at maxMessages with a problem', async () => {
    const specs = Array.from({ length: 10 }, (_, i) => ({
      epochMicros: T0 + i,
      src: alice,
      dst: bob,
      transport: 'UDP' as const,
      payload: invite(i),
    }));
    const result = await readAllWays(writePcap(specs), { maxMessages: 4 });
    expect(result.texts).toEqual([0, 1, 2, 3].map((i) => invite(i)));
    expect(result.stats.problems.map((p) => p.id)).toEqual(['capture.limit']);
    // The warning names the variable that raises the limit.
    expect(result.stats.problems[0]?.message).toMatch(/raise SIP_MAX_MESSAGES/);
    // Exactly at the limit is not a problem.
    expect(readCaptureBuffer(writePcap(specs), { limits: { maxMessages: 10 } }).problems).toEqual(
      [],
    );
  });

  it('reads no further than maxInputBytes', async () => {
    const specs = Array.from({ length: 10 }, (_, i) => ({
      epochMicros: T0 + i,
      src: alice,
      dst: bob,
      transport: 'UDP' as const,
      payload: invite(i),
    }));
    const bytes = writePcap(specs);
    const perRecord = (bytes.byteLength - 24) / 10;
    const result = await readAllWays(bytes, { maxInputBytes: 24 + perRecord * 3 + 5 });
    expect(result.texts).toHaveLength(3);
    expect(result.stats.problems.map((p) => p.id)).toEqual(['capture.limit']);
    expect(result.stats.problems[0]?.message).toMatch(/raise SIP_MAX_INPUT_BYTES/);
  });

  it('reports stats when the consumer stops early, and stops pulling chunks', async () => {
    const specs = Array.from({ length: 5 }, (_, i) => ({
      epochMicros: T0 + i,
      src: alice,
      dst: bob,
      transport: 'UDP' as const,
      payload: invite(i),
    }));
    const bytes = writePcap(specs);
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < bytes.byteLength; i += 100) {
        pulled++;
        yield bytes.subarray(i, i + 100);
      }
    }
    let statsCalls = 0;
    for await (const _m of readCapture(source(), { onStats: () => statsCalls++ })) break;
    expect(statsCalls).toBe(1);
    expect(pulled).toBeLessThan(Math.ceil(bytes.byteLength / 100));
  });

  it('turns a failing input stream into a problem instead of throwing', async () => {
    const bytes = writePcap(dialog());
    async function* failing() {
      yield bytes.subarray(0, 24 + 10);
      throw new Error('disk on fire');
    }
    let stats: { problems: { id: string; message: string }[] } | undefined;
    const messages = [];
    for await (const m of readCapture(failing(), { onStats: (s) => (stats = s) })) messages.push(m);
    expect(messages).toEqual([]);
    expect(stats?.problems.map((p) => p.id)).toEqual(['capture.read']);
    expect(stats?.problems[0]?.message).toContain('disk on fire');
  });

  it('hands out plain Uint8Array payloads even when fed Node Buffers', async () => {
    const bytes = Buffer.from(writePcap(dialog()));
    const out = [];
    for await (const m of readCapture(
      (async function* () {
        yield bytes;
      })(),
    ))
      out.push(m);
    expect(out).toHaveLength(2);
    expect(Object.getPrototypeOf(out[0]?.content)).toBe(Uint8Array.prototype);
  });
});

describe('readCaptureBatches', () => {
  it('hands out the same messages as readCapture, grouped by the chunk that completed them', async () => {
    const specs = Array.from({ length: 6 }, (_, i) => ({
      epochMicros: T0 + i,
      src: alice,
      dst: bob,
      transport: 'UDP' as const,
      payload: invite(i),
    }));
    const bytes = writePcap(specs);
    async function* halves() {
      const middle = Math.floor(bytes.byteLength / 2);
      yield bytes.subarray(0, middle);
      yield bytes.subarray(middle);
    }
    const batches: string[][] = [];
    let stats: { sipMessages: number } | undefined;
    for await (const batch of readCaptureBatches(halves(), { onStats: (s) => (stats = s) })) {
      batches.push(batch.map((m) => Buffer.from(m.content).toString('latin1')));
    }
    expect(batches).toHaveLength(2);
    expect(batches.flat()).toEqual(specs.map((s) => s.payload));
    expect(stats?.sipMessages).toBe(6);
  });
});
