/**
 * Standard input that is a pipe (pipe-input.ts), tried here on named pipes
 * of its own: the start is read on this thread and the rest by a worker,
 * every byte in order; a short input needs no worker; the worker reads ahead
 * while nothing is taken, stops once it is `ahead` bytes ahead, and goes on
 * as chunks are taken; a reader that stops early ends the worker while the
 * writer still holds the pipe open. (The real-process tests in
 * standard-input.test.ts read descriptor 0 itself this way.)
 */
import { execFile, execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  write,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCorpusFile } from '../../bench/sip/write-corpus.js';
import { pipeChunks } from '../../src/cli/pipe-input.js';

const writeAt = promisify(write);
const PIECE = 64 * 1024;

let dir: string;
/** Named pipes made by blockingPipe in this test. */
let pipes = 0;
let readFd: number;
let writeFd: number | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sip-triage-pipe-'));
  const fifo = join(dir, 'input.fifo');
  execFileSync('mkfifo', [fifo]);
  // The read end first, without waiting for a writer; then the write end, which a reader lets open.
  readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  writeFd = openSync(fifo, constants.O_WRONLY);
});

afterEach(() => {
  // The worker closed the read end when it ended; a write still pending then fails, not hangs.
  if (writeFd !== undefined) closeSync(writeFd);
  writeFd = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** `pieces` distinct 64 KiB pieces, written one after another; `written` counts what the pipe took. */
function writer(pieces: number): { bytes: Uint8Array; written: () => number; done: Promise<void> } {
  const bytes = pattern(pieces * PIECE);
  let written = 0;
  const done = (async () => {
    while (written < bytes.length) {
      const { bytesWritten } = await writeAt(
        writeFd as number,
        bytes,
        written,
        Math.min(PIECE, bytes.length - written),
      );
      written += bytesWritten;
    }
  })();
  // A test that ends the reader early sees the writer fail (EPIPE) before it awaits `done`.
  done.catch(() => {});
  return { bytes, written: () => written, done };
}

/** Resolves once `value()` has not changed for `quiet` ms (at most `limit` ms). */
async function settled(value: () => number, quiet = 300, limit = 5_000): Promise<number> {
  const start = Date.now();
  let last = value();
  let since = Date.now();
  while (Date.now() - start < limit) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (value() !== last) {
      last = value();
      since = Date.now();
    } else if (Date.now() - since >= quiet) break;
  }
  return last;
}

/** `size` bytes that differ from one position to the next, so a chunk out of order shows. */
function pattern(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >>> 16)) & 0xff;
  return bytes;
}

/**
 * A descriptor in blocking mode on a second named pipe, whose writer (a
 * child process) writes `bytes` and closes it; the pipe of beforeEach opened
 * non-blocking, which a blocking read would not wait on.
 */
async function blockingPipe(bytes: Uint8Array): Promise<{ fd: number; written: Promise<unknown> }> {
  const file = join(dir, `input-${pipes + 1}.bin`);
  writeFileSync(file, bytes);
  const other = join(dir, `blocking-${++pipes}.fifo`);
  execFileSync('mkfifo', [other]);
  const written = promisify(execFile)('sh', ['-c', `cat "${file}" > "${other}"`]);
  // Blocks until the child opens the pipe to write, which it does at once.
  return { fd: openSync(other, constants.O_RDONLY), written };
}

