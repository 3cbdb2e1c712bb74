/** `sip-triage diagnose` on real fixtures: every output format, the JSON contract, stdin, errors. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { realFixturesDir } from '../fixtures/real/load.js';
import { runCaptured } from '../helpers/run-cli.js';

const pcap = `${realFixturesDir}kamailio-call-failures.pcap`;
const sngrep = `${realFixturesDir}kamailio-call-failures.sngrep.txt`;

describe('sip-triage diagnose', () => {
  it('prints the verdict, findings, ladder and checklist as text', async () => {
    const r = await runCaptured(['diagnose', pcap]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^INVITE sip:nobody@127\.0\.0\.1 failed: 404 Not Found from 127\.0\.0\.1:5060/,
    );
    expect(r.out).toMatch(/LADDER/);
    expect(r.out).toMatch(/routing\.not-found/);
    // The terminal's own way to the rest: the card itself names no flag.
    expect(r.out).toMatch(
      /\nFull JSON \(every finding, evidence line and call\): add --format json\.\n$/,
    );
  });

  it('gives the same verdict from a text rendering of the same capture', async () => {
    const fromPcap = JSON.parse((await runCaptured(['diagnose', pcap, '--json'])).out);
    const fromText = JSON.parse((await runCaptured(['diagnose', sngrep, '--json'])).out);
    expect(fromText.verdict).toEqual(fromPcap.verdict);
  });

  it('keeps the JSON contract', async () => {
    const r = await runCaptured(['diagnose', pcap, '--format', 'json']);
    const json = JSON.parse(r.out);
    expect(Object.keys(json.verdict).sort()).toEqual(
      ['callId', 'code', 'method', 'outcome', 'reason', 'requestUri', 'sentBy'].sort(),
    );
    expect(json.verdict.outcome).toBe('failed');
    expect(json.findings[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        severity: expect.stringMatching(/^(error|warning|info)$/),
        confidence: expect.any(Number),
        title: expect.any(String),
        explanation: expect.any(String),
        checklist: expect.any(Array),
      }),
    );
    expect(json.findings[0].evidence[0]).toEqual(
      expect.objectContaining({ message: expect.any(Number), text: expect.any(String) }),
    );
    expect(json.dialogs).toHaveLength(4);
    expect(json.dialogs[0]).toEqual(
      expect.objectContaining({
        callId: expect.any(String),
        outcome: 'failed',
        messages: expect.any(Array),
      }),
    );
    expect(typeof json.ladder).toBe('string');
    expect(json.redactions).toBeGreaterThan(0);
    expect(Array.isArray(json.missingEvidence)).toBe(true);
  });

  it('writes Mermaid, Markdown, Slack and Discord', async () => {
    expect((await runCaptured(['diagnose', pcap, '--format', 'mermaid'])).out).toMatch(
      /^sequenceDiagram\n {4}participant P0 as 127\.0\.0\.1:5080/,
    );
    expect((await runCaptured(['diagnose', pcap, '--format', 'markdown'])).out).toMatch(
      /^#+ INVITE/,
    );
    const slack = JSON.parse((await runCaptured(['diagnose', pcap, '--format', 'slack'])).out);
    expect(slack[0].blocks.length).toBeGreaterThan(2);
    const discord = JSON.parse((await runCaptured(['diagnose', pcap, '--format', 'discord'])).out);
    expect(discord[0].allowed_mentions).toEqual({ parse: [] });
  });

  it('pseudonymises numbers and addresses when asked, consistently', async () => {
    const r = await runCaptured(['diagnose', pcap, '--json', '--hide-addresses']);
    expect(r.out).not.toContain('127.0.0.1');
    const json = JSON.parse(r.out);
    expect(json.verdict.sentBy).toMatch(/^ip-\d+:5060/);
  });

  it('reads standard input and says when there is no SIP in it', async () => {
    const r = await runCaptured(
      ['diagnose', '-'],
      Readable.from([Buffer.from('nothing to see here\n')]),
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/No SIP messages were found/);
  });

  it('reports a missing file as a usage error', async () => {
    const r = await runCaptured(['diagnose', '/nonexistent/trace.pcap']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read/);
  });
});
