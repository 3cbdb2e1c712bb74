import { describe, expect, it } from 'vitest';
import { readCaptureBuffer } from '../../../../src/core/ingest/capture/read-capture.js';
import {
  PacketBuilder,
  type PacketSpec,
  TCP_FLAGS,
} from '../../../support/capture/build-packet.js';
import { writePcapRecords } from '../../../support/capture/write-pcap.js';
import { invite, ok, readAllWays, T0 } from './capture-helpers.js';

const client = { address: '10.9.0.1', port: 43210 };
const server = { address: '10.9.0.2', port: 5060 };
const ISN = 0xfffff000; // close to wrapping, so sequence arithmetic must be modular

interface Seg {
  seq: number;
  data: string;
  flags?: number;
  from?: 'client' | 'server';
}

/** Builds a capture of TCP segments with explicit sequence numbers. */
function tcpCapture(segments: Seg[]): Uint8Array {
  const builder = new PacketBuilder();
  return writePcapRecords(
    segments.map((s, i) => {
      const spec: PacketSpec = {
        epochMicros: T0 + i * 1000,
        src: s.from === 'server' ? server : client,
        dst: s.from === 'server' ? client : server,
        transport: 'TCP',
        payload: s.data,
        tcp: { seq: s.seq >>> 0, flags: s.flags ?? TCP_FLAGS.PSH | TCP_FLAGS.ACK },
      };
      return { epochMicros: spec.epochMicros, data: builder.frame(spec) };
    }),
  );
}

/** Splits a string into pieces at the given offsets, each with its sequence number. */
function split(stream: string, cuts: number[], seq = ISN + 1): Seg[] {
  const points = [0, ...cuts, stream.length];
  const out: Seg[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] ?? 0;
    const to = points[i + 1] ?? 0;
    out.push({ seq: seq + from, data: stream.slice(from, to) });
  }
  return out;
}

const syn: Seg = { seq: ISN, data: '', flags: TCP_FLAGS.SYN };

