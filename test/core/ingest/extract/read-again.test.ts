/**
 * A pasted message keeps where its text can be made again (ReadAgain)
 * instead of the text: every sample paste, and pastes in the messy layouts
 * people send, must give each message's text back character for character,
 * and handing messages on as they are found (parseText) must find exactly
 * what collecting them does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ExtractResult,
  extractMessages,
} from '../../../../src/core/ingest/extract/extract-messages.js';
import { ReadAgain } from '../../../../src/core/ingest/extract/read-again.js';
import { parseText } from '../../../../src/core/ingest/parse-text.js';
import type { RawMessage } from '../../../../src/core/ingest/raw-message.js';
import { messageAt } from '../../../../src/core/sip/message-list.js';
import { materializeMessage, parseMessage } from '../../../../src/core/sip/parse-message.js';
import type { TextOrigin } from '../../../../src/core/sip/text-origin.js';

const dir = new URL('../../../fixtures/pastes/', import.meta.url);
const samples = readdirSync(dir)
  .filter((name) => !name.startsWith('.') && name !== 'README.md' && name !== 'expected.json')
  .map((name) => [name, readFileSync(new URL(name, dir), 'utf8')] as const);

const invite = (tag: string, body: string) => [
  `INVITE sip:bob@example.com SIP/2.0`,
  `Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-${tag}`,
  `From: <sip:alice@example.com>;tag=${tag}`,
  'To: <sip:bob@example.com>',
  `Call-ID: ${tag}@192.0.2.10`,
  'CSeq: 1 INVITE',
  'Content-Type: application/sdp',
  `Content-Length: ${body.length}`,
  '',
  body,
];

/** Pastes as people send them: log prefixes with other lines in between, CRLF kept, a cut last message. */
const messy: [string, string][] = [
  [
    'syslog prefixes, a foreign line inside a message',
    [
      ...invite('p1', 'v=0\r\n').map((l) => `Dec  4 10:00:01 sbc1 kamailio[811]: ${l}`),
      'Dec  4 10:00:01 sbc1 kamailio[811]: ERROR: <core> [tm] unrelated line',
      ...invite('p2', 'v=0\r\n').map((l) => `Dec  4 10:00:02 sbc1 kamailio[811]: ${l}`),
    ].join('\n'),
  ],
  [
    'pasted with CRLF, body bytes kept as pasted',
    invite('c1', 'v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\n').join('\r\n'),
  ],
  ['cut inside the body', invite('t1', 'v=0\r\ns=cut here and more').join('\n').slice(0, -8)],
  [
    'chat quote markers',
    invite('q1', '')
      .map((l) => `> ${l}`)
      .join('\n'),
  ],
];

/** The messages of `text` handed on as found, each with its origin, and the result. */
function handedOn(text: string): {
  found: { message: RawMessage<string>; origin: TextOrigin | undefined }[];
  result: ExtractResult;
} {
  const found: { message: RawMessage<string>; origin: TextOrigin | undefined }[] = [];
  const result = extractMessages(text, {}, (message, origin) => found.push({ message, origin }));
  return { found, result };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each([...samples, ...messy])('%s', (_name, text) => {
  const collected = extractMessages(text);
  const { found, result } = handedOn(text);

  it('hands on the same messages, format and problems as it collects', () => {
    expect(collected.messages.length).toBeGreaterThan(0);
    expect(found.map((f) => f.message)).toEqual(collected.messages);
    expect(result.messages).toEqual([]);
    expect(result.format).toBe(collected.format);
    expect(result.problems).toEqual(collected.problems);
    expect(result.skipped).toEqual(collected.skipped);
  });

  it("makes each message's text again, character for character, as often as asked", () => {
    for (const { message, origin } of found) {
      if (origin === undefined) continue;
      expect(origin).toBeInstanceOf(ReadAgain);
      expect(origin.text()).toBe(message.content);
      expect(origin.text()).toBe(message.content);
    }
  });

  it('gives parseText messages whose text and parse made again equal the first ones', () => {
    const parsed = parseText(text);
    expect(parsed.messages.length).toBe(collected.messages.length);
    collected.messages.forEach((raw, i) => {
      const m = messageAt(parsed.messages, i);
      expect(m?.text).toBe(raw.content);
      expect(m?.source).toEqual(raw.source);
      expect(m && materializeMessage(m.message)).toEqual(
        materializeMessage(parseMessage(raw.content)),
      );
    });
  });
});

describe('extractMessages handing messages on', () => {
  it('keeps what was handed on when the search fails part-way, and says so', () => {
    const text = samples.find(([name]) => name === 'sngrep.txt')?.[1] ?? '';
    const total = extractMessages(text).messages.length;
    expect(total).toBeGreaterThan(3);
    const taken: string[] = [];
    const result = extractMessages(text, {}, (message) => {
      if (taken.length === 2) throw new Error('a consumer bug');
      taken.push(message.content);
    });
    expect(taken).toHaveLength(2);
    expect(result.format).toBe('sngrep');
    expect(result.problems).toEqual([
      {
        severity: 'error',
        id: 'extract.internal',
        message:
          'The search for SIP messages stopped part-way (a consumer bug); the 2 found before that are kept, and the rest of the text was not searched. This is a bug in sip-triage: please report it.',
      },
    ]);
    // Failing on the first message: nothing was found, and the problem says so.
    const none = extractMessages(text, {}, () => {
      throw new Error('a consumer bug');
    });
    expect(none.messages).toEqual([]);
    expect(none.problems).toEqual([
      {
        severity: 'error',
        id: 'extract.internal',
        message:
          'The text could not be searched for SIP messages (a consumer bug). This is a bug in sip-triage: please report it.',
      },
    ]);
  });
});

describe('parseText', () => {
  it('keeps no pasted text: a message read again makes its text again each time', () => {
    const text = samples.find(([name]) => name === 'sngrep.txt')?.[1] ?? '';
    const parsed = parseText(text);
    const made = vi.spyOn(ReadAgain.prototype, 'text');
    const second = messageAt(parsed.messages, 1);
    expect(second?.text.startsWith('SIP/2.0 ') || second?.text.startsWith('INVITE ')).toBe(true);
    void second?.text;
    expect(made).toHaveBeenCalledTimes(2);
  });

  it("gives every message an origin, but tshark's frames, whose text comes from the dissection and is kept", () => {
    for (const [name, text] of samples) {
      const { found } = handedOn(text);
      const withOrigin = found.filter((f) => f.origin !== undefined).length;
      expect(withOrigin, name).toBe(name.startsWith('tshark') ? 0 : found.length);
    }
  });
});
