/**
 * Scale and pathological input. The time bounds are generous on purpose:
 * they only catch quadratic or catastrophic behaviour, not a slow machine
 * (a 5 MB paste takes tens of milliseconds on a laptop).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMessages } from '../../../../src/core/ingest/extract/extract-messages.js';
import { invite, lf, response } from './sample-messages.js';

const pastesDir = new URL('../../../fixtures/pastes/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', pastesDir), 'utf8')) as Record<
  string,
  { messages: unknown[] }
>;
const textPastes = readdirSync(pastesDir).filter(
  (name) => name in expected && name !== 'homer.json',
);

const MB = 1024 * 1024;
const GENEROUS_MS = 3000;

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

describe('a 5 MB paste', () => {
  it('of every text format mixed is extracted completely and quickly', () => {
    const parts: string[] = [];
    let size = 0;
    let want = 0;
    while (size < 5 * MB) {
      for (const name of textPastes) {
        const text = readFileSync(new URL(name, pastesDir), 'utf8');
        parts.push(text);
        size += text.length;
        want += expected[name]?.messages.length ?? 0;
      }
    }
    const paste = parts.join('\n');
    extractMessages(paste.slice(0, MB));
    const { value, ms } = timed(() => extractMessages(paste));
    expect(value.messages).toHaveLength(want);
    expect(value.problems).toEqual([]);
    expect(ms).toBeLessThan(GENEROUS_MS);
  });
});

describe('a 5 MB LF-only paste read after pastes with CRLF', () => {
  it('stays fast once the code was tuned on other input', () => {
    extractMessages(invite().repeat(2000));
    const dialog = lf(invite() + response('100 Trying') + response('486 Busy Here'));
    const paste = dialog.repeat(Math.ceil((5 * MB) / dialog.length));
    const { value, ms } = timed(() => extractMessages(paste));
    expect(value.messages).toHaveLength(3 * Math.ceil((5 * MB) / dialog.length));
    // Tens of milliseconds normally; a cliff in the compiled line splitter once made it seconds.
    expect(ms).toBeLessThan(GENEROUS_MS / 2);
  });
});

describe('pathological lines finish', () => {
  const cases: [string, () => string][] = [
    ['one 1 MB line of ">"', () => '>'.repeat(MB)],
    ['50,000 lines of ">>>>>>>>"', () => '>>>>>>>>\n'.repeat(50_000)],
    [
      'a start line behind a 1 MB prefix of words',
      () => `${'a '.repeat(MB / 2)}INVITE sip:bob@example.com SIP/2.0\nVia: x\nCall-ID: 1\n`,
    ],
    ['a 1 MB line of "SIP/2.0 "', () => 'SIP/2.0 '.repeat(MB / 8)],
    [
      '25,000 start lines with nothing after them',
      () => 'INVITE sip:bob@example.com SIP/2.0\nnot a header\n'.repeat(25_000),
    ],
    [
      '25,000 start lines behind log prefixes, each line looking like a header after a shorter prefix',
      () =>
        'Nov 24 10:00:00 h p[1]: x INVITE sip:b@e SIP/2.0\nNov 24 10:00:01 h q[2]: y\n'.repeat(
          25_000,
        ),
    ],
    [
      'a 1 MB ngrep payload of dots',
      () => `U 192.0.2.1:5060 -> 192.0.2.2:5060\n  SIP/2.0 200 OK${'.'.repeat(MB)}\n`,
    ],
    ['50,000 ngrep packet headers', () => 'U 192.0.2.1:5060 -> 192.0.2.2:5060 #1\n'.repeat(50_000)],
    [
      'a tshark frame of 50,000 items',
      () =>
        `Frame 1: 1 bytes on wire\n${'    Arrival Time: Nov 24, 2026 10:00:00.1 UTC\n'.repeat(50_000)}`,
    ],
    [
      'a message with 50,000 headers',
      () => `${lf(response('200 OK')).replace('\n\n', '\n')}${'X-H: v\n'.repeat(50_000)}\n`,
    ],
    [
      'a 1 MB header line',
      () => lf(invite()).replace('Max-Forwards: 70', `X-Long: ${'a;'.repeat(MB / 2)}`),
    ],
    ['25,000 lines of broken JSON', () => '{"raw": "SIP/2.0 200 OK\\r\\n\n'.repeat(25_000)],
    ['a 1 MB line of rsyslog escapes', () => `x SIP/2.0 200 OK${'#015#012'.repeat(MB / 8)}`],
    [
      '1 MB of start lines without a line end',
      () => 'INVITE sip:bob@example.com SIP/2.0 '.repeat(30_000),
    ],
    [
      'a prefixed message with a 64 KB prefix on every line',
      () =>
        lf(invite())
          .split('\n')
          .map((l) => `${'p'.repeat(MB / 16)}: ${l}`)
          .join('\n'),
    ],
  ];

  it.each(cases)('%s', (_name, build) => {
    const text = build();
    const { value, ms } = timed(() => extractMessages(text));
    expect(ms).toBeLessThan(GENEROUS_MS);
    expect(value.messages.length).toBeLessThanOrEqual(2);
  });
});
