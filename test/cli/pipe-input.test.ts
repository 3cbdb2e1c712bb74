/**
 * Standard input that is a pipe is read by a worker thread (pipe-input.ts),
 * tried here on a named pipe of its own: every byte arrives, in order; the
 * worker reads ahead while nothing is taken, stops once it is `ahead` bytes
 * ahead, and goes on as chunks are taken; a reader that stops early ends the
 * worker while the writer still holds the pipe open. (The real-process
 * tests in standard-input.test.ts read descriptor 0 itself this way.)
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, write } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPipeReader } from '../../src/cli/pipe-input.js';

const writeAt = promisify(write);
const PIECE = 64 * 1024;

let dir: string;
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
  const bytes = new Uint8Array(pieces * PIECE);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >>> 16)) & 0xff;
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

function joined(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

describe('standard input read by a worker thread', () => {
  it('reads ahead up to its bound while nothing is taken, then hands every byte over in order', async () => {
    const ahead = 256 * 1024;
    const chunks = await startPipeReader({ fd: readFd, ahead });
    const input = writer(40);
    // Nothing taken yet: the worker reads ahead, then pauses, and the writer blocks on the full pipe.
    const stalled = await settled(input.written);
    expect(stalled).toBeGreaterThanOrEqual(ahead);
    // The bound, plus what the paused stream and the pipe itself hold (64 KiB each), plus one piece.
    expect(stalled).toBeLessThanOrEqual(ahead + 3 * PIECE);
    const taken: Uint8Array[] = [];
    const ending = input.done.then(() => {
      closeSync(writeFd as number);
      writeFd = undefined;
    });
    for await (const chunk of chunks()) taken.push(chunk);
    await ending;
    expect(taken.length).toBeGreaterThan(1);
    expect(Buffer.from(joined(taken)).equals(Buffer.from(input.bytes))).toBe(true);
  });

  it('ends its worker when the reader stops early, though the writer keeps the pipe open', async () => {
    const chunks = await startPipeReader({ fd: readFd });
    const input = writer(2);
    let first: Uint8Array | undefined;
    for await (const chunk of chunks()) {
      first = chunk;
      break;
    }
    expect(first?.byteLength).toBeGreaterThan(0);
    expect(
      Buffer.from(first as Uint8Array).equals(
        Buffer.from(input.bytes.subarray(0, first?.byteLength)),
      ),
    ).toBe(true);
    // The worker is gone and took the read end with it: the writer's next write fails at once.
    const late = await writeAt(writeFd as number, new Uint8Array(PIECE * 2), 0, PIECE * 2).then(
      () => 'written',
      (error: NodeJS.ErrnoException) => error.code,
    );
    await input.done.catch(() => {});
    expect(late).toBe('EPIPE');
  });
});
