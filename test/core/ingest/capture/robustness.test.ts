/**
 * The reader never throws and its output stays bounded, whatever it is fed:
 * random bytes behind a capture magic, real captures with bytes flipped,
 * cut or inserted, and random TCP segment orders, in random chunk sizes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../../../../src/core/ingest/capture/capture-reader.js';
import { readCaptureBuffer } from '../../../../src/core/ingest/capture/read-capture.js';
import { sipStartState } from '../../../../src/core/ingest/capture/sip-start.js';
import { PacketBuilder, TCP_FLAGS } from '../../../support/capture/build-packet.js';
import { writePcapRecords } from '../../../support/capture/write-pcap.js';
import { invite, ok, T0 } from './capture-helpers.js';

const dir = fileURLToPath(new URL('../../../fixtures/captures/', import.meta.url));
const real = ['lo-dumpcap.pcapng', 'lo-tcpdump-nano.pcap', 'any-tcpdump.pcap'].map(
  (f) => new Uint8Array(readFileSync(`${dir}${f}`)),
);

const MAGICS = [
  [0xd4, 0xc3, 0xb2, 0xa1],
  [0xa1, 0xb2, 0xc3, 0xd4],
  [0x4d, 0x3c, 0xb2, 0xa1],
  [0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a],
];

/** Reads through CaptureReader in the given chunk sizes (cycled); returns total payload bytes. */
function readChunked(
  bytes: Uint8Array,
  sizes: number[],
): { messages: number; payloadBytes: number } {
  const reader = new CaptureReader();
  let messages = 0;
  let payloadBytes = 0;
  const take = (list: { content: Uint8Array }[]) => {
    messages += list.length;
    for (const m of list) payloadBytes += m.content.byteLength;
  };
  for (let at = 0, i = 0; at < bytes.byteLength; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    take(reader.push(bytes.subarray(at, at + size)));
    at += size;
  }
  take(reader.end());
  return { messages, payloadBytes };
}

function mutate(
  bytes: Uint8Array,
  edits: { at: number; kind: number; value: number }[],
): Uint8Array {
  let out = bytes.slice();
  for (const e of edits) {
    const at = e.at % Math.max(1, out.byteLength);
    if (e.kind === 0) out[at] = e.value;
    else if (e.kind === 1) out = out.slice(0, at);
    else {
      const grown = new Uint8Array(out.byteLength + 1);
      grown.set(out.subarray(0, at));
      grown[at] = e.value;
      grown.set(out.subarray(at), at + 1);
      out = grown;
    }
  }
  return out;
}

