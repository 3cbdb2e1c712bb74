/**
 * A capture piped in (`tcpdump -w - | sip-triage diagnose -`) is written to
 * a temporary file that has no name, so its messages read their payloads
 * again from there as a named capture's do (see PayloadFile) instead of
 * keeping every chunk of the pipe in memory. Kept, the chunks of a 34 MB
 * capture held its RSS at 2.9-3.3x the capture above the process's own,
 * against 1.6-1.8x spooled, and every page of them was a page fault (about
 * 11 µs each on the bench's machine).
 *
 * The capture is drained into the spool before anything of it is handed on,
 * then handed on from the spool in blocks, as a named file is read. Handed
 * on as each chunk passed (until stop 35), the parser and V8's compiler
 * thread kept both of the bench's two cores busy, and each blocking read
 * waited for the writer to be scheduled again to refill the pipe: 86 ms of
 * the 50k capture's piped run went so. Drained first, while the compiler
 * has nothing to do yet, the writer refills the pipe on the other core as
 * the spool is written: that capture drains in 35-47 ms, and its piped run
 * took 890 ms instead of 930 (median of 15 alternating rounds, whole
 * process, cold; the named file 860 in the same rounds; peak RSS the
 * same). A capture larger than the input limit is drained only to just past
 * it, where the reader stops and says so; nothing past that is read.
 *
 * On Linux the file is made with O_TMPFILE and never has a name; elsewhere,
 * or on a filesystem without it, it is made with a name no one else can
 * take (O_EXCL, mode 0600) that is removed at once. Either way its blocks go
 * back when it is closed, at the latest when the process ends. Only a pcap
 * or pcapng is spooled: a paste is read whole and parsed from that one
 * string, and a gzip'd input's messages are copies out of the decompressor
 * that no read of the compressed file can give back. When no temporary file
 * can be made, or a write fails (the disk is full), what was spooled is
 * handed on and the chunks from there on are kept in memory as before: the
 * diagnosis does not depend on the spool.
 */
import { closeSync, constants, openSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PayloadFile } from '../core/sip/payload-file.js';

/** Linux's O_TMPFILE, which Node does not name: __O_TMPFILE with O_DIRECTORY. */
const O_TMPFILE = 0o20000000 | constants.O_DIRECTORY;

/** Closes a spool once the messages that could read it again are gone. */
const closeWhenUnreachable = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Closed already.
  }
});

/** Reads `length` bytes at `position` of `fd` (fewer when it holds fewer). */
export type ReadFd = (fd: number, position: number, length: number) => Uint8Array;

/** Writes all of `chunk` at `position` of `fd`; false when a write fails. */
export type WriteFd = (fd: number, chunk: Uint8Array, position: number) => boolean;

/** Bytes per block the spool is handed on in; a named file is read in chunks of the same size (input-file.ts). */
export const SPOOL_BLOCK_BYTES = 256 * 1024;

export interface SpoolOptions {
  /** Where the temporary file is made: the system's temporary folder (TMPDIR) by default. */
  dir?: string;
  /** Whether input that starts with these bytes is worth spooling: pcap and pcapng. */
  isCapture?: (head: Uint8Array) => boolean | Promise<boolean>;
  /**
   * The input limit (SIP_MAX_INPUT_BYTES): a capture is drained to just past
   * it and no further, since the reader stops there. None by default.
   */
  maxBytes?: number;
  /** How the spool is written: writeAll by default (tests make it fail). */
  writeFd?: WriteFd;
}

/** A pipe's bytes, a capture's drained into a temporary file first, and the file they can be read again from. */
export interface SpooledPipe {
  /** The file the spooled blocks are registered with; none are when the input is no capture. */
  file: PayloadFile;
  /** The source's bytes, unchanged: a capture's in blocks read from the spool, anything else as it came. */
  chunks: AsyncGenerator<Uint8Array>;
  /**
   * True while a capture is drained: every chunk of the source is written
   * out before the next is asked for, so the source may read the next one
   * into the same buffer (see pipeChunks's `reuse`).
   */
  readonly draining: boolean;
}

