/** Shared helpers for the capture reader tests: sample SIP messages and reading in odd chunk sizes. */

import {
  type CaptureStats,
  readCapture,
  readCaptureBuffer,
} from '../../../../src/core/ingest/capture/read-capture.js';
import type { RawMessage } from '../../../../src/core/ingest/raw-message.js';
import type { SipLimits } from '../../../../src/core/sip/types.js';

export const T0 = 1_700_000_000_000_000;

/** A request with a body of exactly `body` bytes and a matching Content-Length. */
export function invite(n: number, body = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n'): string {
  return [
    `INVITE sip:bob@biloxi.example.com SIP/2.0`,
    `Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK${n}`,
    `Max-Forwards: 70`,
    `From: Alice <sip:alice@atlanta.example.com>;tag=${n}`,
    `To: Bob <sip:bob@biloxi.example.com>`,
    `Call-ID: call-${n}@atlanta.example.com`,
    `CSeq: ${n} INVITE`,
    `Content-Type: application/sdp`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

export function ok(n: number): string {
  return [
    `SIP/2.0 200 OK`,
    `Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK${n}`,
    `From: Alice <sip:alice@atlanta.example.com>;tag=${n}`,
    `To: Bob <sip:bob@biloxi.example.com>;tag=b${n}`,
    `Call-ID: call-${n}@atlanta.example.com`,
    `CSeq: ${n} INVITE`,
    `Content-Length: 0`,
    '',
    '',
  ].join('\r\n');
}

export function text(m: RawMessage<Uint8Array>): string {
  return Buffer.from(m.content).toString('latin1');
}

export interface ReadResult {
  messages: RawMessage<Uint8Array>[];
  texts: string[];
  stats: CaptureStats;
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.slice(i, i + size);
}

/** Streams the bytes through readCapture in chunks of `size` bytes. */
export async function readInChunks(
  bytes: Uint8Array,
  size: number,
  limits?: Partial<SipLimits>,
): Promise<ReadResult> {
  let stats: CaptureStats | undefined;
  const messages: RawMessage<Uint8Array>[] = [];
  for await (const m of readCapture(chunked(bytes, size), {
    limits,
    onStats: (s) => (stats = s),
  })) {
    // Copy: a payload may be a view of the chunk it arrived in.
    messages.push({ content: m.content.slice(), source: m.source });
  }
  if (!stats) throw new Error('onStats was not called');
  return { messages, texts: messages.map(text), stats };
}

/** Chunk sizes every capture is read with: byte by byte, odd, and whole. */
export const CHUNK_SIZES = [1, 7, Number.MAX_SAFE_INTEGER] as const;

/**
 * Reads the capture in every chunk size (and with readCaptureBuffer),
 * checks all readings agree, and returns one of them.
 */
export async function readAllWays(
  bytes: Uint8Array,
  limits?: Partial<SipLimits>,
): Promise<ReadResult> {
  const whole = readCaptureBuffer(bytes, { limits });
  const reference: ReadResult = {
    messages: whole.messages,
    texts: whole.messages.map(text),
    stats: whole.stats,
  };
  for (const size of CHUNK_SIZES) {
    const result = await readInChunks(bytes, size, limits);
    if (JSON.stringify(result.texts) !== JSON.stringify(reference.texts)) {
      throw new Error(`chunk size ${size} read different messages`);
    }
    if (
      JSON.stringify(result.messages.map((m) => m.source)) !==
      JSON.stringify(reference.messages.map((m) => m.source))
    ) {
      throw new Error(`chunk size ${size} read different sources`);
    }
    if (JSON.stringify(result.stats) !== JSON.stringify(reference.stats)) {
      throw new Error(
        `chunk size ${size} gave different stats: ${JSON.stringify(result.stats)} vs ${JSON.stringify(reference.stats)}`,
      );
    }
  }
  return reference;
}
