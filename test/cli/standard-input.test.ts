/**
 * "-" in a real `sip-triage` process, its standard input a pipe: a capture
 * piped in gets the diagnosis the file gets (and so does one given as
 * standard input with `< file`, read from where the shell left it); and a
 * process that stops
 * reading at the input limit closes the pipe, answers and exits while the
 * writer still holds it open (a live capture piped in, say), instead of
 * waiting for that writer to close it.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpusFile } from '../../bench/sip/write-corpus.js';
import { runCaptured, spawnCli, spawnCliReading } from '../helpers/run-cli.js';

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

function outputOf(child: ChildProcessByStdio<Writable | null, Readable, Readable>) {
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

  it('diagnoses a capture piped in as the file when its spool can take only part of it', {
    timeout: 60_000,
  }, async () => {
    // Files this process writes are cut at 200 KB (as on a full disk): the spool stops there, and
    // the rest of the capture is kept in memory instead. Standard output, a pipe, is not limited.
    const fromFile = await runCaptured(['diagnose', capture, '--format', 'json']);
    const cli = ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'diagnose', '-', '--format', 'json'];
    const child = spawn(
      'sh',
      ['-c', 'ulimit -f 400 && exec "$@"', 'sh', process.execPath, ...cli],
      {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const done = outputOf(child);
    child.stdin.end(readFileSync(capture));
    const piped = await done;
    expect(piped.err).toBe('');
    expect(piped.code).toBe(0);
    expect(piped.out).toBe(fromFile.out);
  });

  it('diagnoses a capture given as a file on standard input from where the shell left it', {
    timeout: 60_000,
  }, async () => {
    const fromFile = await runCaptured(['diagnose', capture, '--format', 'json']);
    // `(read one line; sip-triage diagnose -) < export.bin`: the descriptor's position is past it.
    const prefixed = join(dir, 'prefixed.bin');
    const prefix = Buffer.from('exported by a probe\n');
    writeFileSync(prefixed, Buffer.concat([prefix, readFileSync(capture)]));
    const fd = openSync(prefixed, 'r');
    try {
      readSync(fd, Buffer.alloc(prefix.byteLength), 0, prefix.byteLength, null);
      const redirected = await outputOf(spawnCliReading(['diagnose', '-', '--format', 'json'], fd));
      expect(redirected.code).toBe(0);
      expect(redirected.out).toBe(fromFile.out);
    } finally {
      closeSync(fd);
    }
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
