/**
 * Captures recorded with dumpcap and tcpdump (pcapng on Ethernet-framed
 * loopback, nanosecond pcap, and pcap with Linux cooked v1 and v2 headers) (test/fixtures/captures, made
 * by make-captures.sh), checked against what tshark decoded from the same
 * files when they were made: every SIP message tshark saw, in the same
 * frame, with the same Call-ID, CSeq and time.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCaptureBuffer } from '../../../../src/core/ingest/capture/read-capture.js';
import { readInChunks, text } from './capture-helpers.js';

const dir = fileURLToPath(new URL('../../../fixtures/captures/', import.meta.url));

interface Seen {
  frame: number;
  callIds: string;
  cseqs: string;
  epochMicros: number;
}

/** tshark's "-T fields" lines: frame, Call-IDs, CSeqs (joined by |), frame.time_epoch. */
function tsharkSaw(name: string): Seen[] {
  return readFileSync(`${dir}${name}`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [frame = '', callIds = '', cseqs = '', epoch = ''] = line.split('\t');
      const [seconds = '0', fraction = ''] = epoch.split('.');
      return {
        frame: Number(frame),
        callIds,
        cseqs,
        epochMicros: Number(seconds) * 1_000_000 + Number(fraction.padEnd(6, '0').slice(0, 6)),
      };
    });
}

function header(message: string, name: string): string {
  return new RegExp(`^${name}: *(.*)$`, 'mi').exec(message)?.[1]?.trim() ?? '';
}

describe.each([
  ['lo-dumpcap.pcapng', 'pcapng', 'lo-dumpcap.tshark.tsv'],
  ['lo-tcpdump-nano.pcap', 'pcap', 'lo-tcpdump-nano.tshark.tsv'],
  ['any-tcpdump.pcap', 'pcap', 'any-tcpdump.tshark.tsv'],
  ['any-dumpcap.pcap', 'pcap', 'any-dumpcap.tshark.tsv'],
])('%s', (file, format, tsv) => {
  const bytes = readFileSync(`${dir}${file}`);
  const result = readCaptureBuffer(bytes);

  it('finds every SIP message tshark found, frame by frame', () => {
    const ours = new Map<number, { callIds: string[]; cseqs: string[]; epochMicros?: number }>();
    for (const m of result.messages) {
      if (m.source.format === 'hep') continue;
      const frame = m.source.frame ?? 0;
      const entry = ours.get(frame) ?? {
        callIds: [],
        cseqs: [],
        epochMicros: m.source.epochMicros,
      };
      entry.callIds.push(header(text(m), 'Call-ID'));
      entry.cseqs.push(header(text(m), 'CSeq'));
      ours.set(frame, entry);
    }
    const expected = tsharkSaw(tsv);
    expect(expected.length).toBeGreaterThan(15);
    expect(
      [...ours].map(([frame, e]) => ({
        frame,
        callIds: e.callIds.join('|'),
        cseqs: e.cseqs.join('|'),
        epochMicros: e.epochMicros,
      })),
    ).toEqual(expected);
  });

  it('reads the addresses, transports and the HEP-encapsulated messages', () => {
    expect(result.stats.format).toBe(format);
    expect(result.problems).toEqual([]);
    const byCallId = (id: string) =>
      result.messages.filter((m) => header(text(m), 'Call-ID') === id).map((m) => m.source);
    expect(
      byCallId('v6-big-invite').map((s) => [s.src?.address, s.dst?.address, s.transport]),
    ).toEqual([
      ['::1', '::1', 'UDP'],
      ['::1', '::1', 'UDP'],
      ['::1', '::1', 'UDP'],
    ]);
    expect(byCallId('tcp-big-invite').map((s) => [s.src?.port, s.dst?.port, s.transport])).toEqual([
      [expect.any(Number), 5098, 'TCP'],
      [5098, expect.any(Number), 'TCP'],
    ]);
    expect(byCallId('hep-invite')).toEqual([
      expect.objectContaining({
        format: 'hep',
        transport: 'UDP',
        src: { address: '192.0.2.1', port: 5060 },
        dst: { address: '192.0.2.2', port: 5060 },
        epochMicros: Date.UTC(2024, 0, 2, 3, 4, 5) * 1000 + 678,
      }),
      expect.objectContaining({
        format: 'hep',
        transport: 'TCP',
        src: { address: '2001:db8::2', port: 5061 },
        dst: { address: '2001:db8::1', port: 5062 },
      }),
    ]);
    // The UDP keep-alives and the "hello" datagrams were counted, not reported.
    expect(result.stats.skipped).toMatchObject({ keepalive: 2, nonSip: 2 });
  });

  it('reads the same when the file streams in small chunks', async () => {
    const streamed = await readInChunks(bytes, 333);
    expect(streamed.texts).toEqual(result.messages.map(text));
    expect(streamed.stats).toEqual(result.stats);
  });
});
