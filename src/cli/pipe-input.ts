/**
 * Standard input that is a pipe (`tcpdump -w - | sip-triage diagnose -`).
 *
 * It is read on the main thread at first, with blocking reads made one at a
 * time as the parser asks: a paste ends there, read with no stream and no
 * thread. What comes later is read by a worker thread. Why: a pipe
 * holds 64 KiB. Read on the main thread, it is emptied only when the parser
 * comes back for more; the writer then fills it again while the parser
 * works, and the parser, done with its 64 KiB, often finds it not yet
 * refilled and waits. On a 50,000-message capture that was about 400 waits,
 * 115-140 ms in all on this 2-core machine. A worker whose event loop does
 * nothing but read keeps the pipe empty, so the writer never stalls, and
 * hands each chunk over as it comes (the bytes are moved, not copied).
 *
 * Only a capture (or gzip'd input) is worth a worker: it is parsed while
 * it is read, so the parser and the pipe take turns. A paste is read whole
 * before anything is parsed, and the main thread, blocked in its read,
 * wakes as soon as the writer writes: a worker there only costs its start
 * (a 5 MB paste piped in took 27 ms longer with one, 31 paired runs). A
 * worker takes tens of milliseconds to start, so it is started once
 * START_BYTES have come (a capture of a few MB never pays for it), and the
 * main thread goes on reading while it starts; the worker takes over once
 * it says it is ready (a flag in shared memory, which the main thread sees
 * without turning its event loop).
 *
 * The worker reads at most AHEAD_BYTES ahead of what the parser took, so a
 * fast writer does not fill memory with input the parser may never read
 * (the input limit stops it early). It is terminated when the reader stops,
 * at the end or early: its read is a non-blocking one in its own event loop,
 * and the main thread reads only what the parser asks for, so a writer that
 * keeps the pipe open and silent cannot hold the process. libuv never
 * closes descriptors 0-2, so the worker's handle on the pipe leaves standard
 * input open for the rest of the process (another descriptor is closed with
 * the worker).
 */
import { readSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';

/** Bytes the worker reads ahead of the parser, at most, before it pauses. */
const AHEAD_BYTES = 8 * 1024 * 1024;
/** The worker is told what the parser took once this much was taken. */
const ACK_BYTES = 1024 * 1024;
/**
 * Bytes read on the main thread before a worker is started. A worker costs
 * 25-40 ms to start and end on this 2-core machine, and saves a few ms per
 * MB read: a 400 KB capture piped in took 22 ms longer with a worker from
 * 256 KiB on, a 4 MB one 25 ms longer with one from 2 MiB on (21 paired
 * rounds each). Below this size the main thread reads alone.
 */
const START_BYTES = 8 * 1024 * 1024;
/** Bytes per blocking read: what a pipe holds. */
const READ_BYTES = 64 * 1024;

/**
 * The worker: says it is ready, waits for "read", then reads its descriptor,
 * posts what each turn of its event loop read as one chunk, and pauses when
 * too far ahead; every later message says how much was taken.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
Atomics.store(new Int32Array(workerData.ready), 0, 1);
const { Socket } = require('node:net');
const ahead = workerData.ahead;
let unacknowledged = 0;
let input;
// What one turn of the event loop read (up to 32 reads of 64 KiB) goes out as one chunk: the
// parser's cost per chunk is paid once per turn rather than per read.
let pending = [];
let pendingBytes = 0;
let flushing = false;
function flush() {
  flushing = false;
  if (pendingBytes === 0) return;
  let own;
  if (pending.length === 1) {
    const only = pending[0];
    // A chunk that owns its whole memory is moved; a view into a larger block is copied first.
    own = only.byteOffset === 0 && only.buffer.byteLength === only.byteLength
      ? only
      : Uint8Array.prototype.slice.call(only);
  } else {
    own = new Uint8Array(pendingBytes);
    let at = 0;
    for (const piece of pending) {
      own.set(piece, at);
      at += piece.byteLength;
    }
  }
  pending = [];
  pendingBytes = 0;
  unacknowledged += own.byteLength;
  parentPort.postMessage(own, [own.buffer]);
}
function read() {
  input = new Socket({ fd: workerData.fd, readable: true, writable: false });
  input.on('data', (chunk) => {
    pending.push(chunk);
    pendingBytes += chunk.byteLength;
    if (unacknowledged + pendingBytes >= ahead) input.pause();
    if (!flushing) {
      flushing = true;
      setImmediate(flush);
    }
  });
  input.on('end', () => {
    flush();
    parentPort.postMessage('end');
  });
  input.on('error', (error) => {
    flush();
    parentPort.postMessage({ error: error.message });
  });
}
parentPort.on('message', (message) => {
  if (message === 'read') return read();
  unacknowledged -= message;
  if (unacknowledged < ahead && input.isPaused()) input.resume();
});
`;

export class PipeReadError extends Error {}

/** A worker started on a pipe, waiting to be told to read it. */
interface PipeWorker {
  /** Whether it has started and can read. */
  ready(): boolean;
  /** Starts the reading; the chunks come as they are read. */
  chunks(): AsyncGenerator<Uint8Array>;
  /**
   * Ends the worker (at the end, early, or when it was never needed); waits
   * for it to end only when it was reading a pipe that had not ended (a
   * worker done or still starting is left to end on its own, as the process
   * no longer waits for it: its end takes milliseconds that the parser
   * would otherwise wait for).
   */
  stop(): Promise<void>;
}

/**
 * Starts a worker for the pipe `fd`, which reads nothing until its chunks
 * are asked for; `ahead` bounds its read-ahead.
 */
async function prepareWorker(fd: number, ahead: number): Promise<PipeWorker> {
  const { Worker } = await import('node:worker_threads');
  const ready = new SharedArrayBuffer(4);
  const readyFlag = new Int32Array(ready);
  const worker: Worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { fd, ahead, ready },
    // The descriptor is the caller's: the worker must not track it as one of its own.
    trackUnmanagedFds: false,
    // It holds nothing but the chunks in flight (outside the heap): a young generation of the
    // default size would grow to tens of megabytes under the stream of reads.
    resourceLimits: { maxYoungGenerationSizeMb: 2 },
  });
  // Waiting to be told to read, it must not keep the process alive.
  worker.unref();
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
  let reading = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    reading = true;
    worker.ref();
    worker.postMessage('read');
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
  return {
    ready: () => Atomics.load(readyFlag, 0) === 1,
    chunks,
    stop: async () => {
      worker.unref();
      const ending = worker.terminate();
      // Stopped before the end: its handle on the pipe is let go before going on.
      if (reading && !ended) await ending;
    },
  };
}

