/**
 * The young generation of a one-shot read (src/cli/young-generation.ts),
 * measured in processes of their own: V8's options are the process's, and
 * the test runner's own heap must not change under it. Each probe keeps
 * 200,000 objects in 400 rounds, checked after each; uncapped, V8 grows the
 * young generation to its 32 MB maximum for them.
 */
import { execFile, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPaste } from '../../bench/sip/paste.js';
import { interleavedMessages, writeCorpusFile } from '../../bench/sip/write-corpus.js';
import {
  CAPPED_FROM_BYTES,
  CAPPED_UP_TO_BYTES,
  capWhen,
  SEMI_SPACE_BYTES,
  TEXT_SEMI_SPACE_BYTES,
} from '../../src/cli/young-generation.js';
import { buildPackage } from '../helpers/built-package.js';

const PROBE = fileURLToPath(new URL('../support/young-generation-probe.ts', import.meta.url));

async function probe(...args: string[]): Promise<{ capped: boolean; largest: number }> {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', PROBE, ...args],
    { timeout: 30_000 },
  );
  // An option V8 does not know would be reported here.
  expect(stderr).toBe('');
  const result = JSON.parse(stdout) as { capped: boolean; largest: number; kept: number };
  expect(result.kept).toBe(200_000);
  return result;
}

describe('which inputs get the cap', () => {
  const MiB = 1024 * 1024;

  it('a file of 4 to 64 MiB at once; a smaller one never (the option would cost more than it saves)', () => {
    expect(capWhen(34 * MiB)).toBe('now');
    expect(capWhen(CAPPED_FROM_BYTES)).toBe('now');
    expect(capWhen(CAPPED_UP_TO_BYTES)).toBe('now');
    expect(capWhen(CAPPED_FROM_BYTES - 1)).toBe('never');
    expect(capWhen(20_000)).toBe('never');
  });

  it('past the default limit never, whatever the limit is raised to', () => {
    expect(capWhen(CAPPED_UP_TO_BYTES + 1, 600_000_000)).toBe('never');
    expect(capWhen(34 * MiB, 600_000_000)).toBe('now');
  });

  it('a pipe once 4 MiB have come, unless the limit lets more than 64 MiB in', () => {
    expect(capWhen(undefined)).toBe('once-large');
    expect(capWhen(undefined, CAPPED_UP_TO_BYTES)).toBe('once-large');
    expect(capWhen(undefined, 600_000_000)).toBe('never');
  });
});

describe('the young generation while the CLI reads an input', () => {
  it('stays at two 8 MB semi-spaces for an input within the default limit', async () => {
    const result = await probe(String(34 * 1024 * 1024));
    expect(result).toEqual({ capped: true, largest: 2 * SEMI_SPACE_BYTES, kept: 200_000 });
  }, 40_000);

  it('grows as V8 grows it past the default limit: the same objects take it past 8 MB (to 32 here)', async () => {
    const result = await probe(String(CAPPED_UP_TO_BYTES + 1));
    expect(result.capped).toBe(false);
    expect(result.largest).toBeGreaterThan(2 * SEMI_SPACE_BYTES);
  }, 40_000);

  it('with nothing loaded before the parse (parse): a capture is capped on its first chunk, a text never', async () => {
    const capture = await probe('chunks', 'capture');
    expect(capture).toEqual({ capped: true, largest: 2 * SEMI_SPACE_BYTES, kept: 200_000 });
    // A text is parsed in one go after it is read: the option would cost it 13 ms for nothing.
    const text = await probe('chunks', 'text');
    expect(text.capped).toBe(false);
    expect(text.largest).toBeGreaterThan(2 * SEMI_SPACE_BYTES);
  }, 60_000);

  it('for a pipe, whose size is unknown, goes by the input limit', async () => {
    expect((await probe('-')).largest).toBe(2 * SEMI_SPACE_BYTES);
    const raised = await probe('-', String(600_000_000));
    expect(raised.capped).toBe(false);
    expect(raised.largest).toBeGreaterThan(2 * SEMI_SPACE_BYTES);
  }, 60_000);
});

