/**
 * A capture piped in (`tcpdump -w - | sip-triage diagnose -`) is written, as
 * it is read, to a temporary file that has no name, so its messages read
 * their payloads again from there as a named capture's do (see PayloadFile)
 * instead of keeping every chunk of the pipe in memory. Kept, the chunks of
 * a 34 MB capture held its RSS at 2.9-3.3x the capture above the process's
 * own, against 1.6-1.8x spooled, and every page of them was a page fault
 * (about 11 µs each on the bench's machine). With the pipe worker dropped
 * too (pipe-input.ts), a piped diagnosis of that capture took 51 ms less
 * (whole process, cold, paired; issue 13).
 *
 * On Linux the file is made with O_TMPFILE and never has a name; elsewhere,
 * or on a filesystem without it, it is made with a name no one else can
 * take (O_EXCL, mode 0600) that is removed at once. Either way its blocks go
 * back when it is closed, at the latest when the process ends. Only a pcap
 * or pcapng is spooled: a paste is read whole and parsed from that one
 * string, and a gzip'd input's messages are copies out of the decompressor
 * that no read of the compressed file can give back. When no temporary file
 * can be made, or a write fails (the disk is full), the chunks from there on
 * are kept in memory as before: the diagnosis does not depend on the spool.
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

export interface SpoolOptions {
  /** Where the temporary file is made: the system's temporary folder (TMPDIR) by default. */
  dir?: string;
  /** Whether input that starts with these bytes is worth spooling: pcap and pcapng. */
  isCapture?: (head: Uint8Array) => boolean | Promise<boolean>;
}

/** A pipe's chunks, written to a temporary file as they pass, and the file they can be read again from. */
export interface SpooledPipe {
  /** The file the spooled chunks are registered with; none are when the input is no capture. */
  file: PayloadFile;
  /** The source's chunks, unchanged, each spooled before it is handed on. */
  chunks: AsyncGenerator<Uint8Array>;
}

/** Spools `source` (see above); `readFd` reads the spool again. */
export function spoolPipe(
  source: AsyncIterable<Uint8Array>,
  readFd: ReadFd,
  { dir = tmpdir(), isCapture = startsCapture }: SpoolOptions = {},
): SpooledPipe {
  let fd: number | undefined;
  const file = new PayloadFile((position, length) =>
    fd === undefined ? new Uint8Array(0) : readFd(fd, position, length),
  );
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let position = 0;
    let first = true;
    let writing = false;
    for await (const chunk of source) {
      if (first) {
        first = false;
        if (await isCapture(chunk.subarray(0, 4))) {
          fd = openSpool(dir);
          if (fd !== undefined) closeWhenUnreachable.register(file, fd);
          writing = fd !== undefined;
        }
      }
      if (writing && fd !== undefined) {
        if (writeAll(fd, chunk, position)) file.chunkRead(chunk, position);
        // A failed write (the disk is full): the rest is kept in memory. What was spooled before
        // stays readable, so the descriptor stays open.
        else writing = false;
      }
      position += chunk.byteLength;
      yield chunk;
    }
  }
  return { file, chunks: chunks() };
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
