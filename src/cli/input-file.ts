/**
 * A file named on the command line (or standard input for "-"), opened up
 * front so a bad path is a usage error. A regular file is read in chunks of
 * its own that it registers with a PayloadFile, so a capture's messages can
 * read their payloads again from the file instead of keeping them. The file
 * stays open while its PayloadFile can be reached and is closed after: a
 * plain descriptor, not a FileHandle, which Node would close on garbage
 * collection with a warning.
 */
import {
  close,
  closeSync,
  createReadStream,
  fstat,
  fstatSync,
  open,
  read,
  readFileSync,
  readSync,
  type Stats,
} from 'node:fs';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type { Attachment } from '../core/app/request.js';
import { PayloadFile } from '../core/sip/payload-file.js';
import { DEFAULT_LIMITS } from '../core/sip/types.js';
import { pipeChunks } from './pipe-input.js';
import { captureMagic, SPOOL_BLOCK_BYTES, spoolPipe } from './pipe-spool.js';

/** Bytes per read of a regular file: the spool's blocks, so a piped capture is read as a named one is. */
const CHUNK_BYTES = SPOOL_BLOCK_BYTES;

const openFile = promisify(open);
const statFile = promisify(fstat);
const readFile = promisify(read);

/** Closes a file once the messages that could read it again are gone. */
const closeWhenUnreachable = new FinalizationRegistry<number>((fd) => close(fd, () => {}));

export class InputFileError extends Error {}

/** An input of the CLI: an attachment, and how many bytes it holds when that is known. */
export interface InputFile extends Attachment {
  /**
   * Bytes a regular file holds from where reading starts; undefined for a
   * pipe or a terminal. Not `size`: the core refuses an attachment whose
   * size is over the input limit, and the CLI reads such a file up to the
   * limit instead (and says so).
   */
  bytes?: number;
  /**
   * The first bytes (up to HEAD_BYTES) of a regular file, read when it is
   * opened: enough to tell a capture from a text before the reading starts.
   */
  head?: Uint8Array;
  /**
   * Starts now the one read of a text file that open() would start (see
   * regularFile), on libuv's thread pool: the CLI calls it as soon as the
   * file is open, so the read (and the first touch of its buffer's pages)
   * happens while the command loads its modules and the knowledge base, not
   * after. Resolves once the read is over; does nothing for a capture, a
   * gzip'd file, a file over the input limit or anything that is not a
   * regular file.
   */
  readAhead?: () => Promise<void>;
}

/** Bytes of a regular file read ahead into InputFile.head. */
const HEAD_BYTES = 8;

export interface OpenOptions {
  /** The descriptor "-" reads when no `stdin` stream is given (tests change it); 0 by default. */
  stdinFd?: number;
  /**
   * The input limit the reader will stop at (SIP_MAX_INPUT_BYTES): a text
   * file up to that size is read whole, in one read; a larger one
   * goes on in chunks, so no more than the limit is read for nothing.
   */
  maxInputBytes?: number;
}

/**
 * The file as an attachment; a missing or unreadable file throws
 * InputFileError before anything is read. `stdin`: what "-" reads; without
 * it, the process's own standard input (descriptor `stdinFd`, which tests
 * change).
 */
