/**
 * `sip-triage diagnose --format json`, written in pieces (a large capture's
 * JSON is tens of megabytes): the file -o names and standard output get the
 * same text, whole and parseable, the size said on stderr is the file's, and
 * a path that cannot be written is a usage error as for the other formats.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpusFile } from '../../bench/sip/write-corpus.js';
import { writePieces } from '../../src/cli/run-cli.js';
import { runCaptured, spawnCli } from '../helpers/run-cli.js';

let dir: string;
let capture: string;
const nonblockingStdout = fileURLToPath(
  new URL('../support/nonblocking-stdout.ts', import.meta.url),
);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sip-triage-json-'));
  capture = join(dir, 'busy-proxy.pcap');
  // Enough calls for the dialogs list to go out in several slices.
  writeCorpusFile(capture, 30_000, 'interleaved');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The capture's JSON diagnosis as `-o` writes it, into `name` in the scratch folder. */
async function writtenJson(name: string): Promise<string> {
  const file = join(dir, name);
  await runCaptured(['diagnose', capture, '--format', 'json', '-o', file]);
  return readFileSync(file, 'utf8');
}

/** `child`'s standard output, read with a pause of `pauseMs` after each chunk, and its exit code. */
async function readSlowly(
  child: { stdout: Readable; on(event: 'close', listener: (code: number | null) => void): unknown },
  pauseMs: number,
): Promise<{ code: number | null; out: string }> {
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), pauseMs);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out: Buffer.concat(chunks).toString('utf8') };
}

describe('sip-triage diagnose --format json', () => {
  it('writes the same whole JSON to -o as to standard output, and says its size', async () => {
    const file = join(dir, 'diagnosis.json');
    const toFile = await runCaptured(['diagnose', capture, '--format', 'json', '-o', file]);
    const toStdout = await runCaptured(['diagnose', capture, '--format', 'json']);
    expect(toFile.code).toBe(toStdout.code);
    const written = readFileSync(file, 'utf8');
    expect(written).toBe(toStdout.out);
    const parsed = JSON.parse(written) as { dialogs: { messages: number[] }[]; kind: string };
    expect(parsed.kind).toBe('diagnosis');
    expect(parsed.dialogs.length).toBeGreaterThan(4_000);
    // Every message of the capture is in exactly one dialog.
    const numbers = parsed.dialogs.flatMap((d) => d.messages);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(written).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
    const kb = Math.round(statSync(file).size / 1024);
    expect(toFile.err).toBe(`sip-triage: wrote ${file} (${kb} KB)\n`);
  });

  it('writes the whole JSON down a pipe from a real process, more than one piece of it', {
    timeout: 60_000,
  }, async () => {
    const expected = await writtenJson('whole.json');
    expect(Buffer.byteLength(expected)).toBeGreaterThan(1 << 20);
    const child = spawnCli(['diagnose', capture, '--format', 'json']);
    child.stdin.end();
    // A slow reader: the process must still hand over every piece before it exits.
    const { code, out } = await readSlowly(child, 2);
    expect(code).toBe(0);
    expect(out).toBe(expected);
  });

  it('hands a slow reader every piece when its pipe was left non-blocking (the rest goes through the stream)', {
    timeout: 60_000,
  }, async () => {
    const expected = await writtenJson('whole-nonblocking.json');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', nonblockingStdout, 'diagnose', capture, '--format', 'json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    // Slower than the command writes: its writes to the full pipe fail with EAGAIN.
    const { code, out } = await readSlowly(child, 5);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe(expected);
  });

  it('refuses an output path it cannot write', async () => {
    const r = await runCaptured([
      'diagnose',
      capture,
      '--format',
      'json',
      '-o',
      join(dir, 'no-such-folder', 'x.json'),
    ]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      /cannot write .*x\.json \(ENOENT\): pick a path in a folder you can write to/,
    );
  });
});

describe('writePieces, the writer of -o', () => {
  /** Pieces of one-byte and of wider text (accents, CJK, an emoji), over 2 MiB in all. */
  const pieces = Array.from({ length: 600 }, (_, i) =>
    i % 3 === 0
      ? `{"name": "Zoë Ærø 山田 ${i} 📞",\n`.repeat(120)
      : `{"index": ${i}, "ascii": "${'x'.repeat(40)}"},\n`.repeat(100),
  );
  const whole = pieces.join('');
  const quiet = { stdout: () => {}, stderr: () => {}, isTTY: false };

  it('writes every piece to a file, byte for byte, and counts the UTF-8 bytes', () => {
    expect(Buffer.byteLength(whole)).toBeGreaterThan(2 << 20);
    const file = join(dir, 'pieces.txt');
    const bytes = writePieces(file, quiet, (write) => {
      for (const piece of pieces) write(piece);
    });
    expect(bytes).toBe(Buffer.byteLength(whole));
    expect(readFileSync(file, 'utf8')).toBe(whole);
  });

  it('writes them down a FIFO named as the path, to a reader of its own', async () => {
    const fifo = join(dir, 'pieces.fifo');
    const copy = join(dir, 'pieces-copy.txt');
    execFileSync('mkfifo', [fifo]);
    // The reader opens the FIFO first: opening it for writing waits for one.
    const reader = spawn('sh', ['-c', `cat "${fifo}" > "${copy}"`]);
    const closed = new Promise<number | null>((resolve) => reader.on('close', resolve));
    const bytes = writePieces(fifo, quiet, (write) => {
      for (const piece of pieces) write(piece);
    });
    expect(await closed).toBe(0);
    expect(bytes).toBe(Buffer.byteLength(whole));
    expect(readFileSync(copy, 'utf8')).toBe(whole);
  });
});
