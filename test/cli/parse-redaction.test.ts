import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/run-cli.js';
import { runCaptured } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'parse-redaction-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DIGEST = '0123456789abcdef0123456789abcdef';
const TRACE = [
  'INVITE sip:+15551234567:hunter2@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1',
  'Max-Forwards: 70',
  // An unclosed display-name quote: the problem message quotes the header, password and all.
  'From: "Alice <sip:alice:pw123secret@example.com>;tag=1',
  'To: <sip:bob@example.com>',
  'Call-ID: abc',
  'CSeq: 1 INVITE',
  `Authorization: Digest username="alice", realm="x", nonce="n", uri="sip:bob@example.com", response="${DIGEST}", cnonce="c0ffee42"`,
  'Content-Length: 0',
  '',
  '',
].join('\r\n');
const file = join(dir, 'trace.txt');
writeFileSync(file, TRACE);

const SECRETS = ['hunter2', 'pw123secret', DIGEST, 'c0ffee42'];

describe('sip-triage parse redacts secrets by default', () => {
  it('redacts URI passwords in the lines and in problem messages, and says how many', async () => {
    const { code, out } = await runCaptured(['parse', file]);
    expect(code).toBe(EXIT.found);
    for (const secret of SECRETS) expect(out).not.toContain(secret);
    expect(out).toContain('INVITE sip:+15551234567:[redacted]@example.com');
    expect(out).toMatch(/never closed/);
    expect(out).toContain('sip:alice:[redacted]@example.com');
    expect(out).toMatch(/secrets? redacted \(--show-secrets prints them\)/);
  });

  it('redacts the JSON too and counts the redactions', async () => {
    const { code, out } = await runCaptured(['parse', file, '--json']);
    expect(code).toBe(EXIT.found);
    for (const secret of SECRETS) expect(out).not.toContain(secret);
    const json = JSON.parse(out) as { redactions: number; messages: { requestUri: string }[] };
    expect(json.messages[0]?.requestUri).toBe('sip:+15551234567:[redacted]@example.com');
    expect(json.redactions).toBeGreaterThanOrEqual(2);
  });

  it('prints them as captured with --show-secrets', async () => {
    const { code, out } = await runCaptured(['parse', file, '--show-secrets']);
    expect(code).toBe(EXIT.found);
    expect(out).toContain('sip:+15551234567:hunter2@example.com');
    expect(out).toContain('pw123secret');
    expect(out).not.toContain('[redacted]');
    const json = await runCaptured(['parse', file, '--json', '--show-secrets']);
    expect(json.out).toContain('hunter2');
    expect((JSON.parse(json.out) as { redactions: unknown }).redactions).toBeNull();
  });

  it('names --show-secrets in --help', async () => {
    const { out } = await runCaptured(['--help']);
    expect(out).toMatch(/parse <file\|-> .*--show-secrets/);
  });
});