export async function openInputFile(
  path: string,
  stdin?: Readable,
  { stdinFd = 0, maxInputBytes = DEFAULT_LIMITS.maxInputBytes }: OpenOptions = {},
): Promise<InputFile> {
  if (path === '-') {
    const stat = stdin === undefined ? statOf(stdinFd) : undefined;
    // A file given as standard input (`< capture.pcap`) is read as a named one, from where the
    // shell left it, and its messages read their payloads again from it.
    const position = stat?.isFile() ? positionOf(stdinFd) : undefined;
    if (stat !== undefined && position !== undefined)
      return regularFile(stdinFd, stat, 'stdin', path, position, false, maxInputBytes);
    if (stat?.isFIFO() || stat?.isSocket())
      return pipe(stdinFd, 'stdin', path, false, maxInputBytes);
    // process.stdin is made when first read: a command given a file never pays for it.
    return { name: 'stdin', open: () => chunks(stdin ?? process.stdin, path) };
  }
  let fd: number | undefined;
  let stat: Stats;
  try {
    fd = await openFile(path, 'r');
    stat = await statFile(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    throw new InputFileError(`cannot read ${path}: ${reason(error)}`);
  }
  const opened = fd;
  // A named pipe (`diagnose <(tcpdump -w - ...)`) is read as standard input's pipe is.
  if (stat.isFIFO() || stat.isSocket()) return pipe(opened, path, path, true, maxInputBytes);
  // No size: the CLI reads up to the input limit and says so, rather than refusing a big file.
  if (!stat.isFile())
    return { name: path, open: () => chunks(createReadStream('', { fd: opened }), path) };
  return regularFile(opened, stat, path, path, 0, true, maxInputBytes);
}

/**
 * A pipe open on `fd`, read as pipe-input.ts says, a capture in it drained
 * into a spool up to just past `maxBytes` as pipe-spool.ts says (its
 * messages read their payloads again from the spool). `owned`: the
 * descriptor is closed once the reading ends.
 */
function pipe(fd: number, name: string, path: string, owned: boolean, maxBytes: number): InputFile {
  async function* read(): AsyncGenerator<Uint8Array> {
    try {
      yield* chunks(pipeChunks({ fd, reuse: () => spooled.draining }), path);
    } finally {
      // Opened here in blocking mode, so pipeChunks never hands it to a stream that would close it.
      if (owned) closeSync(fd);
    }
  }
  const spooled = spoolPipe(read(), readAgain, { maxBytes });
  return { name, open: () => spooled.chunks, file: spooled.file };
}

/**
 * A regular file open on `fd`, read from `start`, its chunks registered
 * with a PayloadFile. `owned`: the descriptor is closed once that can no
 * longer be reached (standard input is not).
 */
function regularFile(
  fd: number,
  stat: Stats,
  name: string,
  path: string,
  start: number,
  owned: boolean,
  wholeTextBytes: number,
): InputFile {
  const file = new PayloadFile(
    (position, length) => readAgain(fd, position, length),
    () => rewritten(fd, stat),
  );
  if (owned) closeWhenUnreachable.register(file, fd);
  const bytes = Math.max(0, stat.size - start);
  const head = readAgain(fd, start, Math.min(HEAD_BYTES, bytes));
  // A text (by its first bytes) up to the input limit is read whole, once: started by readAhead()
  // or by the first open(), whichever comes first. Undefined: not such a text, read in chunks.
  let whole: Promise<TextRead | undefined> | undefined;
  const wholeText = (): Promise<TextRead | undefined> => {
    whole ??= (async () =>
      bytes > 0 && bytes <= wholeTextBytes && !(await captureOrGzip(head))
        ? readWhole(fd, start, bytes)
        : undefined)();
    return whole;
  };
  let opened = false;
  return {
    name,
    // A second open() reads the file as it is then, in chunks.
    open: () => {
      const text = opened ? undefined : wholeText();
      opened = true;
      return fileChunks(fd, file, path, start, text);
    },
    file,
    bytes,
    head,
    readAhead: async () => {
      // Never rejects: the CLI does not wait for it, and open() says what failed.
      try {
        if (!opened) await wholeText();
      } catch {
        // Telling a capture failed: open() will fail the same way, and say so.
      }
    },
  };
}

/** What the descriptor is, or undefined when it cannot be told (then it is read as a stream). */
function statOf(fd: number): Stats | undefined {
  try {
    return fstatSync(fd);
  } catch {
    return undefined;
  }
}

/**
 * Where the reading of the descriptor stands, as Linux tells it
 * (/proc/self/fdinfo); undefined elsewhere, and the file is then read as a
 * stream.
 */
function positionOf(fd: number): number | undefined {
  try {
    const info = /^pos:\s*(\d+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'latin1'));
    const position = Number(info?.[1]);
    return info !== null && Number.isSafeInteger(position) ? position : undefined;
  } catch {
    return undefined;
  }
}

