/**
 * What parseInput keeps of each message: the facts, and a full parse made
 * again on demand that must equal the first one, for messages from a
 * capture (bytes, body counted in bytes) and from a paste (text, body
 * counted in UTF-8 bytes).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../src/core/ingest/parse-input.js';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import { InputMessage, SESSION_TIMER_REASON } from '../../../src/core/sip/input-message.js';
import { KeptStrings } from '../../../src/core/sip/kept-strings.js';
import { MessageTable } from '../../../src/core/sip/message-table.js';
import { materializeMessage, parseMessage } from '../../../src/core/sip/parse-message.js';
import { TextOrigin } from '../../../src/core/sip/text-origin.js';
import { fixtureBytes, realFixturesDir } from '../../fixtures/real/load.js';
import { writePcap } from '../../support/capture/write-pcap.js';

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

const invite = (body: string, announced: number): string =>
  [
    'INVITE sip:bob@example.com SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-kept-1',
    'From: "Alice" <sip:alice@example.com>;tag=a1',
    'To: <sip:bob@example.com>',
    'Call-ID: kept-1@192.0.2.10',
    'CSeq: 7 INVITE',
    'Max-Forwards: 70',
    'Contact: <sip:alice@192.0.2.10:5060>',
    'Content-Type: text/plain',
    `Content-Length: ${announced}`,
    '',
    body,
  ].join('\r\n');

const trying = [
  'SIP/2.0 100 Trying',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-kept-1',
  'From: "Alice" <sip:alice@example.com>;tag=a1',
  'To: <sip:bob@example.com>',
  'Call-ID: kept-1@192.0.2.10',
  'CSeq: 7 INVITE',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('InputMessage', () => {
  it('keeps the facts a listing needs and shares one frozen empty problem list', () => {
    const result = parseText(`${invite('hi', 2)}\r\n${trying}`);
    expect(result.messages).toHaveLength(2);
    const [request, response] = result.messages;
    expect(request).toBeInstanceOf(InputMessage);
    expect(request).toMatchObject({
      kind: 'request',
      method: 'INVITE',
      requestUri: 'sip:bob@example.com',
      callId: 'kept-1@192.0.2.10',
      cseq: { seq: 7, method: 'INVITE' },
      fromTag: 'a1',
      toTag: undefined,
      branch: 'z9hG4bK-kept-1',
      viaTransport: 'UDP',
    });
    expect(response).toMatchObject({ kind: 'response', code: 100, reason: 'Trying' });
    expect(response?.problems).toEqual([]);
    expect(Object.isFrozen(response?.problems)).toBe(true);
  });

  it('parses a pasted message again to exactly the first parse (body counted in UTF-8 bytes)', () => {
    // "café" is 5 bytes in UTF-8: the announced length only fits when counted that way.
    const text = invite('café', 5);
    const kept = parseText(text).messages.at(0);
    expect(kept).toBeDefined();
    const again = kept?.message;
    const first = parseMessage(text, undefined, { eager: true });
    expect(again?.body).toBe('café');
    expect(again?.problems.filter((p) => p.id.startsWith('body.'))).toEqual([]);
    expect(materializeMessage(again ?? first)).toEqual(materializeMessage(first));
  });

  it('keeps a text origin instead of the text: made again on each read, source kept as given', () => {
    const text = invite('hello', 5);
    let made = 0;
    class Counted extends TextOrigin {
      text(): string {
        made++;
        return text;
      }
    }
    const table = new MessageTable({}, new KeptStrings());
    const source = { format: 'raw', line: 3 };
    const kept = InputMessage.add(table, source, parseMessage(text), text, new Counted());
    expect(made).toBe(0);
    expect(kept.input).toBe(text);
    expect(kept.text).toBe(text);
    expect(made).toBe(2);
    expect(kept.size).toBe(text.length);
    expect(kept.source).toBe(source);
    expect(kept.callId).toBe('kept-1@192.0.2.10');
    expect(kept.branch).toBe('z9hG4bK-kept-1');
    expect(materializeMessage(kept.message)).toEqual(materializeMessage(parseMessage(text)));
  });

  it('parses a captured message again to exactly the first parse (body counted in bytes)', async () => {
    const payload = new TextEncoder().encode(invite('café', 5));
    const pcap = writePcap([
      {
        epochMicros: 1_700_000_000_000_000,
        src: { address: '192.0.2.10', port: 5060 },
        dst: { address: '192.0.2.20', port: 5060 },
        transport: 'UDP',
        payload,
      },
    ]);
    const result = await parseInput(once(pcap));
    expect(result.input).toBe('pcap');
    const kept = result.messages.at(0);
    const first = parseMessage(payload, undefined, { eager: true });
    // Read from bytes, the body is 5 characters, one per byte (c, a, f, 0xC3, 0xA9).
    expect(first.bodyBytes).toBe(5);
    expect(kept?.message.body).toBe(first.body);
    expect(materializeMessage(kept?.message ?? first)).toEqual(materializeMessage(first));
  });

  it('gives every message of a real capture back as first parsed', async () => {
    const bytes = fixtureBytes('kamailio-call-failures.pcap');
    const result = await parseInput(once(bytes));
    expect(result.messages.length).toBeGreaterThan(10);
    for (const kept of result.messages) {
      const again = kept.message;
      expect(again.callId).toBe(kept.callId);
      expect(again.cseq).toEqual(kept.cseq);
      expect(again.via[0]?.branch).toBe(kept.branch);
      expect(again.problems).toEqual(kept.problems);
      expect(again.text).toBe(kept.text);
    }
  });
});

describe('InputMessage.size', () => {
  it('is the payload length in bytes for a capture and the text length for a paste', async () => {
    const text = invite('café', 5);
    expect(parseText(text).messages.at(0)?.size).toBe(text.length);
    const payload = new TextEncoder().encode(text);
    const pcap = writePcap([
      {
        epochMicros: 1_700_000_000_000_000,
        src: { address: '192.0.2.10', port: 5060 },
        dst: { address: '192.0.2.20', port: 5060 },
        transport: 'UDP',
        payload,
      },
    ]);
    const kept = (await parseInput(once(pcap))).messages.at(0);
    expect(kept?.size).toBe(payload.byteLength);
    expect(kept?.text.length).toBe(payload.byteLength);
  });
});

describe('InputMessage.has', () => {
  const marked = [
    'session-expires',
    'rseq',
    'reason',
    'warning',
    'www-authenticate',
    'proxy-authenticate',
    'x-call-id',
  ] as const;

  it('says whether a header is there exactly as the full parse does, on every real capture', async () => {
    const files = readdirSync(realFixturesDir).filter((f) => f.endsWith('.pcap'));
    expect(files.length).toBeGreaterThan(3);
    let seen = 0;
    for (const file of files) {
      for (const kept of (await parseInput(once(fixtureBytes(file)))).messages) {
        const again = kept.message;
        for (const name of marked) {
          expect(kept.has(name), `${file} ${name}`).toBe(again.header(name) !== undefined);
          if (kept.has(name)) seen += 1;
        }
      }
    }
    // The fixtures hold some of them (Reason, Warning, challenges): the check is not vacuous.
    expect(seen).toBeGreaterThan(0);
  });

  it('knows compact and mixed-case names, and a paste as well as a capture', () => {
    const text = invite('', 0).replace(
      'Max-Forwards: 70',
      'Max-Forwards: 70\r\nSESSION-EXPIRES: 1800\r\nx-Call-ID: leg-a@192.0.2.10',
    );
    const [kept] = parseText(text).messages;
    expect(kept?.has('session-expires')).toBe(true);
    expect(kept?.has('x-call-id')).toBe(true);
    expect(kept?.has('reason')).toBe(false);
  });

  it("knows whether the first Reason says the session timer ran out, as the full parse's header('reason') reads it", () => {
    const bye = (...reasons: string[]): string =>
      [
        'BYE sip:alice@192.0.2.10:5060 SIP/2.0',
        'Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-bye-1',
        'From: <sip:bob@example.com>;tag=b1',
        'To: "Alice" <sip:alice@example.com>;tag=a1',
        'Call-ID: kept-1@192.0.2.10',
        'CSeq: 2 BYE',
        ...reasons,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
    const cases: [string, boolean][] = [
      [bye('Reason: SIP;cause=408;text="Session timer expired"'), true],
      // Folded over lines: the value the parser unfolds is what counts.
      [bye('Reason: SIP;cause=408;\r\n text="Session\r\n\t timer ran out"'), true],
      [bye('Reason: Q.850;cause=16;text="Normal call clearing"'), false],
      // Only the first Reason, as header('reason') gives it.
      [bye('Reason: Q.850;cause=16', 'Reason: SIP;cause=408;text="session expired"'), false],
      [bye('Reason: SIP;cause=200;text="session-refresh failed"', 'Reason: Q.850;cause=16'), true],
      [bye(), false],
    ];
    for (const [text, expected] of cases) {
      const [kept] = parseText(text).messages;
      const reason = kept?.message.header('reason')?.value ?? '';
      expect(SESSION_TIMER_REASON.test(reason), text).toBe(expected);
      expect(kept?.sessionTimerReason, text).toBe(expected);
    }
  });

  it('knows it for a captured BYE too, and keeps every other fact of the message as it was', async () => {
    const text = invite('', 0)
      .replace('INVITE sip:bob@example.com SIP/2.0', 'BYE sip:bob@example.com SIP/2.0')
      .replace(
        'CSeq: 7 INVITE',
        'CSeq: 8 BYE\r\nReason: SIP;cause=408;text="Session timer expired"',
      );
    const pcap = writePcap([
      {
        epochMicros: 1_700_000_000_000_000,
        src: { address: '192.0.2.10', port: 5060 },
        dst: { address: '192.0.2.20', port: 5060 },
        transport: 'UDP',
        payload: text,
      },
    ]);
    const kept = (await parseInput(once(pcap))).messages.at(0);
    expect(kept?.sessionTimerReason).toBe(true);
    // The fact takes the sign bit of the packed facts: the others read as before.
    expect([kept?.kind, kept?.method, kept?.cseqSeq, kept?.has('reason')]).toEqual([
      'request',
      'BYE',
      8,
      true,
    ]);
    expect(kept?.source.transport).toBe('UDP');
  });
});
