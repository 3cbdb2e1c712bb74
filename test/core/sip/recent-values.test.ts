/**
 * Checks done lately (the Request-URI, clean Contact values) are handed to
 * later messages carrying the same text: the result must be what a fresh
 * parse gives, a shared Request-URI must be frozen, and a value with issues
 * must be checked again so its problems carry the right message's lines.
 * Via, From, To and CSeq are each message's own.
 */
import { describe, expect, it } from 'vitest';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import { forgetRecentContacts } from '../../../src/core/sip/contacts.js';
import { materializeMessage, parseMessage } from '../../../src/core/sip/parse-message.js';
import { ParserState } from '../../../src/core/sip/parser-state.js';
import { forgetRecentValues } from '../../../src/core/sip/read-structured-headers.js';
import { fixtureBytes } from '../../fixtures/real/load.js';

/** One state for the messages of each test, as parseText keeps one per input. */
const state = new ParserState();

function forgetAll(): void {
  forgetRecentValues(state);
  forgetRecentContacts(state);
}

const request = (extra = ''): string =>
  [
    'INVITE sip:bob@example.com SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-recent-1;rport',
    'From: "Alice" <sip:alice@example.com;user=phone>;tag=a1',
    'To: <sip:bob@example.com>',
    'Call-ID: recent-1@192.0.2.10',
    'CSeq: 1 INVITE',
    'Max-Forwards: 70',
    'Contact: <sip:alice@192.0.2.10:5060>;expires=60',
    ...(extra ? [extra] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

describe('checks shared between messages', () => {
  it('gives every message of a real trace exactly what a fresh parse gives', () => {
    const texts = parseText(
      fixtureBytes('kamailio-call-failures.raw.txt').toString('utf8'),
    ).messages.map((m) => m.text);
    expect(texts.length).toBeGreaterThan(10);
    forgetAll();
    const remembered = texts.map((t) =>
      materializeMessage(parseMessage(t, undefined, { eager: true, state })),
    );
    const fresh = texts.map((t) => {
      forgetAll();
      return materializeMessage(parseMessage(t, undefined, { eager: true, state }));
    });
    expect(remembered).toEqual(fresh);
  });

  it('hands the same frozen Request-URI to a request that repeats it, and its own Via, From and CSeq', () => {
    forgetAll();
    const first = parseMessage(request(), undefined, { state });
    const second = parseMessage(request('Subject: again'), undefined, { state });
    expect(second.parsedRequestUri).toBe(first.parsedRequestUri);
    for (const value of [
      second.parsedRequestUri,
      second.parsedRequestUri?.params,
      second.parsedRequestUri?.headers,
    ]) {
      expect(Object.isFrozen(value)).toBe(true);
    }
    expect(() => {
      (second.parsedRequestUri?.params as Record<string, string>).user = 'changed';
    }).toThrow(TypeError);
    // The values every reader reads are each message's own, and never frozen.
    expect(second.from).not.toBe(first.from);
    expect(second.from).toEqual(first.from);
    expect(second.via[0]).not.toBe(first.via[0]);
    expect(second.via).toEqual(first.via);
    expect(second.cseq).not.toBe(first.cseq);
    expect(second.cseq).toEqual(first.cseq);
    for (const value of [second.from, second.from?.params, second.via[0], second.cseq])
      expect(Object.isFrozen(value)).toBe(false);
  });

  it('parses a value with issues again, so each message reports it on its own line', () => {
    forgetAll();
    const bad = 'Contact: <sip:alice@192.0.2.10:5060>;expires=soon';
    const one = parseMessage(request(bad), undefined, { state });
    const two = parseMessage(request(`Subject: x\r\n${bad}`), undefined, { state });
    const lineOf = (m: ReturnType<typeof parseMessage>) =>
      m.problems.find((p) => p.id === 'contact.expires-malformed')?.line;
    expect(lineOf(one)).toBe(9);
    expect(lineOf(two)).toBe(10);
  });

  it('gives the same values whatever the order of the calls (interleaved, reversed)', () => {
    const texts = parseText(
      fixtureBytes('kamailio-call-failures.raw.txt').toString('utf8'),
    ).messages.map((m) => m.text);
    const half = Math.ceil(texts.length / 2);
    const interleaved: string[] = [];
    for (let i = 0; i < half; i++) {
      interleaved.push(texts[i] as string);
      if (half + i < texts.length) interleaved.push(texts[half + i] as string);
    }
    for (const order of [interleaved, [...texts].reverse(), [...texts, ...texts]]) {
      forgetAll();
      const remembered = order.map((t) =>
        materializeMessage(parseMessage(t, undefined, { eager: true, state })),
      );
      const fresh = order.map((t) =>
        materializeMessage(parseMessage(t, undefined, { eager: true, state: new ParserState() })),
      );
      expect(remembered).toEqual(fresh);
    }
  });

  it('reports the URI issues of a From and To two messages repeat in each, on its own line', () => {
    forgetAll();
    const broken = request()
      .replace('<sip:alice@example.com;user=phone>', '<sip:al ice@example.com;user=phone>')
      .replace('To: <sip:bob@example.com>', 'To: <sip:bob@exa%mple.com>');
    const moved = broken.replace('SIP/2.0\r\n', 'SIP/2.0\r\nSubject: x\r\n');
    const one = parseMessage(broken, undefined, { state });
    // The second reads the URIs before its problems: reading a value adds no problem.
    const two = parseMessage(moved, undefined, { state });
    expect(two.from?.uri?.host).toBe('example.com');
    expect(two.to?.uri?.user).toBe('bob');
    const where = (m: ReturnType<typeof parseMessage>, shift: number) =>
      m.problems
        .filter((p) => /^(from|to)\./.test(p.id))
        .map((p) => `${p.id}@${(p.line ?? 0) + shift}`)
        .sort();
    expect(where(one, 0)).toEqual(['from.uri-char@3', 'to.uri-char@4']);
    expect(where(two, 0)).toEqual(where(one, 1));
    // What a message parsed on its own reports.
    const alone = parseMessage(moved, undefined, { state: new ParserState() });
    expect(two.problems).toEqual(alone.problems);
  });

  it('reports a Via, From or CSeq with issues in every message of a call, on its own line', () => {
    forgetAll();
    const broken = request()
      .replace('branch=z9hG4bK-recent-1;rport', 'branch=z9hG4bK-recent-1;rport=x')
      .replace(';tag=a1', ';tag=')
      .replace('CSeq: 1 INVITE', 'CSeq: 99999999999 INVITE');
    // The second message has one more line above them.
    const moved = broken.replace('SIP/2.0\r\n', 'SIP/2.0\r\nSubject: x\r\n');
    const one = parseMessage(broken, undefined, { state });
    const two = parseMessage(moved, undefined, { state });
    const where = (m: ReturnType<typeof parseMessage>, shift: number) =>
      m.problems
        .filter((p) => /^(via|from|cseq)\./.test(p.id))
        .map((p) => `${p.id}@${(p.line ?? 0) + shift}`)
        .sort();
    expect(where(one, 0)).toHaveLength(3);
    expect(where(two, 0)).toEqual(where(one, 1));
  });
});
