/**
 * The parser against hostile input: property tests over arbitrary strings,
 * arbitrary bytes and mutated real messages (never throws, output bounded,
 * every value readable), and pathological inputs that would expose
 * super-linear cost. The time limits are generous: they only catch
 * catastrophic backtracking or quadratic scans, not slow machines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNameAddr, parseNameAddrList } from '../../../src/core/sip/name-addr.js';
import { newParams, parseParams } from '../../../src/core/sip/params.js';
import {
  materializeMessage,
  parseMessage,
  type SipMessage,
} from '../../../src/core/sip/parse-message.js';
import { MAX_PROBLEMS } from '../../../src/core/sip/problem-collector.js';
import { splitTopLevel } from '../../../src/core/sip/split-values.js';
import type { SyntaxIssue } from '../../../src/core/sip/syntax-issue.js';
import { DEFAULT_LIMITS } from '../../../src/core/sip/types.js';
import { parseUri } from '../../../src/core/sip/uri.js';
import { parseVia } from '../../../src/core/sip/via.js';

const fixtures: Uint8Array[] = ['rfc4475', 'rfc5118'].flatMap((dir) => {
  const base = new URL(`../../fixtures/conformance/${dir}/`, import.meta.url);
  return readdirSync(base)
    .filter((f) => !f.endsWith('.md') && !f.endsWith('.json') && !f.startsWith('.'))
    .map((f) => new Uint8Array(readFileSync(new URL(f, base))));
});

/** Reads every value of a message, lazy ones included, and checks the bounds. */
function checkMessage(m: SipMessage, maxHeaderCount = DEFAULT_LIMITS.maxHeaderCount): void {
  expect(m.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
  expect(m.headers.length).toBeLessThanOrEqual(maxHeaderCount);
  expect(m.problems.some((p) => p.id === 'parser.internal')).toBe(false);
  for (const p of m.problems) {
    expect(['error', 'warning', 'note']).toContain(p.severity);
    expect(p.id).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.message.length).toBeLessThan(600);
  }
  expect(m.bodyBytes).toBeGreaterThanOrEqual(0);
  expect(m.body.length).toBeLessThanOrEqual(m.length);
  materializeMessage(m);
  for (const h of m.headers) {
    expect(m.header(h.name)).toBeDefined();
    m.values(h.key);
  }
}

