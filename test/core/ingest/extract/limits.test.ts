/**
 * Limits and robustness: the input and message limits become problems, and
 * no input (random text, mangled sample pastes, wrong types) makes the
 * extractor throw or return more than the input can hold.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractMessages } from '../../../../src/core/ingest/extract/extract-messages.js';
import { cutToUtf8Bytes, utf8Length } from '../../../../src/core/ingest/extract/text-bytes.js';
import { invite, lf, response } from './sample-messages.js';

const pastesDir = new URL('../../../fixtures/pastes/', import.meta.url);
const pastes = readdirSync(pastesDir)
  .filter((name) => name !== 'expected.json' && !name.startsWith('.'))
  .map((name) => readFileSync(new URL(name, pastesDir), 'utf8'));

describe('UTF-8 byte counting', () => {
  it('counts and cuts by UTF-8 bytes without splitting a character', () => {
    const text = 'aé😀z';
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    expect(utf8Length('\ud800x')).toBe(4);
    expect([0, 1, 2, 3, 4, 6, 7, 8].map((n) => cutToUtf8Bytes(text, n))).toEqual([
      '',
      'a',
      'a',
      'aé',
      'aé',
      'aé',
      'aé😀',
      'aé😀z',
    ]);
  });
});

describe('limits', () => {
  const three = lf(invite() + response('100 Trying') + response('486 Busy Here'));

  it('reads only the first maxInputBytes and says so', () => {
    const limit = three.indexOf('SIP/2.0 486');
    const result = extractMessages(three, { maxInputBytes: limit });
    expect(result.messages).toHaveLength(2);
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'warning', id: 'input.limit' }),
    ]);
    expect(result.problems[0]?.message).toContain(String(limit));
  });

  it('flags the message the input limit cut through', () => {
    const result = extractMessages(three, { maxInputBytes: three.indexOf('a=rtpmap') });
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]?.source.truncated).toBe(true);
    expect(result.problems.map((p) => p.id)).toEqual(['input.limit', 'extract.truncated']);
  });

  it('takes at most maxMessages and says there were more', () => {
    const result = extractMessages(three.repeat(4), { maxMessages: 5 });
    expect(result.messages).toHaveLength(5);
    expect(result.problems).toEqual([expect.objectContaining({ id: 'input.limit' })]);
  });

  it('says nothing when the limit is exactly met', () => {
    expect(extractMessages(three, { maxMessages: 3 }).problems).toEqual([]);
  });

  it('counts messages in JSON exports and ngrep payloads against the limit too', () => {
    const records = JSON.stringify(
      [invite(), response('100 Trying'), response('180 Ringing')].map((raw) => ({ raw })),
    );
    expect(extractMessages(records, { maxMessages: 2 }).messages).toHaveLength(2);
    const ngrep = pastes.find((p) => p.includes('  INVITE sip:')) ?? '';
    expect(extractMessages(ngrep, { maxMessages: 1 }).messages).toHaveLength(1);
  });

  it('falls back to the defaults for limits that make no sense', () => {
    for (const bad of [0, -1, Number.NaN]) {
      expect(
        extractMessages(three, { maxInputBytes: bad, maxMessages: bad }).messages,
      ).toHaveLength(3);
    }
  });
});

describe('never throws', () => {
  const checkBounded = (text: string): void => {
    const result = extractMessages(text, { maxMessages: 50 });
    expect(result.messages.length).toBeLessThanOrEqual(50);
    for (const m of result.messages) {
      expect(typeof m.content).toBe('string');
      expect(m.content.length).toBeGreaterThan(0);
    }
    expect(typeof result.format).toBe('string');
  };

  it('on arbitrary text, including lone surrogates and control characters', () => {
    // Built from UTF-16 code units (fast to generate): ASCII-heavy, any unit possible.
    const text = fc
      .array(fc.oneof(fc.integer({ min: 0, max: 127 }), fc.integer({ min: 0, max: 0xffff })), {
        maxLength: 400,
      })
      .map((units) => String.fromCharCode(...units));
    fc.assert(fc.property(text, checkBounded), { numRuns: 500 });
  });

  it('on text built from SIP-like pieces', () => {
    const piece = fc.constantFrom(
      'INVITE sip:a@b SIP/2.0',
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP x',
      'Content-Length: 5',
      'l: 99999999999',
      'Call-ID: 1',
      '',
      '> ',
      '```',
      '   ------------------------------------------------------------------------',
      'recv 10 bytes from udp/[192.0.2.1]:5060 at 10:00:00.1:',
      'U 192.0.2.1:5060 -> 192.0.2.2:5060 #1',
      '  INVITE sip:a@b SIP/2.0..Via: x....',
      '10:00:00.1 IP 192.0.2.1.5060 > 192.0.2.2.5060: SIP, length: 1',
      'Frame 1: 1 bytes on wire',
      'Session Initiation Protocol (INVITE)',
      '    Message Body',
      '<--- SIP read from UDP:192.0.2.1:5060 --->',
      '{"raw":"INVITE sip:a@b SIP/2.0\\r\\nVia: x\\r\\n"}',
      '{"log":"SIP/2.0 200 OK\\r\\n","time":"x"}',
      '#015#012',
    );
    const text = fc
      .array(fc.oneof(piece, fc.string({ maxLength: 20 })), { maxLength: 60 })
      .map((parts) => parts.join('\n'));
    fc.assert(fc.property(text, checkBounded), { numRuns: 300 });
  });

  it('on sample pastes cut, spliced and with lines dropped or repeated', () => {
    const mutated = fc
      .tuple(
        fc.constantFrom(...pastes),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('cut', 'drop', 'repeat', 'splice', 'crlf'),
      )
      .map(([paste, a, b, how]) => {
        const lines = paste.split('\n');
        const i = a % Math.max(1, lines.length);
        const j = b % Math.max(1, lines.length);
        if (how === 'cut') return paste.slice(0, a % (paste.length + 1));
        if (how === 'drop')
          return [...lines.slice(0, Math.min(i, j)), ...lines.slice(Math.max(i, j))].join('\n');
        if (how === 'repeat')
          return [...lines.slice(0, i), ...lines.slice(i, j + 1), ...lines.slice(i)].join('\n');
        if (how === 'splice')
          return paste.slice(0, a % (paste.length + 1)) + (pastes[b % pastes.length] ?? '');
        return paste.replace(/\n/g, '\r\n');
      });
    fc.assert(fc.property(mutated, checkBounded), { numRuns: 300 });
  });

  it('when handed something that is not a string', () => {
    for (const value of [undefined, null, 42, {}, ['INVITE']]) {
      expect(extractMessages(value as unknown as string)).toEqual({
        messages: [],
        format: 'none',
        problems: [],
      });
    }
  });
});
