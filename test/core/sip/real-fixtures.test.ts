/**
 * The real Kamailio captures (test/fixtures/real) parsed every way the
 * product reads them: the pcap, the pcapng, the nanosecond pcap, and each
 * text rendering the tools made of the same capture. All of them must yield
 * the messages tshark decoded (expected.json), in order, with their
 * addresses, transport and times where the rendering carries them.
 */
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../src/core/ingest/parse-input.js';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import type { InputMessage } from '../../../src/core/sip/input-message.js';
import { formatEndpoint, summarizeMessage } from '../../../src/core/sip/message-summary.js';
import {
  type ExpectedHepMessage,
  type ExpectedMessage,
  fixtureBytes,
  loadExpected,
  plainCaptures,
  type RenderingKind,
} from '../../fixtures/real/load.js';

const expected = loadExpected();
const captures = plainCaptures(expected);

/** The identity of a message that every rendering must preserve. */
function key(m: InputMessage): string {
  const s = summarizeMessage(m);
  const start =
    s.kind === 'request' ? `${s.method} ${s.requestUri} SIP/2.0` : `SIP/2.0 ${s.code} ${s.reason}`;
  return `${start} | ${s.callId} | ${s.cseq?.seq} ${s.cseq?.method}`;
}

function expectedKey(m: ExpectedMessage | ExpectedHepMessage): string {
  return `${m.startLine} | ${m.callId} | ${m.cseq.replace(/\s+/g, ' ')}`;
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe.each(captures)('real capture %s', (_name, capture) => {
  const want = capture.messages.map(expectedKey);

  const readings: [label: string, file: string, chunkSize: number][] = [
    ['pcap', capture.pcap, 65_536],
    ['pcap in 1000-byte chunks', capture.pcap, 1000],
    ['pcapng', capture.pcapng, 4096],
  ];
  if (capture.pcapNanosecond) readings.push(['nanosecond pcap', capture.pcapNanosecond, 65_536]);
  it.each(readings)(
    '%s: every message, with addresses, transport and time',
    async (_label, file, chunkSize) => {
      const result = await parseInput(chunked(fixtureBytes(file), chunkSize));
      expect(result.messages.map(key)).toEqual(want);
      result.messages.forEach((m, i) => {
        const truth = capture.messages[i] as ExpectedMessage;
        expect(formatEndpoint(m.source.src)).toBe(truth.src);
        expect(formatEndpoint(m.source.dst)).toBe(truth.dst);
        expect(m.source.transport).toBe(truth.transport.toUpperCase());
        expect(Math.abs((m.source.epochMicros ?? 0) - Number(truth.time) * 1e6)).toBeLessThan(2);
        // Real traffic parses cleanly; the one deliberately broken MESSAGE (Content-Length 40,
        // 10 bytes of body) is the only message allowed an error, and it must get one.
        const errors = m.message.problems.filter((p) => p.severity === 'error');
        const lyingLength = (m.message.contentLength ?? 0) > m.message.bodyBytes;
        expect(errors.length > 0, `${truth.startLine} ${errors.map((p) => p.id).join(',')}`).toBe(
          lyingLength,
        );
      });
    },
  );

  const renderings = Object.entries(capture.renderings ?? {}) as [RenderingKind, string][];
  it.each(renderings.filter(([kind]) => kind !== 'sngrep'))(
    '%s rendering: the same messages in the same order',
    (_kind, file) => {
      const result = parseText(fixtureBytes(file).toString('utf8'));
      expect(result.messages.map(key)).toEqual(want);
    },
  );

  if (capture.renderings?.sngrep) {
    it('sngrep export: the same messages, dialog by dialog, minus what sngrep itself left out', () => {
      const result = parseText(fixtureBytes(capture.renderings?.sngrep ?? '').toString('utf8'));
      const missing = new Set(
        (capture.sngrep?.missing ?? []).map((m) => `${m.frame} ${m.startLine}`),
      );
      const wantFromSngrep = capture.messages
        .filter((m) => !missing.has(`${m.frame} ${m.startLine}`))
        .map(expectedKey)
        .sort();
      expect(result.messages.map(key).sort()).toEqual(wantFromSngrep);
    });
  }
});

describe('real HEPv3 capture', () => {
  const hepEntry = Object.entries(expected.captures).find(([, c]) => c.hepOf !== undefined);

  it('exists in the fixtures', () => {
    expect(hepEntry).toBeDefined();
  });

  it('decapsulates every mirrored message with the original addresses and time', async () => {
    const [, capture] = hepEntry ?? ['', undefined];
    if (!capture) return;
    const messages = capture.messages as ExpectedHepMessage[];
    const result = await parseInput(chunked(fixtureBytes(capture.pcap), 65_536));
    expect(result.messages.map(key)).toEqual(messages.map(expectedKey));
    result.messages.forEach((m, i) => {
      const truth = messages[i] as ExpectedHepMessage;
      expect(m.source.format).toBe('hep');
      expect(formatEndpoint(m.source.src)).toBe(truth.src);
      expect(formatEndpoint(m.source.dst)).toBe(truth.dst);
    });
  });
});
