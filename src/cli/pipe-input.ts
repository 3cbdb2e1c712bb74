/**
 * Standard input that is a pipe (`tcpdump -w - | sip-triage diagnose -`),
 * read on the main thread with blocking reads of what a pipe holds, one at
 * a time as the reader asks for them: no stream, no thread. A capture in it
 * is drained into a temporary file before it is parsed (pipe-spool.ts says
 * why), so what is kept is no more than a named file's.
 *
 * Until stop 28 a worker thread took over the reading past 8 MiB, so the
 * writer never waited on a full pipe while the parser worked. With the
 * capture spooled, the worker cost more than it saved: on the 50k capture
 * piped in, the main thread's reads alone were 57-80 ms faster (whole
 * process, cold, 11 paired rounds, through a pipe and through a socket) and
 * peak RSS 108 MB instead of 131 (the worker's own heap, and the chunks it
 * read ahead).
 *
 * Nothing is read before the reader asks, so a writer that keeps the pipe
 * open and silent (a live capture) cannot hold the process once the reader
 * stops at the input limit. A pipe left non-blocking by whoever opened it
 * cannot be waited on with a blocking read; its rest is read as a stream on
 * the event loop, destroyed when the reader stops.
 */
import { readSync } from 'node:fs';

/** Bytes per blocking read: what a pipe holds. */
const READ_BYTES = 64 * 1024;

export class PipeReadError extends Error {}

export interface PipeOptions {
  /** The pipe: standard input unless a test gives another. */
  fd?: number;
  /**
   * Asked before each read: true when the caller is done with the chunk it
   * was handed last, which is then read into again instead of a new buffer.
   * The spool's drain is (it writes each chunk out before asking for the
   * next): with a buffer per read, those of the 34 MB capture lay in memory
   * until a collection freed them, 14 MB more peak RSS.
   */
  reuse?: () => boolean;
}

/**
 * The bytes of the pipe as the caller asks for them. A read failure throws
 * PipeReadError with the system's reason.
 */
export async function* pipeChunks(options: PipeOptions = {}): AsyncGenerator<Uint8Array> {
  const fd = options.fd ?? 0;
  let last: Uint8Array | undefined;
  for (;;) {
    const buffer =
      last !== undefined && options.reuse?.() === true ? last : new Uint8Array(READ_BYTES);
    let n: number;
    try {
      n = readSync(fd, buffer, 0, READ_BYTES, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw readError(error);
      // Non-blocking, and empty for now: the rest comes as a stream.
      yield* streamed(fd);
      return;
    }
    if (n === 0) return;
    last = buffer;
    yield n === READ_BYTES ? buffer : buffer.subarray(0, n);
  }
}

/**
 * The rest of a non-blocking pipe, read on the event loop; the stream is
 * destroyed when the reader stops, at the end or early (libuv never closes
 * descriptors 0-2, so standard input stays open for the rest of the process).
 */
async function* streamed(fd: number): AsyncGenerator<Uint8Array> {
  const { Socket } = await import('node:net');
  const socket = new Socket({ fd, readable: true, writable: false });
  try {
    for await (const chunk of socket) yield chunk as Uint8Array;
  } catch (error) {
    throw readError(error);
  } finally {
    socket.destroy();
  }
}

function readError(error: unknown): PipeReadError {
  return new PipeReadError(error instanceof Error ? error.message : String(error));
}
