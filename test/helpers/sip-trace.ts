/**
 * Hand-written traces for the diagnosis tests: SIP messages with who sent
 * them to whom and when, written as a real pcap and read back through
 * parseInput, so the tests take the product's own path.
 */

import { type ParseInputResult, parseInput } from '../../src/core/ingest/parse-input.js';
import { writePcap } from '../support/capture/write-pcap.js';

export interface Hop {
  /** "10.0.0.1:5060" */
  from: string;
  to: string;
  /** Milliseconds after the start of the trace. */
  at: number;
  text: string;
}

const START_MICROS = Date.UTC(2026, 10, 24, 9, 0, 0) * 1000;

function endpoint(text: string): { address: string; port: number } {
  const colon = text.lastIndexOf(':');
  return { address: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
}

/** A SIP message from its lines (start line and headers) and body; Content-Length is added. */
export function sip(lines: readonly string[], body = ''): string {
  const length = new TextEncoder().encode(body).byteLength;
  return `${[...lines, `Content-Length: ${length}`].join('\r\n')}\r\n\r\n${body}`;
}

export async function traceOf(hops: readonly Hop[]): Promise<ParseInputResult> {
  const bytes = writePcap(
    hops.map((h) => ({
      epochMicros: START_MICROS + Math.round(h.at * 1000),
      src: endpoint(h.from),
      dst: endpoint(h.to),
      transport: 'UDP' as const,
      payload: new TextEncoder().encode(h.text),
    })),
  );
  async function* once(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  return parseInput(once());
}

/** The usual dialog headers for a call from alice to bob. */
export function dialogHeaders(options: {
  branch: string;
  cseq: string;
  callId?: string;
  toTag?: string;
  via?: string;
  extra?: readonly string[];
}): string[] {
  return [
    `Via: ${options.via ?? `SIP/2.0/UDP 192.0.2.10:5060;branch=${options.branch}`}`,
    'From: "Alice" <sip:alice@example.com>;tag=alice-1',
    `To: <sip:+14155550100@example.com>${options.toTag ? `;tag=${options.toTag}` : ''}`,
    `Call-ID: ${options.callId ?? 'call-1@192.0.2.10'}`,
    `CSeq: ${options.cseq}`,
    ...(options.extra ?? []),
  ];
}

export const OFFER = [
  'v=0',
  'o=alice 1 1 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 40000 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
].join('\r\n');