/** One edit of a byte string: flip, insert, delete, duplicate or truncate. */
const edit = fc.oneof(
  fc.record({
    op: fc.constant('flip' as const),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ maxLength: 8 }),
  }),
  fc.record({
    op: fc.constant('insert-text' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '\r\n',
      '\n',
      ' ',
      ':',
      ';',
      ',',
      '"',
      '<',
      '>',
      '\\',
      '%',
      '[',
      ']',
      '@',
      '=',
      '\r\n ',
    ),
  }),
  fc.record({
    op: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({
    op: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(input: Uint8Array, e: Edit): Uint8Array {
  const at = input.length === 0 ? 0 : e.at % (input.length + 1);
  const before = input.subarray(0, at);
  const after = input.subarray(at);
  switch (e.op) {
    case 'flip': {
      const out = input.slice();
      if (at < out.length) out[at] = e.byte;
      return out;
    }
    case 'insert':
      return concat(before, e.bytes, after);
    case 'insert-text':
      return concat(before, new TextEncoder().encode(e.text), after);
    case 'delete':
      return concat(before, input.subarray(Math.min(input.length, at + e.length)));
    case 'duplicate':
      return concat(before, input.subarray(at, at + e.length), after);
    case 'truncate':
      return input.subarray(0, at);
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

describe('robustness: properties', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        checkMessage(parseMessage(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary strings that look a little like SIP', () => {
    const piece = fc.constantFrom(
      'INVITE sip:a@b SIP/2.0\r\n',
      'SIP/2.0 200 OK\r\n',
      'Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n',
      'v: ',
      'From: "x" <sip:a@[::1]:5060>;tag=',
      't: ',
      'Contact: *\r\n',
      'm: <sip:b@c;lr>;expires=',
      'CSeq: 1 INVITE\r\n',
      'Content-Length: ',
      'l: 5\r\n',
      '\r\n',
      '\r\n\r\n',
      ' ',
      ',',
      ';',
      '"',
      '<',
      '>',
      '%',
      ':',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(piece, fc.string({ maxLength: 10 })), { maxLength: 40 }),
        (parts) => {
          checkMessage(parseMessage(parts.join('')));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const m = parseMessage(bytes);
        checkMessage(m);
        expect(m.length).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated real messages, as bytes or as text, with small limits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: fixtures.length - 1 }),
        fc.array(edit, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (index, edits, asText) => {
          let bytes = fixtures[index] ?? new Uint8Array();
          for (const e of edits) bytes = applyEdit(bytes, e);
          const limits = { maxHeaderCount: 12, maxHeaderLength: 200 };
          checkMessage(parseMessage(asText ? latin1(bytes) : bytes, limits), limits.maxHeaderCount);
          checkMessage(parseMessage(bytes));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives the same result for a message as bytes and as the same text read one char per byte', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: fixtures.length - 1 }),
        fc.array(edit, { maxLength: 3 }),
        (index, edits) => {
          let bytes = fixtures[index] ?? new Uint8Array();
          for (const e of edits) bytes = applyEdit(bytes, e);
          const fromBytes = materializeMessage(parseMessage(bytes));
          const text = latin1(bytes);
          if (/[\u0080-\u00ff]/.test(text)) return; // a string counts those as two UTF-8 bytes
          expect(materializeMessage(parseMessage(text))).toEqual(fromBytes);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the value parsers never throw either', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const sink: SyntaxIssue[] = [];
        parseUri(text, sink);
        parseNameAddr(text, sink);
        parseNameAddrList(text, sink);
        parseVia(text, sink);
        parseParams(text, 0, newParams(), sink);
        expect(splitTopLevel(text).join(',').length).toBeLessThanOrEqual(text.length);
        expect(sink.length).toBeLessThanOrEqual(16 * 5);
      }),
      { numRuns: 300 },
    );
  });
});

/** Parses and returns the time taken; the assertion limit only catches runaway cost. */
function timed(input: string | Uint8Array): { m: SipMessage; ms: number } {
  const start = performance.now();
  const m = parseMessage(input);
  checkMessage(m);
  return { m, ms: performance.now() - start };
}

const LIMIT_MS = 5_000;
const HEAD = 'INVITE sip:bob@example.com SIP/2.0\r\n';
const TAIL = 'Call-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';

describe('robustness: pathological inputs finish', () => {
  it('a 1 MB header line', () => {
    const { m, ms } = timed(`${HEAD}X-Long: ${'a'.repeat(1_000_000)}\r\n${TAIL}`);
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(m.problems.some((p) => p.id === 'limits.header-length')).toBe(true);
    expect(m.callId).toBe('x');
  });

  it('a 1 MB header line within a raised limit', () => {
    const long = `${HEAD}Via: SIP/2.0/UDP h;branch=${'b'.repeat(1_000_000)}\r\nContact: <sip:${'u'.repeat(1_000_000)}@h>\r\n${TAIL}`;
    const start = performance.now();
    const m = parseMessage(long, { maxHeaderLength: 2_000_000 });
    expect(performance.now() - start).toBeLessThan(LIMIT_MS);
    expect(m.via[0]?.branch?.length).toBe(1_000_000);
    expect(m.contacts === '*' ? 0 : m.contacts.length).toBe(1);
  });

  it('100,000 commas or semicolons', () => {
    for (const value of [
      `Via: ${','.repeat(100_000)}`,
      `Via: SIP/2.0/UDP h${';'.repeat(100_000)}`,
      `Contact: ${','.repeat(100_000)}`,
      `Contact: <sip:a@b>${';'.repeat(100_000)}`,
      `Route: ${'<sip:a@b>,'.repeat(10_000)}`,
      `Allow: ${'A,'.repeat(50_000)}`,
      `To: <sip:a@b${';x'.repeat(50_000)}>`,
    ]) {
      const { m, ms } = timed(`${HEAD}${value}\r\n${TAIL}`);
      expect(ms).toBeLessThan(LIMIT_MS);
      m.routes;
      m.values('allow');
    }
  });

  it('thousands of unbalanced quotes and angle brackets', () => {
    for (const value of [
      `From: ${'"'.repeat(20_001)}<sip:a@b>`,
      `From: ${'<'.repeat(20_000)}`,
      `From: ${'>'.repeat(20_000)}`,
      `Contact: ${'"a,'.repeat(10_000)}`,
      `Contact: ${'<sip:a@b,'.repeat(10_000)}`,
      `Via: SIP/2.0/UDP h;x="${',;'.repeat(20_000)}`,
      `Route: ${'"<,'.repeat(20_000)}`,
    ]) {
      const { ms } = timed(`${HEAD}${value}\r\n${TAIL}`);
      expect(ms).toBeLessThan(LIMIT_MS);
    }
  });

  it('many headers whose values lack the characters searched for', () => {
    const contacts = Array.from({ length: 900 }, () => `Contact: "x ${'y'.repeat(60)}`).join(
      '\r\n',
    );
    const { m, ms } = timed(`${HEAD}${contacts}\r\n${TAIL}`);
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(m.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
  });

  it('100,000 headers', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `X-H${i}: ${i}`).join('\r\n');
    const { m, ms } = timed(`${HEAD}${many}\r\n${TAIL}`);
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(m.headers.length).toBe(DEFAULT_LIMITS.maxHeaderCount);
    expect(m.problems.some((p) => p.id === 'limits.header-count')).toBe(true);
    const folded = `${HEAD}X-Fold: a\r\n${' b\r\n'.repeat(100_000)}${TAIL}`;
    expect(timed(folded).ms).toBeLessThan(LIMIT_MS);
    const noColon = `${HEAD}${'no colon\r\n'.repeat(100_000)}${TAIL}`;
    expect(timed(noColon).ms).toBeLessThan(LIMIT_MS);
  });

  it('a NUL-filled body, as text and as bytes', () => {
    const body = '\u0000'.repeat(1_000_000);
    const text = `${HEAD}Content-Length: ${body.length}\r\n\r\n${body}`;
    const fromText = timed(text);
    expect(fromText.ms).toBeLessThan(LIMIT_MS);
    expect(fromText.m.bodyBytes).toBe(1_000_000);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    const fromBytes = timed(bytes);
    expect(fromBytes.ms).toBeLessThan(LIMIT_MS);
    expect(fromBytes.m.bodyBytes).toBe(1_000_000);
  });

  it('a long run of CRLFs and whitespace-only lines', () => {
    expect(timed('\r\n'.repeat(500_000)).ms).toBeLessThan(LIMIT_MS);
    expect(timed(`${HEAD}${' \r\n'.repeat(200_000)}${TAIL}`).ms).toBeLessThan(LIMIT_MS);
  });
});