describe('standard input that is a pipe', () => {
  it('reads the start on this thread, then hands over to a worker, every byte in order', async () => {
    const bytes = pattern(1_000_000);
    const { fd, written } = await blockingPipe(bytes);
    let workers = 0;
    const taken: Uint8Array[] = [];
    const onWorker = () => workers++;
    const wantsWorker = () => true;
    for await (const chunk of pipeChunks({ fd, startAfter: 64 * 1024, wantsWorker, onWorker })) {
      taken.push(chunk);
      // A parser busy with the first chunks: the worker, started after 64 KiB, is ready meanwhile.
      if (taken.length === 2) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await written;
    expect(workers).toBe(1);
    expect(Buffer.concat(taken).equals(Buffer.from(bytes))).toBe(true);
  });

  it('reads a short input on this thread alone', async () => {
    const bytes = pattern(100_000);
    const { fd, written } = await blockingPipe(bytes);
    let workers = 0;
    const taken: Uint8Array[] = [];
    for await (const chunk of pipeChunks({ fd, onWorker: () => workers++ })) taken.push(chunk);
    await written;
    closeSync(fd);
    expect(workers).toBe(0);
    expect(Buffer.concat(taken).equals(Buffer.from(bytes))).toBe(true);
  });

  it('hands a capture over to a worker, and reads a paste on this thread alone however long', async () => {
    const capture = join(dir, 'capture.pcap');
    writeCorpusFile(capture, 2_000, 'interleaved');
    const text = Buffer.from('INVITE sip:bob@example.com SIP/2.0\r\n'.repeat(30_000));
    for (const [bytes, expected] of [
      [new Uint8Array(readFileSync(capture)), 1],
      [new Uint8Array(text), 0],
    ] as const) {
      const { fd, written } = await blockingPipe(bytes);
      let workers = 0;
      const taken: Uint8Array[] = [];
      const options = { fd, startAfter: 64 * 1024, onWorker: () => workers++ };
      for await (const chunk of pipeChunks(options)) {
        taken.push(chunk);
        // A parser busy with the first chunks, as above.
        if (taken.length === 2) await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      await written;
      if (workers === 0) closeSync(fd);
      expect(bytes.byteLength).toBeGreaterThan(1_000_000);
      expect(workers).toBe(expected);
      expect(Buffer.concat(taken).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('reads ahead up to its bound while nothing is taken, then hands every byte over in order', async () => {
    const ahead = 256 * 1024;
    const input = writer(40);
    // Read here until the worker, started at once, is ready; then one chunk from the worker.
    let readHere = -1;
    const taken: Uint8Array[] = [];
    const onWorker = () => {
      readHere = taken.reduce((n, c) => n + c.byteLength, 0);
    };
    const chunks = pipeChunks({
      fd: readFd,
      startAfter: 0,
      ahead,
      wantsWorker: () => true,
      onWorker,
    })[Symbol.asyncIterator]();
    while (readHere < 0) {
      const next = await chunks.next();
      if (next.done) break;
      taken.push(next.value);
    }
    expect(readHere).toBeGreaterThanOrEqual(0);
    // Nothing more taken: the worker reads ahead, then pauses, and the writer blocks on the full pipe.
    const stalled = (await settled(input.written)) - readHere;
    expect(stalled).toBeGreaterThanOrEqual(ahead);
    // The bound, plus what the paused stream and the pipe itself hold (64 KiB each), plus one piece.
    expect(stalled).toBeLessThanOrEqual(ahead + 3 * PIECE);
    const ending = input.done.then(() => {
      closeSync(writeFd as number);
      writeFd = undefined;
    });
    for (let next = await chunks.next(); !next.done; next = await chunks.next())
      taken.push(next.value);
    await ending;
    expect(Buffer.concat(taken).equals(Buffer.from(input.bytes))).toBe(true);
  });

  it('ends its worker when the reader stops early, though the writer keeps the pipe open', async () => {
    const input = writer(8);
    let workers = 0;
    const taken: Uint8Array[] = [];
    // The worker starts at once and takes over when the pipe is empty (it was opened non-blocking).
    for await (const chunk of pipeChunks({
      fd: readFd,
      startAfter: 0,
      onWorker: () => workers++,
    })) {
      taken.push(chunk);
      if (workers > 0) break;
    }
    expect(workers).toBe(1);
    const got = Buffer.concat(taken);
    expect(got.equals(Buffer.from(input.bytes.subarray(0, got.byteLength)))).toBe(true);
    // The worker is gone and took the read end with it: the writer's next write fails at once.
    const late = await writeAt(writeFd as number, new Uint8Array(PIECE * 2), 0, PIECE * 2).then(
      () => 'written',
      (error: NodeJS.ErrnoException) => error.code,
    );
    await input.done.catch(() => {});
    expect(late).toBe('EPIPE');
  });
});
