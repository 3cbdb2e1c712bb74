import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runParseCommand } from '../../src/cli/parse-command.js';
import { EXIT } from '../../src/cli/run-cli.js';
import { fixtureBytes, loadExpected } from '../fixtures/real/load.js';
import { runCaptured } from '../helpers/run-cli.js';

const real = fileURLToPath(new URL('../fixtures/real/out/', import.meta.url));
const failures = loadExpected().captures['kamailio-call-failures'];

const run = runCaptured;

describe('sip-triage parse', () => {
  it('lists every message of a capture, one line each, with a summary line', async () => {
    const { code, out } = await run(['parse', `${real}kamailio-call-failures.pcap`]);
    expect(code).toBe(EXIT.found);
    const lines = out.trim().split('\n');
    expect(lines.at(-1)).toBe(`${failures?.messageCount} SIP messages (pcap)`);
    expect(lines[0]).toMatch(
      /^#1 {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+ UDP {2}INVITE sip:/,
    );
    expect(out).toMatch(/486 Busy Here {2}Call-ID \S+ {2}CSeq \d+ INVITE/);
  });

  it('prints the JSON contract with --json', async () => {
    const { code, out } = await run(['parse', `${real}kamailio-call-failures.pcapng`, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as { messages: Record<string, unknown>[]; skipped: number };
    expect(json.messages).toHaveLength(failures?.messageCount ?? -1);
    expect(typeof json.skipped).toBe('number');
    const first = json.messages[0];
    for (const key of [
      'kind',
      'method',
      'code',
      'reason',
      'callId',
      'cseq',
      'fromTag',
      'toTag',
      'branch',
      'timestamp',
      'src',
      'dst',
      'transport',
      'problems',
    ]) {
      expect(first, key).toHaveProperty(key);
    }
    expect(first).toMatchObject({
      kind: 'request',
      method: 'INVITE',
      transport: 'UDP',
      cseq: { method: 'INVITE' },
    });
    const busy = json.messages.find((m) => m.code === 486);
    expect(busy).toMatchObject({ kind: 'response', method: 'INVITE', reason: 'Busy Here' });
    expect(busy?.toTag).toEqual(expect.any(String));
  });

  it('reads a text rendering and a capture from standard input, even in tiny chunks', async () => {
    const text = fixtureBytes('kamailio-call-failures.tshark-V.txt');
    const fromText = await run(['parse', '-', '--json'], Readable.from([text]));
    expect((JSON.parse(fromText.out) as { messages: unknown[] }).messages).toHaveLength(
      failures?.messageCount ?? -1,
    );

    const pcap = fixtureBytes('kamailio-call-failures.pcap');
    const tiny = Array.from({ length: Math.ceil(pcap.length / 3) }, (_, i) =>
      pcap.subarray(i * 3, i * 3 + 3),
    );
    const fromPcap = await run(['parse', '-', '--json'], Readable.from(tiny));
    expect(JSON.parse(fromPcap.out)).toMatchObject({ input: 'pcap' });
  });

  it('shows problems under the message they belong to', async () => {
    const bad =
      'INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nCall-ID: x\r\nCSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n';
    const { code, out } = await run(['parse', '-'], Readable.from([Buffer.from(bad)]));
    expect(code).toBe(EXIT.found);
    expect(out).toMatch(/^#1 {2}INVITE sip:bob@example.com {2}Call-ID x {2}CSeq 1 BYE\n {4}error /);
  });

  it('applies the configured limits and says when one was reached', async () => {
    let out = '';
    const found = await runParseCommand(
      `${real}kamailio-call-failures.pcap`,
      true,
      {
        stdout: (t) => {
          out += t;
        },
        stdin: Readable.from([]),
      },
      { maxMessages: 3 },
    );
    expect(found).toBe(true);
    const json = JSON.parse(out) as { messages: unknown[]; problems: { message: string }[] };
    expect(json.messages).toHaveLength(3);
    expect(json.problems.map((p) => p.message).join(' ')).toMatch(/3/);
  });

  it('exits 1 when there is no SIP in the input, and 2 for a missing file', async () => {
    const none = await run(['parse', '-'], Readable.from([Buffer.from('just some words\n')]));
    expect(none.code).toBe(EXIT.notFound);
    expect(none.out).toMatch(/^No SIP messages found\. Give it raw SIP messages/);
    const missing = await run(['parse', '/no/such/file.pcap']);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain('cannot read /no/such/file.pcap: no such file');
    expect((await run(['parse'])).code).toBe(EXIT.usage);
  });
});