/** Spools `source` (see above); `readFd` reads the spool again. */
export function spoolPipe(
  source: AsyncIterable<Uint8Array>,
  readFd: ReadFd,
  {
    dir = tmpdir(),
    isCapture = startsCapture,
    maxBytes = Number.POSITIVE_INFINITY,
    writeFd = writeAll,
  }: SpoolOptions = {},
): SpooledPipe {
  let fd: number | undefined;
  let draining = false;
  const file = new PayloadFile((position, length) =>
    fd === undefined ? new Uint8Array(0) : readFd(fd, position, length),
  );
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const from = source[Symbol.asyncIterator]();
    let ended = false;
    const next = async (): Promise<Uint8Array | undefined> => {
      const read = await from.next();
      if (read.done === true) ended = true;
      return read.done === true ? undefined : read.value;
    };
    try {
      // The chunk in hand, not yet spooled nor handed on.
      let held = await next();
      if (held === undefined) return;
      if (await isCapture(held.subarray(0, 4))) {
        fd = openSpool(dir);
        if (fd !== undefined) closeWhenUnreachable.register(file, fd);
      }
      if (fd !== undefined) {
        let spooled = 0;
        draining = true;
        try {
          while (held !== undefined && spooled <= maxBytes && writeFd(fd, held, spooled)) {
            spooled += held.byteLength;
            held = spooled <= maxBytes ? await next() : undefined;
          }
        } finally {
          // A chunk whose write failed is kept as it is: the next read goes into a buffer of its own.
          draining = false;
        }
        for (let at = 0; at < spooled; at += SPOOL_BLOCK_BYTES) {
          const want = Math.min(SPOOL_BLOCK_BYTES, spooled - at);
          // Through the PayloadFile, which counts a short read: the diagnosis then says the input
          // changed under it (input.changed), as for a payload read again short.
          const block = file.read(at, want);
          if (block.byteLength > 0) {
            file.chunkRead(block, at);
            yield block;
          }
          // The spool cannot be read back (the process lost its file): the rest is missing, and the
          // input ends there rather than go on past a gap.
          if (block.byteLength < want) return;
        }
        // Past the limit, the reader has what it needs to say so.
        if (spooled > maxBytes) return;
      }
      // Not a capture, no spool, or a write failed: the rest passes as it comes.
      for (; held !== undefined; held = await next()) yield held;
    } finally {
      if (!ended) await from.return?.();
    }
  }
  return {
    file,
    chunks: chunks(),
    get draining() {
      return draining;
    },
  };
}

/** Writes all of `chunk` at `position`; false when a write fails. */
function writeAll(fd: number, chunk: Uint8Array, position: number): boolean {
  let at = 0;
  try {
    while (at < chunk.byteLength) {
      const n = writeSync(fd, chunk, at, chunk.byteLength - at, position + at);
      if (n <= 0) return false;
      at += n;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * A new temporary file in `dir` that has no name, open for reading and
 * writing; undefined when none can be made. `unnamed`: whether to try
 * O_TMPFILE first (Linux; tests try the other way).
 */
export function openSpool(dir: string, unnamed = process.platform === 'linux'): number | undefined {
  if (unnamed) {
    try {
      return openSync(dir, O_TMPFILE | constants.O_RDWR, 0o600);
    } catch {
      // A filesystem without O_TMPFILE: a named file, removed at once.
    }
  }
  const { O_CREAT, O_EXCL, O_RDWR } = constants;
  for (let attempt = 0; attempt < 8; attempt++) {
    const name = join(
      dir,
      `sip-triage-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
    );
    let fd: number;
    try {
      fd = openSync(name, O_CREAT | O_EXCL | O_RDWR, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      return undefined;
    }
    try {
      unlinkSync(name);
      return fd;
    } catch {
      // A system that cannot remove an open file (Windows): no spool, and no file left behind.
      closeSync(fd);
      try {
        unlinkSync(name);
      } catch {
        // Left for the system's cleaning of its temporary folder.
      }
      return undefined;
    }
  }
  return undefined;
}

/**
 * The capture magic numbers, loaded when first asked for: the commands that
 * read no input (explain, the console) never load the ingest code. Also
 * input-file.ts's.
 */
export const captureMagic = () => import('../core/ingest/capture/capture-magic.js');

/** Whether the input starts as a pcap or pcapng does. */
async function startsCapture(head: Uint8Array): Promise<boolean> {
  return (await captureMagic()).isCapture(head);
}
