/**
 * Standard input that is a pipe (`tcpdump -w - | sip-triage diagnose -`),
 * read on the main thread with blocking reads of what a pipe holds, one at
 * a time as the parser asks for them: no stream, no thread. A capture in it
 * is spooled to a temporary file as it passes (pipe-spool.ts), so what is
 * kept is no more than a named file's.
 *
 * Until stop 28 a worker thread took over the reading past 8 MiB, so the
 * writer never waited on a full pipe while the parser worked. With the
 * capture spooled, the worker cost more than it saved: on the 50k capture
 * piped in, the main thread's reads alone were 57-80 ms faster (whole
 * process, cold, 11 paired rounds, through a pipe and through a socket) and
 * peak RSS 108 MB instead of 131 (the worker's own heap, and the chunks it
 * read ahead). The writer refills the pipe on the other core while the
 * parser works through what it got.
 *
 * The parser reads only what it asks for, so a writer that keeps the pipe
 * open and silent (a live capture) cannot hold the process once the parser
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
}

/**
 * The bytes of the pipe as the caller asks for them. A read failure throws
 * PipeReadError with the system's reason.
 */
export async function* pipeChunks(options: PipeOptions = {}): AsyncGenerator<Uint8Array> {
  const fd = options.fd ?? 0;
  for (;;) {
    const buffer = new Uint8Array(READ_BYTES);
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
