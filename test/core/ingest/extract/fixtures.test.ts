/**
 * Every sample paste under test/fixtures/pastes (real tshark, tcpdump and
 * ngrep output of one dialog; the others written the way each tool prints)
 * against its entry in expected.json: how many messages, their start lines,
 * addresses, transport and time, the rebuilt text, and body framing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMessages } from '../../../../src/core/ingest/extract/extract-messages.js';
import { parseMessage } from '../../../../src/core/sip/parse-message.js';
import { hasWireLineEnds, splitWireMessage } from './wire-message.js';

interface ExpectedMessage {
  startLine: string;
  text?: string;
  format: string;
  src?: { address: string; port: number };
  dst?: { address: string; port: number };
  transport?: string;
  timestampText?: string;
  epochMicros?: number;
}

const dir = new URL('../../../fixtures/pastes/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<
  string,
  { format: string; messages: ExpectedMessage[] }
>;

describe('sample pastes', () => {
  it('covers every input format the issue names', () => {
    const formats = new Set(Object.values(expected).map((e) => e.format));
    for (const format of [
      'raw',
      'syslog',
      'journald',
      'docker',
      'xlog',
      'sngrep',
      'tshark',
      'ngrep',
      'tcpdump',
      'asterisk',
      'freeswitch',
      'homer-json',
      'docker-json',
    ]) {
      expect(formats).toContain(format);
    }
  });

  describe.each(Object.entries(expected))('%s', (name, want) => {
    const result = extractMessages(readFileSync(new URL(name, dir), 'utf8'));

    it(`finds ${want.messages.length} messages in the ${want.format} format, without problems`, () => {
      expect(result.messages.map((m) => splitWireMessage(m.content).startLine)).toEqual(
        want.messages.map((m) => m.startLine),
      );
      expect(result.format).toBe(want.format);
      expect(result.problems).toEqual([]);
    });

    it('keeps addresses, transport and time where the paste gives them', () => {
      result.messages.forEach((m, i) => {
        const w = want.messages[i];
        expect(w).toBeDefined();
        if (!w) return;
        expect(m.source.format).toBe(w.format);
        expect(m.source.src).toEqual(w.src);
        expect(m.source.dst).toEqual(w.dst);
        expect(m.source.transport).toBe(w.transport);
        expect(m.source.timestampText).toBe(w.timestampText);
        expect(m.source.epochMicros).toBe(w.epochMicros);
        expect(m.source.truncated).toBeUndefined();
      });
    });

    it('rebuilds each message as it was on the wire', () => {
      result.messages.forEach((m, i) => {
        const w = want.messages[i];
        if (w?.text !== undefined) expect(m.content).toBe(w.text);
        expect(hasWireLineEnds(m.content)).toBe(true);
        const wire = splitWireMessage(m.content);
        expect(wire.contentLength).toBeDefined();
        expect(wire.bodyBytes).toBe(wire.contentLength);
      });
    });

    it('hands the parser messages it reads without errors or warnings', () => {
      for (const m of result.messages) {
        const parsed = parseMessage(m.content);
        expect(parsed.problems.filter((p) => p.severity !== 'note')).toEqual([]);
        expect(parsed.bodyBytes).toBe(parsed.contentLength);
      }
    });

    it('reports the line each message starts on', () => {
      const lines = readFileSync(new URL(name, dir), 'utf8').split('\n');
      for (const m of result.messages) {
        if (want.format === 'homer-json') {
          expect(m.source.line).toBeUndefined();
          continue;
        }
        const line = m.source.line ?? 0;
        expect(line).toBeGreaterThan(0);
        const startLine = splitWireMessage(m.content).startLine;
        const at = lines[line - 1] ?? '';
        // tshark points at its SIP subtree; the others at the start line itself.
        expect(
          at.includes(startLine) ||
            at.startsWith('Session Initiation Protocol') ||
            at.startsWith('{'),
        ).toBe(true);
      }
    });
  });
});
