/**
 * The young generation of a one-shot read (src/cli/young-generation.ts),
 * measured in processes of their own: V8's options are the process's, and
 * the test runner's own heap must not change under it. Each probe keeps
 * 200,000 objects over 400 turns of the event loop; uncapped, V8 grows the
 * young generation to its 32 MB maximum for them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpusFile } from '../../bench/sip/write-corpus.js';
import { CAPPED_UP_TO_BYTES, SEMI_SPACE_BYTES } from '../../src/cli/young-generation.js';

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

describe('the young generation while the CLI reads an input', () => {
  it('stays at two 8 MB semi-spaces for an input within the default limit', async () => {
    const result = await probe(String(34 * 1024 * 1024));
    expect(result).toEqual({ capped: true, largest: 2 * SEMI_SPACE_BYTES, kept: 200_000 });
  }, 40_000);

  it('grows as V8 grows it past the default limit: the same objects take it to 32 MB', async () => {
    const result = await probe(String(CAPPED_UP_TO_BYTES + 1));
    expect(result.capped).toBe(false);
    expect(result.largest).toBe(4 * SEMI_SPACE_BYTES);
  }, 40_000);

  it('for a pipe, whose size is unknown, goes by the input limit', async () => {
    expect((await probe('-')).largest).toBe(2 * SEMI_SPACE_BYTES);
    const raised = await probe('-', String(600_000_000));
    expect(raised.capped).toBe(false);
    expect(raised.largest).toBe(4 * SEMI_SPACE_BYTES);
  }, 60_000);
});

describe('sip-triage diagnose sizes the young generation only in a process of its own', () => {
  const ROOT = fileURLToPath(new URL('../../', import.meta.url));
  const WATCH = join(ROOT, 'test/support/new-space-watch.mjs');
  let dir: string;
  let capture: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-triage-young-'));
    capture = join(dir, 'busy-proxy.pcap');
    // About 13 MB, 20,000 messages: enough kept to take an uncapped young generation to 32 MB.
    writeCorpusFile(capture, 20_000, 'interleaved');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The largest young generation of `entry diagnose capture` (the watcher reports it on stderr). */
  async function largestNewSpace(entry: string): Promise<number> {
    const { stderr } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        WATCH,
        join(ROOT, entry),
        'diagnose',
        capture,
        '-f',
        'json',
        '-o',
        join(dir, 'out.json'),
      ],
      { cwd: ROOT, timeout: 60_000 },
    );
    const match = /^new_space (\d+)$/m.exec(stderr);
    if (match?.[1] === undefined) throw new Error(`no new_space line in: ${stderr}`);
    return Number(match[1]);
  }

  it('the command, src/cli.ts: two 8 MB semi-spaces', async () => {
    expect(await largestNewSpace('src/cli.ts')).toBe(2 * SEMI_SPACE_BYTES);
  }, 90_000);

  it('runCli hosted by another program: V8 grows it as it does, to 32 MB', async () => {
    expect(await largestNewSpace('test/support/cli-hosted.ts')).toBe(4 * SEMI_SPACE_BYTES);
  }, 90_000);
});
