/**
 * Standard input that is a pipe (pipe-input.ts), tried here on named pipes
 * of its own: every byte in order, read as the reader asks, a capture and a
 * paste alike; a buffer is read into again while the reader says it is
 * done with it; a blocking read waits for a slow writer; a pipe left
 * non-blocking is read as a stream once it is empty, and that stream ends
 * when the reader stops early, though the writer still holds the pipe open.
 * (The real-process tests in standard-input.test.ts read descriptor 0
 * itself this way.)
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
  // A stream that ended closed the read end; a write still pending then fails, not hangs.
  if (writeFd !== undefined) closeSync(writeFd);
  writeFd = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/**
 * `pieces` distinct 64 KiB pieces, written one after another, `pause` ms
 * apart; `written` counts what the pipe took.
 */
function writer(
  pieces: number,
  pause = 0,
): { bytes: Uint8Array; written: () => number; done: Promise<void> } {
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
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
  })();
  // A test that ends the reader early sees the writer fail (EPIPE) before it awaits `done`.
  done.catch(() => {});
  return { bytes, written: () => written, done };
}

/** `size` bytes that differ from one position to the next, so a chunk out of order shows. */
function pattern(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >>> 16)) & 0xff;
  return bytes;
}

/**
 * A descriptor in blocking mode on a second named pipe, whose writer (a
 * child process) writes `bytes` and closes it, `pause` ms between 64 KiB
 * pieces when `pause` is given; the pipe of beforeEach opened non-blocking,
 * which a blocking read would not wait on.
 */
async function blockingPipe(
  bytes: Uint8Array,
  pause?: number,
): Promise<{ fd: number; written: Promise<unknown> }> {
  const file = join(dir, `input-${pipes + 1}.bin`);
  writeFileSync(file, bytes);
  const other = join(dir, `blocking-${++pipes}.fifo`);
  execFileSync('mkfifo', [other]);
  const pieces = Math.ceil(bytes.byteLength / PIECE);
  const script =
    pause === undefined
      ? `cat "${file}" > "${other}"`
      : `i=0; while [ $i -lt ${pieces} ]; do dd if="${file}" bs=${PIECE} skip=$i count=1 2>/dev/null; sleep ${pause / 1000}; i=$((i + 1)); done > "${other}"`;
  const written = promisify(execFile)('sh', ['-c', script]);
  // Blocks until the child opens the pipe to write, which it does at once.
  return { fd: openSync(other, constants.O_RDONLY), written };
}

describe('standard input that is a pipe', () => {
  it('hands over every byte in order, a capture and a paste alike, as the reader asks', async () => {
    const capture = join(dir, 'capture.pcap');
    writeCorpusFile(capture, 2_000, 'interleaved');
    const text = Buffer.from('INVITE sip:bob@example.com SIP/2.0\r\n'.repeat(30_000));
    for (const bytes of [new Uint8Array(readFileSync(capture)), new Uint8Array(text)]) {
      const { fd, written } = await blockingPipe(bytes);
      const taken: Uint8Array[] = [];
      for await (const chunk of pipeChunks({ fd })) {
        taken.push(chunk);
        // A parser busy with the first chunks: the writer waits on the full pipe meanwhile.
        if (taken.length === 2) await new Promise((resolve) => setTimeout(resolve, 300));
        expect(chunk.byteLength).toBeLessThanOrEqual(PIECE);
      }
      await written;
      closeSync(fd);
      expect(bytes.byteLength).toBeGreaterThan(1_000_000);
      expect(taken.length).toBeGreaterThanOrEqual(bytes.byteLength / PIECE);
      expect(Buffer.concat(taken).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('waits for a writer slower than the reader, and ends when it closes the pipe', async () => {
    const bytes = pattern(6 * PIECE);
    // A writer that pauses between pieces, as a live capture does: every read waits for it.
    const { fd, written } = await blockingPipe(bytes, 40);
    const taken: Uint8Array[] = [];
    for await (const chunk of pipeChunks({ fd })) taken.push(chunk);
    await written;
    closeSync(fd);
    expect(taken.length).toBeGreaterThanOrEqual(6);
    expect(Buffer.concat(taken).equals(Buffer.from(bytes))).toBe(true);
  });

  it('reads into the buffer it handed out last while the reader says it is done with it', async () => {
    const bytes = pattern(12 * PIECE);
    const { fd, written } = await blockingPipe(bytes);
    // The reader is done with each chunk once it has copied it, from the fourth chunk to the eighth.
    let handed = 0;
    const copies: Buffer[] = [];
    const buffers: ArrayBufferLike[] = [];
    for await (const chunk of pipeChunks({ fd, reuse: () => handed >= 4 && handed < 8 })) {
      handed++;
      copies.push(Buffer.from(chunk));
      buffers.push(chunk.buffer);
    }
    await written;
    closeSync(fd);
    expect(Buffer.concat(copies).equals(Buffer.from(bytes))).toBe(true);
    expect(handed).toBeGreaterThanOrEqual(12);
    // Reads 5 to 8 went into the buffer of read 4; every other read into a buffer of its own.
    expect(new Set(buffers.slice(3, 8)).size).toBe(1);
    expect(
      new Set([buffers[0], buffers[1], buffers[2], buffers[3], ...buffers.slice(8)]).size,
    ).toBe(buffers.length - 4);
  });

  it('reads a pipe left non-blocking as a stream once it is empty, every byte in order', async () => {
    const input = writer(24, 10);
    const ending = input.done.then(() => {
      closeSync(writeFd as number);
      writeFd = undefined;
    });
    const taken: Uint8Array[] = [];
    for await (const chunk of pipeChunks({ fd: readFd })) taken.push(chunk);
    await ending;
    expect(Buffer.concat(taken).equals(Buffer.from(input.bytes))).toBe(true);
  });

  it('ends the stream when the reader stops early, though the writer keeps the pipe open', async () => {
    const input = writer(8, 10);
    const taken: Uint8Array[] = [];
    // Non-blocking and soon empty: past the first piece it is read as a stream.
    for await (const chunk of pipeChunks({ fd: readFd })) {
      taken.push(chunk);
      if (taken.reduce((n, c) => n + c.byteLength, 0) > PIECE) break;
    }
    const got = Buffer.concat(taken);
    expect(got.equals(Buffer.from(input.bytes.subarray(0, got.byteLength)))).toBe(true);
    // The stream is gone and took the read end with it: the writer's next write fails at once.
    await input.done.catch(() => {});
    const late = await writeAt(writeFd as number, new Uint8Array(PIECE * 2), 0, PIECE * 2).then(
      () => 'written',
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(late).toBe('EPIPE');
  });
});