export interface PipeOptions {
  /** The pipe: standard input unless a test gives another. */
  fd?: number;
  /** Bytes read on this thread before a worker is started (START_BYTES). */
  startAfter?: number;
  /** How far the worker reads ahead of what was taken, at most (AHEAD_BYTES). */
  ahead?: number;
  /** Whether input that starts with `head` (4 bytes) is worth a worker (captures and gzip). */
  wantsWorker?: (head: Uint8Array) => boolean | Promise<boolean>;
  /** Told when a worker takes over (tests see which way the bytes came). */
  onWorker?: () => void;
}

/**
 * A capture or gzip'd input (which may hold one): parsed while it is read
 * (input-file.ts asks the same of a named file's first chunk). The capture
 * magic numbers are loaded here, not with this module: the commands that
 * read no input (explain, the console) must not load the ingest code.
 */
export async function captureOrGzip(head: Uint8Array): Promise<boolean> {
  const { isCaptureOrGzip } = await import('../core/ingest/capture/capture-magic.js');
  return isCaptureOrGzip(head);
}

/**
 * The bytes of the pipe as the caller asks for them: read here until a
 * worker, started once `startAfter` bytes have come, is ready to read the
 * rest (see above). The worker is stopped when the caller stops or the pipe
 * ends. A read failure throws PipeReadError with the system's reason.
 */
export async function* pipeChunks(options: PipeOptions = {}): AsyncGenerator<Uint8Array> {
  const fd = options.fd ?? 0;
  const startAfter = options.startAfter ?? START_BYTES;
  const ahead = options.ahead ?? AHEAD_BYTES;
  const wantsWorker = options.wantsWorker ?? captureOrGzip;
  /** The first bytes, which tell whether a worker is wanted; undefined once told. */
  let head: Uint8Array | undefined = new Uint8Array(4);
  let wanted = false;
  let worker: PipeWorker | undefined;
  try {
    let total = 0;
    while (worker === undefined || !worker.ready()) {
      if (wanted && worker === undefined && total >= startAfter)
        worker = await prepareWorker(fd, ahead);
      const buffer = new Uint8Array(READ_BYTES);
      let n: number;
      try {
        n = readSync(fd, buffer, 0, READ_BYTES, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK')
          throw new PipeReadError(error instanceof Error ? error.message : String(error));
        // Left non-blocking by whoever opened it: a worker waits for what is still to come.
        break;
      }
      if (n === 0) return;
      if (head !== undefined) {
        head.set(buffer.subarray(0, Math.min(n, 4 - total)), total);
        if (total + n >= 4) {
          wanted = await wantsWorker(head);
          head = undefined;
        }
      }
      total += n;
      yield n === READ_BYTES ? buffer : buffer.subarray(0, n);
    }
    worker ??= await prepareWorker(fd, ahead);
    options.onWorker?.();
    yield* worker.chunks();
  } finally {
    await worker?.stop();
  }
}

const EMPTY = new Uint8Array(0);