/**
 * The command as people start it: built as `npm run build` builds it (tsc,
 * the entry bundles of scripts/bundle-entries.ts, the knowledge snapshot)
 * into a scratch package, not run through tsx, whose own start-up already
 * grows the young generation to its maximum.
 */
describe('sip-triage diagnose and parse, built, each a process of its own', () => {
  const WATCH = fileURLToPath(new URL('../support/new-space-watch.cjs', import.meta.url));
  let scratch: string;
  let cli: string;
  let capture: string;
  let small: string;
  let paste: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'sip-triage-young-'));
    cli = await buildPackage(join(scratch, 'package'));
    capture = join(scratch, 'busy-proxy.pcap');
    // About 13 MB, 20,000 messages: enough kept to take an uncapped young generation to 32 MB.
    writeCorpusFile(capture, 20_000, 'interleaved');
    // About 1.3 MB: under CAPPED_FROM_BYTES.
    small = join(scratch, 'small.pcap');
    writeCorpusFile(small, 2_000, 'interleaved');
    // A 5 MB paste in the layout sngrep saves, read whole and then parsed in one go.
    paste = join(scratch, 'busy-proxy.txt');
    writeFileSync(paste, renderPaste([...interleavedMessages(50_000)], 5_000_000).text);
  }, 180_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** The largest young generation of `sip-triage <command> <input>` (the watcher says it on stderr). */
  async function largestNewSpace(
    input: 'file' | 'pipe',
    env: NodeJS.ProcessEnv = {},
    from = capture,
    command: 'diagnose' | 'parse' = 'diagnose',
  ): Promise<number> {
    const path = input === 'file' ? from : '-';
    const rest =
      command === 'diagnose'
        ? [path, '-f', 'json', '-o', join(scratch, 'out.json')]
        : [path, '--json'];
    const child = spawn(process.execPath, ['-r', WATCH, cli, command, ...rest], {
      cwd: scratch,
      env: { ...process.env, ...env },
      stdio: [input === 'pipe' ? 'pipe' : 'ignore', 'ignore', 'pipe'],
    });
    if (child.stdin !== null) createReadStream(from).pipe(child.stdin);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    const match = /^new_space (\d+)$/m.exec(stderr);
    if (match?.[1] === undefined) throw new Error(`no new_space line in: ${stderr}`);
    return Number(match[1]);
  }

  it('a capture named on the command line: two 8 MB semi-spaces', async () => {
    expect(await largestNewSpace('file')).toBe(2 * SEMI_SPACE_BYTES);
  }, 60_000);

  it('piped in, past 4 MiB: 8 MB still', async () => {
    expect(await largestNewSpace('pipe')).toBe(2 * SEMI_SPACE_BYTES);
  }, 60_000);

  it('piped in with the input limit raised past the default: left to V8, which takes it past 8 MB', async () => {
    const raised = { SIP_MAX_INPUT_BYTES: '600000000' };
    expect(await largestNewSpace('pipe', raised)).toBeGreaterThan(2 * SEMI_SPACE_BYTES);
  }, 60_000);

  it('sip-triage parse --json of the capture: 8 MB as well', async () => {
    expect(await largestNewSpace('file', {}, capture, 'parse')).toBe(2 * SEMI_SPACE_BYTES);
  }, 60_000);

  it('a 1.3 MB capture is left to V8, which grows it a step at a time (capped, one step is 16 MB)', async () => {
    expect(await largestNewSpace('file', {}, small)).toBeLessThan(2 * SEMI_SPACE_BYTES);
  }, 60_000);

  it('a 5 MB paste, parsed in one go with no chunk to check on: 3 MB (more with the limit raised)', async () => {
    expect(await largestNewSpace('file', {}, paste)).toBe(2 * TEXT_SEMI_SPACE_BYTES);
    const raised = { SIP_MAX_INPUT_BYTES: '600000000' };
    expect(await largestNewSpace('pipe', raised, paste)).toBeGreaterThan(2 * SEMI_SPACE_BYTES);
  }, 60_000);
});
