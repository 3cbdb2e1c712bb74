/**
 * Standard input that is a pipe (`tcpdump -w - | sip-triage diagnose -`).
 *
 * The first MiB is read right here, with blocking reads: a paste ends long
 * before, and is read with no stream and no thread. What is still coming
 * after that is read by a worker thread of its own. Why: a pipe holds 64
 * KiB. Read on the main thread, it is emptied only when the parser comes
 * back for more; the writer then fills it again while the parser works, and
 * the parser, done with its 64 KiB, often finds it not yet refilled and
 * waits. On a 50,000-message capture that was about 400 waits, 115-140 ms in
 * all on this 2-core machine. A worker whose event loop does nothing but
 * read keeps the pipe empty, so the writer never stalls, and hands each
 * chunk over as it comes (the bytes are moved, not copied). It starts only
 * for a big input, as it costs 30-60 ms to start: the parser works on the
 * first MiB meanwhile.
 *
 * The worker reads at most AHEAD_BYTES ahead of what the parser took, so a
 * fast writer does not fill memory with input the parser may never read
 * (the input limit stops it early). It is terminated when the reader stops,
 * at the end or early: its read is a non-blocking one in its own event loop,
 * so a writer that keeps the pipe open and silent cannot hold the process
 * (the main thread's blocking reads stop as soon as the reader does).
 * libuv never closes descriptors 0-2, so the worker's handle on the pipe
 * leaves standard input open for the rest of the process (another
 * descriptor is closed with the worker).
 */
import { fstatSync, readSync } from 'node:fs';

/** Bytes the worker reads ahead of the parser, at most, before it pauses. */
const AHEAD_BYTES = 8 * 1024 * 1024;
/** The worker is told what the parser took once this much was taken. */
const ACK_BYTES = 1024 * 1024;
/** Bytes read on the main thread before a worker takes over. */
const FIRST_BYTES = 1024 * 1024;
/** Bytes per blocking read: what a pipe holds. */
const READ_BYTES = 64 * 1024;

/** The worker: reads descriptor 0, posts each chunk, pauses when too far ahead. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Socket } = require('node:net');
const ahead = workerData.ahead;
let unacknowledged = 0;
const input = new Socket({ fd: workerData.fd, readable: true, writable: false });
input.on('data', (chunk) => {
  // A chunk that owns its whole memory is moved; a view into a larger block is copied first.
  const own = chunk.byteOffset === 0 && chunk.buffer.byteLength === chunk.byteLength
    ? chunk
    : Uint8Array.prototype.slice.call(chunk);
  unacknowledged += own.byteLength;
  parentPort.postMessage(own, [own.buffer]);
  if (unacknowledged >= ahead) input.pause();
});
input.on('end', () => parentPort.postMessage('end'));
input.on('error', (error) => parentPort.postMessage({ error: error.message }));
parentPort.on('message', (taken) => {
  unacknowledged -= taken;
  if (unacknowledged < ahead && input.isPaused()) input.resume();
});
`;

/** Whether standard input is a pipe or a socket, which pipeChunks reads (a file or terminal is not). */
export function stdinIsPipe(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

export class PipeReadError extends Error {}

export interface PipeOptions {
  /** The pipe: standard input unless a test gives another. */
  fd?: number;
  /** Read on the main thread before a worker takes over (FIRST_BYTES). */
  first?: number;
  /** How far the worker reads ahead of what was taken, at most (AHEAD_BYTES). */
  ahead?: number;
  /** Told when a worker takes over (tests see which way the bytes came). */
  onWorker?: () => void;
}

/**
 * The bytes of the pipe, as they come: the start read here, the rest (if
 * any) by a worker (see above). A read failure throws PipeReadError with
 * the system's reason.
 */
export async function* pipeChunks(options: PipeOptions = {}): AsyncGenerator<Uint8Array> {
  const fd = options.fd ?? 0;
  const start = readStart(fd, options.first ?? FIRST_BYTES);
  if (start.ended) {
    yield* start.chunks;
    if (start.failure !== undefined) throw new PipeReadError(start.failure);
    return;
  }
  // Started before the first chunks are handed over, so that it starts while they are parsed.
  const worker = await startWorker(fd, options.ahead ?? AHEAD_BYTES);
  options.onWorker?.();
  try {
    yield* start.chunks;
    yield* worker.chunks();
  } finally {
    await worker.stop();
  }
}

/**
 * Up to `first` bytes of the pipe, read with blocking reads; `ended` when
 * the pipe ended there. A descriptor left non-blocking by whoever opened it
 * gives what it has and leaves the rest to the worker, which waits for it.
 */
function readStart(
  fd: number,
  first: number,
): { chunks: Uint8Array[]; ended: boolean; failure?: string } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < first) {
    const buffer = new Uint8Array(READ_BYTES);
    let n: number;
    try {
      n = readSync(fd, buffer, 0, READ_BYTES, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return { chunks, ended: false };
      return {
        chunks,
        ended: true,
        failure: error instanceof Error ? error.message : String(error),
      };
    }
    if (n === 0) return { chunks, ended: true };
    chunks.push(n === READ_BYTES ? buffer : buffer.subarray(0, n));
    total += n;
  }
  return { chunks, ended: false };
}

/** Starts the worker on `fd`: its chunks as they come, and how to stop it (at the end or early). */
async function startWorker(
  fd: number,
  ahead: number,
): Promise<{ chunks: () => AsyncGenerator<Uint8Array>; stop: () => Promise<number> }> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { fd, ahead },
    // The descriptor is the caller's: the worker must not track it as one of its own.
    trackUnmanagedFds: false,
  });
  const queue: Uint8Array[] = [];
  let head = 0;
  /** Bytes taken since the worker was last told. */
  let taken = 0;
  let ended = false;
  let failure: string | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  worker.on('message', (message: unknown) => {
    if (message instanceof Uint8Array) queue.push(message);
    else {
      if (typeof message === 'object' && message !== null && 'error' in message)
        failure = String((message as { error: unknown }).error);
      ended = true;
    }
    notify();
  });
  worker.on('error', (error: Error) => {
    failure ??= error.message;
    ended = true;
    notify();
  });
  worker.on('exit', () => {
    ended = true;
    notify();
  });
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (head < queue.length) {
        const chunk = queue[head] as Uint8Array;
        queue[head++] = EMPTY;
        if (head === queue.length) {
          queue.length = 0;
          head = 0;
        }
        // Told in batches (a message to the worker costs about 0.1 ms, a chunk is 64 KiB), and
        // before waiting (below).
        taken += chunk.byteLength;
        if (taken >= ACK_BYTES) {
          worker.postMessage(taken);
          taken = 0;
        }
        yield chunk;
        continue;
      }
      if (failure !== undefined) throw new PipeReadError(failure);
      if (ended) return;
      // Waiting: whatever was taken is told first, or a paused worker would wait too.
      if (taken > 0) {
        worker.postMessage(taken);
        taken = 0;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
  return { chunks, stop: () => worker.terminate() };
}

const EMPTY = new Uint8Array(0);
