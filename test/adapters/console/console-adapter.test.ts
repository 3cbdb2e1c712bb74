import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  answer,
  MAX_LINE_LENGTH,
  runConsole,
} from '../../../src/adapters/console/console-adapter.js';
import { createLogger } from '../../../src/logger.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const kb = realKnowledge();

async function converse(
  input: string,
  interactive = false,
): Promise<{ output: string; answered: number; logs: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let output = '';
  let logs = '';
  stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const done = runConsole({
    input: stdin,
    output: stdout,
    interactive,
    color: false,
    format: 'text',
    kb,
    logger: createLogger('debug', (line) => {
      logs += line;
    }),
  });
  stdin.end(input);
  const answered = await done;
  return { output, answered, logs };
}

describe('console adapter', () => {
  it('answers /sip 403, a bare code and a word, line by line, until end of input', async () => {
    const { output, answered } = await converse('/sip 403\n\n486\r\nsip too many hops\n');
    expect(answered).toBe(3);
    expect(output).toContain('403 Forbidden');
    expect(output).toContain('486 Busy Here');
    expect(output).toContain('483 Too Many Hops');
  });

  it('stops at /quit and ignores what follows', async () => {
    const { answered, output } = await converse('/sip 404\n/quit\n/sip 503\n');
    expect(answered).toBe(1);
    expect(output).not.toContain('503 Service Unavailable');
  });

  it('answers help and list commands', async () => {
    const { output } = await converse('/sip help\n/sip list 6xx\n');
    expect(output).toContain('sip-triage');
    expect(output).toContain('607 Unwanted');
  });

  it('prompts and greets when interactive', async () => {
    const { output } = await converse('/sip 180\n', true);
    expect(output).toContain('sip> ');
    expect(output).toContain('180 Ringing');
  });

  it('answers an over-long line with a hint instead of searching it, and keeps going', async () => {
    const { output, answered } = await converse(`${'x'.repeat(MAX_LINE_LENGTH + 1)}\n/sip 503\n`);
    expect(answered).toBe(2);
    expect(output).toContain(`at most ${MAX_LINE_LENGTH} characters`);
    expect(output).toContain('503 Service Unavailable');
  });

  it('turns an internal failure into a friendly reply and a log line, then carries on', async () => {
    let logs = '';
    const broken = {
      ...kb,
      code: () => {
        throw new Error('disk on fire');
      },
    } as unknown as typeof kb;
    const reply = await answer('403', {
      kb: broken,
      format: 'text',
      color: false,
      logger: createLogger('info', (l) => {
        logs += l;
      }),
    });
    expect(reply).toMatch(/something went wrong/i);
    expect(logs).toContain('disk on fire');
  });

  it('diagnoses a pasted trace as one entry, ended by "." or the next command', async () => {
    const trace = readFileSync(`${root}test/fixtures/pastes/raw.txt`, 'utf8');
    const { output, answered } = await converse(`${trace}\n.\n/sip 404\n${trace}`);
    expect(answered).toBe(3);
    const headlines = output.match(/^INVITE sip:bob@198\.51\.100\.20 failed: 486 Busy Here/gm);
    expect(headlines).toHaveLength(2);
    expect(output).toContain('404 Not Found');
  });

  it('still explains a single status line typed alone', async () => {
    const { output, answered } = await converse('SIP/2.0 403 Insert Coin\n');
    expect(answered).toBe(1);
    expect(output).toMatch(/^403 Forbidden\n/);
  });

  it('survives binary junk', async () => {
    const { answered } = await converse('\u0000\u0001\u00ff\ufffd\u001b[2J garbage\n/sip 200\n');
    expect(answered).toBe(2);
  });

  it('works end to end as a process: echo "/sip 503" | main', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.stdin.end('/sip 503\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^503 Service Unavailable\n/);
    expect(out).toContain('Retry-After');
  });

  it('fails fast at start-up on an invalid variable, naming it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'chatty' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.stdin.end('/sip 503\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(err).toContain('LOG_LEVEL="chatty"');
  });
});