/** A text file read whole: its bytes (fewer when it is shorter now), or the error the read failed with. */
type TextRead = Uint8Array | Error;

/**
 * `length` bytes at `position`, read on libuv's thread pool into one buffer;
 * fewer when the file is shorter now. A failure is returned, not thrown: a
 * read made ahead and never awaited must not become an unhandled rejection.
 */
async function readWhole(fd: number, position: number, length: number): Promise<TextRead> {
  const whole = new Uint8Array(length);
  let at = 0;
  try {
    while (at < length) {
      const { bytesRead } = await readFile(fd, whole, at, length - at, position + at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  return at === length ? whole : whole.subarray(0, at);
}

/**
 * The regular file from `start`, each chunk registered with `file` at the
 * position it was read from. The next chunk is read while the caller parses
 * this one, so the parser does not wait for the disk between chunks.
 *
 * A capture is parsed chunk by chunk as it is read. A text is read whole
 * before anything is parsed, so it comes as `text`, read in one go into one
 * buffer (see regularFile): read in chunks, the reader would wait for each
 * in turn and then copy them all into one (a 5 MB paste: about 40 ms of its
 * diagnosis, issue 13). A text larger than the input limit comes in chunks,
 * which the reader stops at. Bytes written after the whole come in chunks.
 */
async function* fileChunks(
  fd: number,
  file: PayloadFile,
  path: string,
  start: number,
  text?: Promise<TextRead | undefined>,
): AsyncGenerator<Uint8Array> {
  let position = start;
  const whole = await text;
  if (whole instanceof Error) throw new InputFileError(`cannot read ${path}: ${reason(whole)}`);
  if (whole !== undefined && whole.length > 0) {
    file.chunkRead(whole, position);
    position += whole.length;
    yield whole;
  }
  let next = readChunk(fd, position);
  for (;;) {
    const read = await next;
    if (read instanceof Error) throw new InputFileError(`cannot read ${path}: ${reason(read)}`);
    if (read.length === 0) return;
    file.chunkRead(read, position);
    position += read.length;
    next = readChunk(fd, position);
    yield read;
  }
}

/**
 * Up to CHUNK_BYTES at `position`, or the error the read failed with: a
 * read made ahead and never awaited (the caller stopped early) must not
 * become an unhandled rejection.
 */
async function readChunk(fd: number, position: number): Promise<Uint8Array | Error> {
  const buffer = new Uint8Array(CHUNK_BYTES);
  try {
    const { bytesRead } = await readFile(fd, buffer, 0, CHUNK_BYTES, position);
    return bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * `length` bytes at `position` of the open file; fewer when it is shorter
 * now or the read fails (the message then reads as cut short, which the
 * parser says, rather than failing the diagnosis).
 */
function readAgain(fd: number, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let at = 0;
  try {
    while (at < length) {
      const n = readSync(fd, bytes, at, length - at, position + at);
      if (n === 0) break;
      at += n;
    }
  } catch {
    // As for a shorter file: what was read.
  }
  return at === length ? bytes : bytes.subarray(0, at);
}

/**
 * Whether the open file no longer holds what was read from it: it is
 * shorter than when it was opened, or was written again at the same size.
 * A file that grew (a capture still being written) keeps the bytes read.
 */
function rewritten(fd: number, opened: Stats): boolean {
  try {
    const now = fstatSync(fd);
    return now.size < opened.size || (now.size === opened.size && now.mtimeMs !== opened.mtimeMs);
  } catch {
    return true;
  }
}

/**
 * A capture or gzip'd input (which may hold one), by its first bytes: read
 * and parsed chunk by chunk rather than whole.
 */
async function captureOrGzip(head: Uint8Array): Promise<boolean> {
  return (await captureMagic()).isCaptureOrGzip(head);
}

/** The stream as chunks of bytes; a read failure becomes an InputFileError. */
async function* chunks(
  stream: AsyncIterable<Uint8Array | string>,
  path: string,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    }
  } catch (error) {
    throw new InputFileError(`cannot read ${path}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}