describe('robustness', () => {
  it('never throws on random bytes behind a capture magic, in any chunking', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MAGICS),
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
        (magic, rest, sizes) => {
          const bytes = Uint8Array.from([...magic, ...rest]);
          const whole = readCaptureBuffer(bytes);
          const chunked = readChunked(bytes, sizes);
          expect(chunked.messages).toBe(whole.messages.length);
          // Nothing comes out that was not in: payloads never exceed the input.
          expect(chunked.payloadBytes).toBeLessThanOrEqual(bytes.byteLength);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on real captures with bytes flipped, cut or inserted, and chunking never changes the result', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...real),
        fc.array(
          fc.record({
            at: fc.nat(),
            kind: fc.integer({ min: 0, max: 2 }),
            value: fc.integer({ min: 0, max: 255 }),
          }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 5 }),
        (capture, edits, sizes) => {
          const bytes = mutate(capture, edits);
          const whole = readCaptureBuffer(bytes);
          const chunked = readChunked(bytes, sizes);
          expect(chunked.messages).toBe(whole.messages.length);
          expect(whole.messages.length).toBeLessThanOrEqual(40);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never throws on TCP segments in random order, with random overlaps and losses', () => {
    const stream = new TextEncoder().encode(invite(1) + ok(1) + invite(2) + ok(2));
    const client = { address: '10.0.0.1', port: 4000 };
    const server = { address: '10.0.0.2', port: 5060 };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            start: fc.nat({ max: stream.byteLength - 1 }),
            length: fc.integer({ min: 1, max: 900 }),
          }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.boolean(),
        (pieces, withSyn) => {
          const builder = new PacketBuilder();
          const frames = pieces.map((p) => ({
            epochMicros: T0,
            data: builder.frame({
              epochMicros: T0,
              src: client,
              dst: server,
              transport: 'TCP',
              payload: stream.subarray(p.start, p.start + p.length),
              tcp: { seq: 1000 + p.start },
            }),
          }));
          if (withSyn) {
            frames.unshift({
              epochMicros: T0,
              data: builder.frame({
                epochMicros: T0,
                src: client,
                dst: server,
                transport: 'TCP',
                payload: '',
                tcp: { seq: 999, flags: TCP_FLAGS.SYN },
              }),
            });
          }
          const result = readCaptureBuffer(writePcapRecords(frames));
          const out = result.messages.reduce((n, m) => n + m.content.byteLength, 0);
          const inBytes = pieces.reduce((n, p) => n + p.length, 0);
          expect(out).toBeLessThanOrEqual(inBytes);
          // Whatever comes out opens with a start line (a piece cut mid-word may still form one).
          for (const m of result.messages)
            expect(sipStartState(m.content, 0, m.content.byteLength)).not.toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('after a SYN, reads every segment order (with duplicates) into the same messages', () => {
    const texts = [invite(1), ok(1), invite(2), ok(2)];
    const stream = new TextEncoder().encode(texts.join(''));
    const client = { address: '10.0.0.1', port: 4000 };
    const server = { address: '10.0.0.2', port: 5060 };
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.byteLength - 1 }), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (cuts, order) => {
          const points = [0, ...[...cuts].sort((a, b) => a - b), stream.byteLength];
          const pieces: [number, number][] = [];
          for (let i = 0; i + 1 < points.length; i++)
            pieces.push([points[i] ?? 0, points[i + 1] ?? 0]);
          // Shuffle by the random keys, and repeat some pieces as retransmissions.
          const sent: [number, number][] = [
            ...pieces,
            ...order.slice(0, 4).map((k): [number, number] => pieces[k % pieces.length] ?? [0, 0]),
          ];
          const keyed = sent.map((p, i) => ({ p, key: order[i] ?? i }));
          keyed.sort((x, y) => x.key - y.key);
          const builder = new PacketBuilder();
          const frame = (payload: Uint8Array, seq: number, flags?: number) => ({
            epochMicros: T0,
            data: builder.frame({
              epochMicros: T0,
              src: client,
              dst: server,
              transport: 'TCP',
              payload,
              tcp: { seq, flags },
            }),
          });
          const frames = [
            frame(new Uint8Array(0), 999, TCP_FLAGS.SYN),
            ...keyed.map(({ p: [from, to] }) => frame(stream.subarray(from, to), 1000 + from)),
          ];
          const result = readCaptureBuffer(writePcapRecords(frames));
          expect(result.messages.map((m) => Buffer.from(m.content).toString('latin1'))).toEqual(
            texts,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads segments delivered in order, however they are cut, into the same messages', () => {
    const texts = [invite(1), ok(1), invite(2), ok(2)];
    const stream = new TextEncoder().encode(texts.join(''));
    const client = { address: '10.0.0.1', port: 4000 };
    const server = { address: '10.0.0.2', port: 5060 };
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.byteLength - 1 }), { maxLength: 30 }),
        (cuts) => {
          const points = [0, ...[...cuts].sort((a, b) => a - b), stream.byteLength];
          const builder = new PacketBuilder();
          const frames = [];
          for (let i = 0; i + 1 < points.length; i++) {
            const from = points[i] ?? 0;
            const to = points[i + 1] ?? 0;
            frames.push({
              epochMicros: T0,
              data: builder.frame({
                epochMicros: T0,
                src: client,
                dst: server,
                transport: 'TCP',
                payload: stream.subarray(from, to),
                tcp: { seq: 1000 + from },
              }),
            });
          }
          const result = readCaptureBuffer(writePcapRecords(frames));
          expect(result.messages.map((m) => Buffer.from(m.content).toString('latin1'))).toEqual(
            texts,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
