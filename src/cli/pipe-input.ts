/**
 * Standard input that is a pipe (`tcpdump -w - | sip-triage diagnose -`),
 * read by a thread of its own.
 *
 * Why: a pipe holds 64 KiB. Read on the main thread, it is emptied only
 * when the parser comes back for more; the writer then fills it again while
 * the parser works, and the parser, done with its 64 KiB, often finds it
 * not yet refilled and waits. On a 50,000-message capture that was about 400
 * waits, 115-140 ms in all on this 2-core machine. A worker thread whose
 * event loop does nothing but read keeps the pipe empty, so the writer never
 * stalls, and hands each chunk over as it comes (the bytes are moved, not
 * copied).
 *
 * The worker reads at most AHEAD_BYTES ahead of what the parser took, so a
 * fast writer does not fill memory with input the parser may never read
 * (the input limit stops it early). It is terminated when the reader stops,
 * at the end or early: its read is a non-blocking one in its own event loop,
 * so a writer that keeps the pipe open and silent cannot hold the process.
 * libuv never closes descriptors 0-2, so the worker's handle on the pipe
 * leaves standard input open for the rest of the process (another
 * descriptor is closed with the worker).
 */
import { fstatSync } from 'node:fs';

/** Bytes the worker reads ahead of the parser, at most, before it pauses. */
const AHEAD_BYTES = 8 * 1024 * 1024;

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

/**
 * Starts reading standard input (`fd`: another pipe, for tests) in a worker
 * thread (see above) and returns its bytes as they come; `ahead` bounds the
 * read-ahead (AHEAD_BYTES). The worker starts now, so that it is up and has
 * read ahead by the time the caller, which loads its modules and knowledge
 * first, asks for the bytes; until then it does not keep the process alive.
 * A read failure throws PipeReadError with the system's reason.
 */
export async function startPipeReader(
  options: { fd?: number; ahead?: number } = {},
): Promise<() => AsyncGenerator<Uint8Array>> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { fd: options.fd ?? 0, ahead: options.ahead ?? AHEAD_BYTES },
    // The descriptor is the caller's: the worker must not track it as one of its own.
    trackUnmanagedFds: false,
  });
  worker.unref();
  const queue: Uint8Array[] = [];
  let head = 0;
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
  return async function* pipeChunks(): AsyncGenerator<Uint8Array> {
    worker.ref();
    try {
      for (;;) {
        if (head < queue.length) {
          const chunk = queue[head] as Uint8Array;
          queue[head++] = EMPTY;
          if (head === queue.length) {
            queue.length = 0;
            head = 0;
          }
          worker.postMessage(chunk.byteLength);
          yield chunk;
          continue;
        }
        if (failure !== undefined) throw new PipeReadError(failure);
        if (ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      await worker.terminate();
    }
  };
}

const EMPTY = new Uint8Array(0);
