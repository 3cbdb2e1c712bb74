/**
 * The columns an input keeps its messages' facts in (message-table.ts): what
 * goes in comes back out, field for field, across block boundaries, for
 * sources with and without each optional field, and for inputs that give
 * more distinct names than the table numbers.
 */
import { describe, expect, it } from 'vitest';
import { InputMessage } from '../../../src/core/sip/input-message.js';
import { MessageTable } from '../../../src/core/sip/message-table.js';
import { parseMessage } from '../../../src/core/sip/parse-message.js';
import type { MessageSource } from '../../../src/core/sip/types.js';
import { sip } from '../../helpers/sip-trace.js';

function request(n: number, method = 'OPTIONS'): string {
  return sip([
    `${method} sip:host-${n}@example.com SIP/2.0`,
    `Via: SIP/2.0/TCP 192.0.2.${n % 250}:5060;branch=z9hG4bK-t${n}`,
    `From: <sip:a@example.com>;tag=f${n}`,
    'To: <sip:b@example.com>',
    `Call-ID: table-${n}@192.0.2.1`,
    `CSeq: ${n + 1} ${method}`,
    'Max-Forwards: 70',
  ]);
}

function response(n: number, code: number, reason: string): string {
  return sip([
    `SIP/2.0 ${code} ${reason}`,
    `Via: SIP/2.0/UDP 192.0.2.${n % 250}:5060;branch=z9hG4bK-t${n}`,
    `From: <sip:a@example.com>;tag=f${n}`,
    `To: <sip:b@example.com>;tag=t${n}`,
    `Call-ID: table-${n}@192.0.2.1`,
    `CSeq: ${n + 1} OPTIONS`,
    'Reason: Q.850;cause=16',
  ]);
}

