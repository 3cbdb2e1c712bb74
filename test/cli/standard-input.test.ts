/**
 * "-" in a real `sip-triage` process, its standard input a pipe: a capture
 * piped in gets the diagnosis the file gets; and a process that stops
 * reading at the input limit closes the pipe, answers and exits while the
 * writer still holds it open (a live capture piped in, say), instead of
 * waiting for that writer to close it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpusFile } from '../../bench/sip/write-corpus.js';
import { runCaptured, spawnCli } from '../helpers/run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** A log excerpt with SIP messages in it: repeated past the limit. */
const PASTE = readFileSync(join(ROOT, 'test/fixtures/pastes/freeswitch.txt'), 'utf8');
let dir: string;
let capture: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sip-triage-stdin-'));
  capture = join(dir, 'busy-proxy.pcap');
  // About 1.3 MB: many reads of the pipe.
  writeCorpusFile(capture, 2_000, 'interleaved');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function outputOf(child: ReturnType<typeof spawnCli>) {
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  child.stderr.on('data', (b: Buffer) => {
    err += b.toString('utf8');
  });
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out, err })),
  );
}

describe('"-" in a real process', () => {
  it('diagnoses a capture piped in as it diagnoses the file', { timeout: 60_000 }, async () => {
    const fromFile = await runCaptured(['diagnose', capture, '--format', 'json']);
    const child = spawnCli(['diagnose', '-', '--format', 'json']);
    const done = outputOf(child);
    child.stdin.end(readFileSync(capture));
    const piped = await done;
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.out).dialogs.length).toBeGreaterThan(300);
    expect(piped.out).toBe(fromFile.out);
  });

  it.each([
    ['a capture', 'capture.limit', () => readFileSync(capture).subarray(0, 210_000)],
    ['a paste', 'input.limit', () => Buffer.from(PASTE.repeat(80), 'utf8').subarray(0, 210_000)],
  ])(
    'answers %s at the input limit and exits while the writer keeps the pipe open',
    // It answers in about a second; a process left waiting for the writer never does.
    { timeout: 20_000 },
    async (_what, damage, bytes) => {
      const child = spawnCli(['diagnose', '-', '--format', 'json'], {
        SIP_MAX_INPUT_BYTES: '200000',
      });
      const done = outputOf(child);
      try {
        // A little more than the limit and nothing after it, the pipe left open: a read waiting
        // for more would wait for ever, and only the process itself can end this.
        child.stdin.write(bytes());
        const answer = await done;
        expect(answer.code).toBe(0);
        const json = JSON.parse(answer.out) as { inputDamage: { id: string }[] };
        expect(json.inputDamage.map((d) => d.id)).toContain(damage);
      } finally {
        child.stdin.destroy();
        if (child.exitCode === null) child.kill();
      }
    },
  );
});
