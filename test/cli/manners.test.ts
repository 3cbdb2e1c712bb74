/**
 * The CLI's manners (issue 12, items 14 and 15), in-process: help, clear
 * usage messages, a .env read for the CLI's own variables only, and message
 * numbers that agree between the diagnosis card, its JSON and `parse`.
 * The process-level ones (a closed stdout, a foreign .env in the working
 * directory) are in run-cli.test.ts, the slow tier.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT, parseArgsMessage } from '../../src/cli/run-cli.js';
import { CLI_VARIABLES, ConfigError, loadCliConfig, loadConfig } from '../../src/config.js';
import type { Diagnosis, Finding } from '../../src/core/diagnose/types.js';
import { diagnosisCard } from '../../src/core/render/diagnosis-card.js';
import { renderText } from '../../src/core/render/text.js';
import { loadDotenvOnly } from '../../src/load-env.js';
import { runCaptured } from '../helpers/run-cli.js';

const capture = fileURLToPath(
  new URL('../fixtures/real/out/kamailio-call-failures.pcap', import.meta.url),
);

describe('--help', () => {
  it('names diagnosis in its first line and exit code 2 for configuration and unreadable files', async () => {
    const { code, out } = await runCaptured(['--help']);
    expect(code).toBe(EXIT.found);
    expect(out.split('\n')[0]).toMatch(/diagnoses SIP traces/);
    const exits = out.slice(out.indexOf('Exit codes:'));
    expect(exits).toMatch(/2 usage error, invalid configuration or unreadable file/);
    expect(exits).toMatch(/3 knowledge base invalid/);
  });
});

describe('usage messages', () => {
  it('lists mermaid among the formats diagnose takes', async () => {
    const { code, err } = await runCaptured(['diagnose', capture, '--format', 'pdf']);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(
      /--format takes text, markdown, json, slack, discord, mermaid, png, svg, html, not "pdf"/,
    );
  });

  it('does not offer mermaid to explain, which cannot draw one', async () => {
    const { err } = await runCaptured(['explain', '403', '--format', 'pdf']);
    expect(err).toMatch(/--format takes text, markdown, json, slack, discord, not "pdf"/);
  });

  it('says plainly that parse has no --format, and what it has instead', async () => {
    const { code, err } = await runCaptured(['parse', 'f', '--format', 'json']);
    expect(code).toBe(EXIT.usage);
    expect(err).toBe(
      'sip-triage: parse has no --format option: parse prints text, or JSON with --json\nRun sip-triage --help for usage.\n',
    );
  });

  it.each([
    [['list', '--class'], 'sip-triage: --class needs a value\n'],
    [['explain', '403', '--json=yes'], 'sip-triage: --json takes no value\n'],
    [['diagnose', 'f', '-x'], 'sip-triage: diagnose has no -x option\n'],
  ])('rewrites Node parseArgs messages: %j', async (args, first) => {
    const { code, err } = await runCaptured(args);
    expect(code).toBe(EXIT.usage);
    expect(err.startsWith(first)).toBe(true);
    expect(err).not.toMatch(/To specify a positional argument/);
  });

  it('passes on a parseArgs message it does not know', () => {
    expect(parseArgsMessage(new Error('something new'), 'parse')).toBe('something new');
  });
});

describe('the CLI and .env', () => {
  const foreign = {
    LOG_LEVEL: 'trace',
    SLACK_BOT_TOKEN: 'not-a-token',
    PORT: 'abc',
    DISCORD_APPLICATION_ID: 'x',
    DATABASE_URL: 'postgres://elsewhere',
  };

  it('the bot refuses the foreign values (it serves them, so they must be right)', () => {
    expect(() => loadConfig(foreign)).toThrow(ConfigError);
  });

  it('the CLI ignores variables it does not use and a LOG_LEVEL it does not know', () => {
    const config = loadCliConfig(foreign);
    expect(config.logLevel).toBe('info');
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
    expect(loadCliConfig({ LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
  });

  it('still checks its own variables', () => {
    expect(() => loadCliConfig({ SIP_MAX_MESSAGES: 'many' })).toThrow(/SIP_MAX_MESSAGES/);
    expect(() => loadCliConfig({ KNOWLEDGE_DIR: '/no/such/dir' })).toThrow(/KNOWLEDGE_DIR/);
  });

  it('takes only its own variables from a .env, and the environment wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sip-triage-dotenv-'));
    try {
      const path = join(dir, '.env');
      writeFileSync(
        path,
        'LOG_LEVEL=trace\nSLACK_BOT_TOKEN=xoxb-foreign\nSIP_TRIAGE_FORMAT=markdown\nSIP_MAX_MESSAGES=7\nOTHER=1\n',
      );
      const env: Record<string, string | undefined> = { SIP_MAX_MESSAGES: '9' };
      loadDotenvOnly(CLI_VARIABLES, path, env);
      expect(env).toEqual({
        LOG_LEVEL: 'trace',
        SIP_TRIAGE_FORMAT: 'markdown',
        SIP_MAX_MESSAGES: '9',
      });
      // ...and what it took does not stop it.
      expect(loadCliConfig(env).consoleFormat).toBe('markdown');
      const none: Record<string, string | undefined> = {};
      loadDotenvOnly(CLI_VARIABLES, join(dir, 'missing.env'), none);
      expect(none).toEqual({});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('message numbers', () => {
  it('are the same on the card, in the JSON and in parse: the first message is #1', async () => {
    const text = await runCaptured(['diagnose', capture]);
    const json = await runCaptured(['diagnose', capture, '--format', 'json']);
    const parsed = await runCaptured(['parse', capture]);
    const data = JSON.parse(json.out) as {
      findings: { evidence: { message: number; text: string }[] }[];
      dialogs: { messages: number[] }[];
    };
    const first = data.findings[0]?.evidence[0];
    expect(first).toBeDefined();
    if (first === undefined) return;
    expect(text.out).toContain(`#${first.message}  ${first.text}`);
    const line = parsed.out.split('\n').find((l) => l.startsWith(`#${first.message}  `));
    expect(line).toContain(first.text.replace(/^SIP\/2\.0 /, ''));
    expect(parsed.out.startsWith('#1  ')).toBe(true);
    expect(data.dialogs[0]?.messages[0]).toBe(1);
  });
});

describe('the diagnosis card', () => {
  const finding = (lines: number): Finding => ({
    id: 'transport.no-response',
    severity: 'error',
    confidence: 0.8,
    title: 'T',
    explanation: 'E',
    evidence: Array.from({ length: lines }, (_, i) => ({ message: i, text: `line ${i}` })),
    checklist: [],
  });
  const diagnosis = (lines: number): Diagnosis => ({
    inputDamage: [],
    verdict: {
      outcome: 'no-response',
      method: 'INVITE',
      requestUri: null,
      code: null,
      reason: null,
      sentBy: null,
      callId: null,
      headline: 'H',
    },
    findings: [finding(lines)],
    calls: [],
    ladder: { columns: [], arrows: [], legs: [] },
    redactions: 0,
    missingEvidence: [],
    checklist: [],
    messageCount: lines,
  });

  it('says "1 more line", and "2 more lines"', () => {
    expect(renderText(diagnosisCard(diagnosis(4)))).toContain('(1 more line in the full JSON)');
    expect(renderText(diagnosisCard(diagnosis(5)))).toContain('(2 more lines in the full JSON)');
  });

  it('does not say a request that was never retransmitted was "sent once" under a title saying it was', async () => {
    const invite = [
      'INVITE sip:bob@198.51.100.5 SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1',
      'From: <sip:alice@example.com>;tag=a1',
      'To: <sip:bob@example.com>',
      'Call-ID: once@192.0.2.10',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const { out } = await runCaptured(
      ['diagnose', '-', '--format', 'json'],
      Readable.from([Buffer.from(invite)]),
    );
    const data = JSON.parse(out) as { findings: { id: string; explanation: string }[] };
    const noResponse = data.findings.find((f) => f.id === 'transport.no-response');
    expect(noResponse).toBeDefined();
    expect(noResponse?.explanation).not.toMatch(/sent once/);
    expect(noResponse?.explanation).toMatch(/no retransmission/);
  });
});