describe('TCP reassembly', () => {
  it('finds several messages in one segment', async () => {
    const stream = invite(1) + ok(1) + invite(2);
    const result = await readAllWays(tcpCapture([syn, { seq: ISN + 1, data: stream }]));
    expect(result.texts).toEqual([invite(1), ok(1), invite(2)]);
    expect(result.messages.map((m) => m.source)).toEqual(
      [1, 2, 3].map(() => ({
        epochMicros: T0 + 1000,
        src: client,
        dst: server,
        transport: 'TCP',
        format: 'pcap',
        frame: 2,
      })),
    );
    expect(result.stats.skipped).toEqual({ tcpControl: 1 });
  });

  it('joins one message spread over many segments, cut inside the headers, the blank line and the body', async () => {
    const message = invite(3);
    const blank = message.indexOf('\r\n\r\n');
    const segments = split(message, [5, 40, blank + 1, blank + 3, blank + 10]);
    const result = await readAllWays(tcpCapture([syn, ...segments]));
    expect(result.texts).toEqual([message]);
    // Reported with the segment that completed it.
    expect(result.messages[0]?.source).toMatchObject({
      frame: segments.length + 1,
      epochMicros: T0 + segments.length * 1000,
    });
  });

  it('frames by Content-Length even when the body holds a blank line', async () => {
    const body = 'first\r\n\r\nINVITE sip:not-a-message SIP/2.0\r\n\r\n';
    const stream = invite(4, body) + ok(4);
    const result = await readAllWays(tcpCapture([syn, ...split(stream, [100, 400])]));
    expect(result.texts).toEqual([invite(4, body), ok(4)]);
  });

  it('reads the compact form "l:" of Content-Length', async () => {
    const message =
      'MESSAGE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bKx\r\ni: compact\r\nl:   5\r\n\r\nhello';
    const result = await readAllWays(tcpCapture([syn, ...split(message + ok(5), [30])]));
    expect(result.texts).toEqual([message, ok(5)]);
  });

  it('drops retransmitted and overlapping bytes', async () => {
    const stream = invite(6) + ok(6) + invite(7);
    const segments = split(stream, [300, 600, 900]);
    const [s1, s2, s3, s4] = segments;
    if (!s1 || !s2 || !s3 || !s4) throw new Error('split');
    const overlap: Seg = { seq: s2.seq + 100, data: stream.slice(400, 700) };
    const result = await readAllWays(tcpCapture([syn, s1, s2, s1, s2, overlap, s3, s3, s4]));
    expect(result.texts).toEqual([invite(6), ok(6), invite(7)]);
    expect(result.stats.skipped.tcpRetransmission).toBe(3);
  });

  it('waits for a missing segment and delivers what came ahead of it', async () => {
    const stream = invite(8) + ok(8) + invite(9);
    const [s1, s2, s3, s4] = split(stream, [200, 700, 1000]);
    if (!s1 || !s2 || !s3 || !s4) throw new Error('split');
    const result = await readAllWays(tcpCapture([syn, s1, s4, s3, s2]));
    expect(result.texts).toEqual([invite(8), ok(8), invite(9)]);
    expect(result.messages.map((m) => m.source.frame)).toEqual([5, 5, 5]);
  });

  it('gives up a gap that never fills: the broken message is kept flagged truncated, the next ones are found', async () => {
    const stream = invite(10) + ok(10) + invite(11);
    const firstEnd = invite(10).length;
    const [s1, , s3] = split(stream, [100, firstEnd + 10]);
    if (!s1 || !s3) throw new Error('split');
    // s2 (the end of the INVITE and the start of the 200) was never captured.
    const result = await readAllWays(tcpCapture([syn, s1, s3]));
    expect(result.texts).toEqual([invite(10).slice(0, 100), invite(11)]);
    expect(result.messages[0]?.source.truncated).toBe(true);
    expect(result.messages[1]?.source.truncated).toBeUndefined();
    expect(result.stats.skipped.tcpGap).toBe(1);
  });

  it('picks up a connection already running when the capture started (no SYN, mid-message)', async () => {
    const stream = invite(12) + ok(12) + invite(13);
    const segments = split(stream, [150, invite(12).length + 40], 5000).slice(1);
    const result = await readAllWays(tcpCapture(segments));
    // The INVITE's head was never seen; the 200 starts at a line start and is found whole.
    expect(result.texts).toEqual([ok(12), invite(13)]);
    expect(result.stats.skipped.tcpNoSip).toBe(1);
  });

  it('skips CRLF keep-alives between messages', async () => {
    const stream = `\r\n\r\n${invite(14)}\r\n\r\n\r\n${ok(14)}`;
    const result = await readAllWays(tcpCapture([syn, ...split(stream, [1, 3, 500])]));
    expect(result.texts).toEqual([invite(14), ok(14)]);
  });

  it('counts a TCP stream that is not SIP', async () => {
    const http = 'GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n';
    const binary = String.fromCharCode(0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00);
    const result = await readAllWays(
      tcpCapture([syn, { seq: ISN + 1, data: http }, { seq: ISN + 1 + http.length, data: binary }]),
    );
    expect(result.messages).toEqual([]);
    expect(result.stats.skipped.tcpNoSip).toBe(2);
  });

  it('hands out a message cut short by FIN flagged truncated, and recognises retransmissions after it', async () => {
    const partial = invite(15).slice(0, 120);
    const result = await readAllWays(
      tcpCapture([
        syn,
        {
          seq: ISN + 1,
          data: ok(15) + partial,
          flags: TCP_FLAGS.PSH | TCP_FLAGS.ACK | TCP_FLAGS.FIN,
        },
        { seq: ISN + 1, data: ok(15) },
      ]),
    );
    expect(result.texts).toEqual([ok(15), partial]);
    expect(result.messages[1]?.source.truncated).toBe(true);
    expect(result.stats.skipped.tcpRetransmission).toBe(1);
  });

  it('keeps both directions and a new connection on the same ports apart', async () => {
    const other = 0x10000000;
    const result = await readAllWays(
      tcpCapture([
        syn,
        { seq: 77, data: '', flags: TCP_FLAGS.SYN | TCP_FLAGS.ACK, from: 'server' },
        { seq: ISN + 1, data: invite(16).slice(0, 50) },
        { seq: 78, data: ok(16), from: 'server' },
        { seq: ISN + 51, data: invite(16).slice(50) },
        { seq: ISN + 1 + invite(16).length, data: '', flags: TCP_FLAGS.FIN | TCP_FLAGS.ACK },
        { seq: other, data: '', flags: TCP_FLAGS.SYN },
        { seq: other + 1, data: invite(17) },
      ]),
    );
    expect(result.texts).toEqual([ok(16), invite(16), invite(17)]);
    expect(result.messages.map((m) => m.source.src)).toEqual([server, client, client]);
  });

  it('hands out a message still incomplete at the end of the capture, flagged truncated', async () => {
    const result = await readAllWays(
      tcpCapture([syn, { seq: ISN + 1, data: invite(18).slice(0, 300) }]),
    );
    expect(result.texts).toEqual([invite(18).slice(0, 300)]);
    expect(result.messages[0]?.source.truncated).toBe(true);
  });

  it('reports an oversize message by its headers and passes over its body', () => {
    const head =
      'MESSAGE sip:x@example.com SIP/2.0\r\nCall-ID: big\r\nContent-Length: 3000000\r\n\r\n';
    const body = 'x'.repeat(3_000_000);
    const stream = head + body + ok(19);
    const cuts: number[] = [];
    for (let at = 60_000; at < stream.length; at += 60_000) cuts.push(at);
    const result = readCaptureBuffer(tcpCapture([syn, ...split(stream, cuts)]));
    expect(result.messages.map((m) => Buffer.from(m.content).toString('latin1'))).toEqual([
      head,
      ok(19),
    ]);
    expect(result.messages[0]?.source.truncated).toBe(true);
    expect(result.stats.skipped.tcpOversize).toBe(1);
  });

  it('does not keep every connection of a SYN flood', () => {
    const builder = new PacketBuilder();
    const records = [];
    for (let i = 0; i < 6000; i++) {
      const src = { address: '10.66.0.1', port: 1024 + i };
      const spec: PacketSpec = {
        epochMicros: T0,
        src,
        dst: server,
        transport: 'TCP',
        payload: '',
        tcp: { seq: i, flags: TCP_FLAGS.SYN },
      };
      records.push({ epochMicros: T0, data: builder.frame(spec) });
    }
    const result = readCaptureBuffer(writePcapRecords(records));
    expect(result.messages).toEqual([]);
    expect(result.stats.skipped.tcpFlowsEvicted).toBeGreaterThan(1000);
  });

  it('keeps memory bounded with thousands of connections each holding a partial message', () => {
    const builder = new PacketBuilder();
    const records = [];
    for (let i = 0; i < 5000; i++) {
      const src = { address: `10.${(i >> 8) & 255}.${i & 255}.1`, port: 10000 + (i % 50000) };
      records.push({
        epochMicros: T0 + i,
        data: builder.frame({
          epochMicros: T0 + i,
          src,
          dst: server,
          transport: 'TCP',
          payload: invite(i).slice(0, 200),
          tcp: { seq: 1 },
        }),
      });
    }
    const result = readCaptureBuffer(writePcapRecords(records));
    // Evicted flows hand out their partial message flagged truncated.
    expect(result.messages).toHaveLength(5000);
    expect(result.messages.every((m) => m.source.truncated)).toBe(true);
    expect(result.stats.skipped.tcpFlowsEvicted).toBeGreaterThan(0);
  });
});