describe('MessageTable', () => {
  it('gives back every fact and source field of captured messages on both sides of block boundaries', () => {
    const table = new MessageTable();
    // A capture hands out one frozen Endpoint per address and port; a text, one per message.
    const shared = Object.freeze({ address: '198.51.100.7', port: 5080 });
    const sources: MessageSource[] = [];
    const messages: InputMessage[] = [];
    const count = 20_000; // more than two blocks of 8,192
    for (let n = 0; n < count; n++) {
      const text = n % 2 === 0 ? request(n) : response(n, 400 + (n % 200), `Reason ${n % 7}`);
      // Every other optional field absent somewhere, so that absence round-trips too.
      const source: MessageSource = {
        ...(n % 3 === 0 ? {} : { epochMicros: 1_700_000_000_000_000 + n * 1_500 }),
        ...(n % 5 === 0 ? { timestampText: `12:00:${String(n % 60).padStart(2, '0')}` } : {}),
        ...(n % 4 === 0
          ? {}
          : { src: n % 8 === 1 ? shared : { address: '192.0.2.1', port: 5060 } }),
        ...(n % 6 === 0 ? {} : { dst: { address: `2001:db8::${n % 9}` } }),
        ...(n % 7 === 0 ? {} : { transport: n % 2 === 0 ? 'TCP' : 'WSS' }),
        format: n % 2 === 0 ? 'pcap' : 'asterisk',
        ...(n % 2 === 0 ? { frame: n + 1 } : { line: n * 12 + 1 }),
        ...(n % 11 === 0 ? { truncated: true } : {}),
      };
      sources.push(source);
      // Captured payloads (bytes): their sources are taken apart into columns and put together again.
      const bytes = new TextEncoder().encode(text);
      messages.push(InputMessage.add(table, source, parseMessage(bytes), bytes));
    }
    expect(table.length).toBe(count);
    for (const n of [0, 1, 8_191, 8_192, 8_193, 16_383, 16_384, 19_999]) {
      const m = messages[n] as InputMessage;
      expect(m.source, `message ${n}`).toStrictEqual(sources[n]);
      if (n % 2 === 0) {
        expect(m).toMatchObject({
          kind: 'request',
          method: 'OPTIONS',
          requestUri: `sip:host-${n}@example.com`,
          callId: `table-${n}@192.0.2.1`,
          cseq: { seq: n + 1, method: 'OPTIONS' },
          fromTag: `f${n}`,
          toTag: undefined,
          branch: `z9hG4bK-t${n}`,
          viaTransport: 'TCP',
          code: undefined,
        });
        expect(m.has('reason')).toBe(false);
      } else {
        expect(m).toMatchObject({
          kind: 'response',
          method: undefined,
          code: 400 + (n % 200),
          reason: `Reason ${n % 7}`,
          toTag: `t${n}`,
          viaTransport: 'UDP',
        });
        expect(m.has('reason')).toBe(true);
      }
      expect(m.text).toBe(
        n % 2 === 0 ? request(n) : response(n, 400 + (n % 200), `Reason ${n % 7}`),
      );
    }
  });

  it('starts small for a paste of a few messages and grows as messages come', () => {
    // A bot holds many small diagnoses at once: each should not cost a whole block of columns.
    const table = new MessageTable();
    const text = request(1);
    const first = InputMessage.add(table, {}, parseMessage(text), text);
    const capacity = () => table.block(0).capacity;
    expect(capacity()).toBeLessThanOrEqual(64);
    for (let n = 2; n <= 5_000; n++) {
      const more = request(n);
      InputMessage.add(table, {}, parseMessage(more), more);
    }
    expect(capacity()).toBeGreaterThanOrEqual(5_000);
    expect(first.callId).toBe('table-1@192.0.2.1');
  });

  it('keeps the source of a message read from a text as it was given', () => {
    const table = new MessageTable();
    const source: MessageSource = { format: 'asterisk', line: 12, timestampText: '10:00:01' };
    const text = request(3);
    expect(InputMessage.add(table, source, parseMessage(text), text).source).toBe(source);
  });

  it('keeps names past the ones it numbers, and the problems of the messages that have any', () => {
    const table = new MessageTable();
    // 70,000 distinct methods: more than the 65,534 names a 16-bit column numbers.
    const methods = Array.from({ length: 70_000 }, (_, n) => `X${n.toString(36).toUpperCase()}`);
    const messages = methods.map((method, n) => {
      const text = request(n, method);
      return InputMessage.add(table, {}, parseMessage(text), text);
    });
    for (const n of [0, 65_533, 65_534, 65_535, 69_999])
      expect([messages[n]?.method, messages[n]?.cseqMethod]).toEqual([methods[n], methods[n]]);

    const broken = 'INVITE sip:bob@example.com SIP/2.0\r\nCSeq: x INVITE\r\n\r\n';
    const bad = InputMessage.add(table, {}, parseMessage(broken), broken);
    expect(bad.problems.length).toBeGreaterThan(0);
    expect(bad.problems).toEqual(parseMessage(broken).problems);
    // An unknown method is a note on each of those messages; a standard request has none.
    expect(messages[69_999]?.problems.map((p) => p.id)).toEqual(['method.unknown']);
    const plain = request(1);
    expect(InputMessage.add(table, {}, parseMessage(plain), plain).problems).toEqual([]);
  });
  it('knows which messages carry an SDP body, as their full parse says', () => {
    const table = new MessageTable();
    const sdp = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n';
    const invite = (type: string | undefined, body: string) =>
      sip(
        [
          'INVITE sip:bob@example.com SIP/2.0',
          'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-sdp',
          'From: <sip:a@example.com>;tag=f',
          'To: <sip:b@example.com>',
          'Call-ID: sdp@192.0.2.1',
          'CSeq: 1 INVITE',
          ...(type === undefined ? [] : [`Content-Type: ${type}`]),
        ],
        body,
      );
    const cases: [string | undefined, string, boolean][] = [
      ['application/sdp', sdp, true],
      ['Application/SDP; charset=utf-8', sdp, true],
      ['application/sdp', '', false],
      ['text/plain', 'hello', false],
      [undefined, sdp, false],
    ];
    for (const [type, body, expected] of cases) {
      const text = invite(type, body);
      const parsed = parseMessage(text);
      // The rule this bit stands for, on the full parse.
      expect(parsed.bodyBytes > 0 && (parsed.contentType ?? '').includes('sdp')).toBe(expected);
      expect(InputMessage.add(table, {}, parsed, text).hasSdp).toBe(expected);
    }
  });
});
