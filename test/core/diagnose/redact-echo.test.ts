import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answer } from '../../../src/adapters/console/console-adapter.js';
import { Redactor, redactSecrets } from '../../../src/core/diagnose/redact.js';
import { explain } from '../../../src/core/explain/explain.js';
import { renderAs } from '../../../src/core/render/render-as.js';
import { createLogger } from '../../../src/logger.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import { runCaptured } from '../../helpers/run-cli.js';

const DIGEST = '0123456789abcdef0123456789abcdef';
const PASTED = `Authorization: Digest username="a", response="${DIGEST}"`;
const kb = realKnowledge();

describe('redaction of digest values', () => {
  it('redacts a response="..." with escaped quotes (inside a quoted Warning text) whole', () => {
    const r = new Redactor();
    const out = r.text(
      `Warning: 399 pbx "auth failed: response=\\"${DIGEST}\\", cnonce=\\"c0ffee\\" end"`,
    );
    expect(out).toBe(
      'Warning: 399 pbx "auth failed: response=\\"[redacted]\\", cnonce=\\"[redacted]\\" end"',
    );
    expect(r.count).toBe(2);
  });

  it('redacts each kind of secret in any case the scans accept, and leaves text without one as it is', () => {
    // Every kind, written as the scans take it (digest names and URI schemes in any case): the
    // quick test that lets plain text skip the scans must let each of them through.
    const cases: [string, string][] = [
      [`RESPONSE="${DIGEST}"`, 'RESPONSE="[redacted]"'],
      ['CNonce=0a4f113b', 'CNonce=[redacted]'],
      ['SIPS:alice:hunter2@pbx.example.net', 'SIPS:alice:[redacted]@pbx.example.net'],
      ['Sip:bob:pw123@10.0.0.1', 'Sip:bob:[redacted]@10.0.0.1'],
      [
        'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj|2^20|1:32',
        'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:[redacted]|2^20|1:32',
      ],
      ['Authorization: Bearer abc.DEF-123_x', 'Authorization: Bearer [redacted]'],
      [
        'Identity: eyJhbGciOi.eyJhdHRlc3Qi.c2lnbmF0dXJlLXBhcnQ',
        'Identity: eyJhbGciOi.eyJhdHRlc3Qi.[redacted]',
      ],
    ];
    for (const [text, redacted] of cases) expect(redactSecrets(text), text).toBe(redacted);
    const plain = 'a84b4c76e66710@pc33.atlanta.example.com;tag=1928301774 branch=z9hG4bK776asdhds';
    const r = new Redactor();
    expect(r.text(plain)).toBe(plain);
    expect(r.count).toBe(0);
  });

  it('still redacts quoted and unquoted values', () => {
    expect(redactSecrets(`response="${DIGEST}", cnonce=abc; x`)).toBe(
      'response="[redacted]", cnonce=[redacted]; x',
    );
  });

  it('redacts a password an excerpt cut short', () => {
    expect(redactSecrets('in "sip:alice:hunter2verylo…" is')).toBe('in "sip:alice:[redacted]…" is');
  });
});

describe('--hide-numbers', () => {
  const hide = (text: string): string => new Redactor({ numbers: true }).text(text);

  it('hides the number in front of a URI password', () => {
    expect(hide('INVITE sip:+15551234567:hunter2@example.com SIP/2.0')).toBe(
      'INVITE sip:+N1:[redacted]@example.com SIP/2.0',
    );
  });

  it('keeps a single plus in sip: and tel: URIs', () => {
    expect(hide('<sip:+15551234567@example.com;user=phone> <tel:+15551234567>')).toBe(
      '<sip:+N1@example.com;user=phone> <tel:+N1>',
    );
    expect(hide('sip:15551234567@example.com +15551234567')).toBe('sip:+N1@example.com +N2');
  });

  it('leaves times, ports and addresses alone', () => {
    expect(hide('at 12:34:56.1234567 from 192.0.2.1:5060')).toBe(
      'at 12:34:56.1234567 from 192.0.2.1:5060',
    );
  });

  describe('sip-triage diagnose --hide-numbers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hide-numbers-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const message = (lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`;
    const head = [
      'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1',
      'From: <sip:+15557654321@example.com>;tag=1',
      'Call-ID: abc',
      'CSeq: 1 INVITE',
    ];
    const file = join(dir, 'trace.txt');
    writeFileSync(
      file,
      message([
        'INVITE sip:+15551234567:hunter2@example.com SIP/2.0',
        ...head,
        'Max-Forwards: 70',
        'To: <tel:+15551234567>',
        'Content-Length: 0',
      ]) +
        message([
          'SIP/2.0 403 Forbidden',
          ...head,
          'To: <tel:+15551234567>;tag=2',
          `Warning: 399 pbx "bad response=\\"${DIGEST}\\""`,
          'Content-Length: 0',
        ]),
    );

    it('prints no number, no password, no digest and no double plus', async () => {
      for (const format of ['text', 'json', 'markdown', 'slack']) {
        const { out } = await runCaptured(['diagnose', file, '--hide-numbers', '--format', format]);
        expect(out, format).not.toMatch(/5551234567|5557654321|hunter2|0123456789abcdef/);
        expect(out, format).not.toMatch(/\+\+N\d/);
        expect(out, format).toMatch(/\+N1/);
      }
    });
  });
});

describe('every echo of user text is redacted', () => {
  it('explain: the "Matches for" heading and the data', () => {
    const card = explain(PASTED, kb);
    expect(card.title).toContain('response="[redacted]"');
    for (const format of ['text', 'markdown', 'json', 'slack', 'discord'] as const) {
      expect(renderAs(card, format), format).not.toContain(DIGEST);
    }
  });

  it('explain: a query nothing matched', () => {
    const card = explain(`zzqx sip:bob:hunter2@example.com`, kb);
    expect(JSON.stringify(card)).not.toContain('hunter2');
  });

  it('sip-triage explain prints no digest in any format', async () => {
    for (const format of ['text', 'json', 'slack']) {
      const { out } = await runCaptured(['explain', PASTED, '--format', format]);
      expect(out, format).not.toContain(DIGEST);
      expect(out, format).toContain('[redacted]');
    }
  });

  it('the console does not echo a pasted Authorization line, nor a checklist query', async () => {
    const options = {
      kb,
      format: 'text' as const,
      color: false,
      logger: createLogger('error', () => {}),
    };
    const reply = await answer(PASTED, options);
    expect(reply).toContain('[redacted]');
    expect(reply).not.toContain(DIGEST);
    const checklist = await answer(`/sip checklist response="${DIGEST}"`, options);
    expect(checklist).not.toContain(DIGEST);
  });
});
