/**
 * The knowledge snapshot's file, read as far as a command needs it: its
 * header line at once, then each entry's JSON text, by its place in the
 * file, the first time it is asked for. `explain 403` reads the 100 KB
 * header and one entry of the 720 KB file: about 3 ms in a fresh process,
 * against 8-10 for reading and decoding the whole file (issue 13).
 *
 * The file stays open until every entry has been read, then is closed
 * (or when the knowledge is let go of). The build writes a new snapshot as
 * a new file, never over the old one in place, so what an open snapshot
 * reads later is still the file it opened, not part of the next build's.
 * Should the file still come out shorter than its header says (cut by
 * hand), the read fails with a SnapshotReadError rather than a wrong answer.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { EntrySource } from './entry-list.js';

/** What is read at once while looking for the header's end; the header is about 100 KB. */
const HEADER_CHUNK_BYTES = 128 * 1024;

export class SnapshotReadError extends Error {
  constructor(file: string) {
    super(
      `the knowledge snapshot ${file} changed while it was in use; restart sip-triage (run the command again, or restart the bot); if it keeps happening, rebuild it with npm run build`,
    );
    this.name = 'SnapshotReadError';
  }
}

/** Closes the file of a snapshot that was let go of with entries still unread. */
const closeWhenCollected = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

/** An open snapshot file: its header line, and its entry texts as an EntrySource. */
export class SnapshotFile implements EntrySource {
  private fd: number | undefined;
  /** Every entry text, once readingAll() has read them. */
  private rest: string | undefined;

  private constructor(
    private readonly file: string,
    fd: number,
    /** The header line, without its line end. */
    readonly header: string,
    /** Where the first entry starts, in bytes (= characters: the file is ASCII). */
    private readonly base: number,
    /** Bytes after the header line: the entry texts. */
    readonly entriesLength: number,
  ) {
    this.fd = fd;
    closeWhenCollected.register(this, fd, this);
  }

  /** Opens `file` and reads its header line; undefined when it cannot be read or has no line. */
  static open(file: string): SnapshotFile | undefined {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return undefined;
    }
    try {
      const size = fstatSync(fd).size;
      const chunks: Buffer[] = [];
      let read = 0;
      while (read < size) {
        const chunk = Buffer.allocUnsafe(Math.min(HEADER_CHUNK_BYTES, size - read));
        const got = readSync(fd, chunk, 0, chunk.length, read);
        if (got === 0) break;
        const end = chunk.subarray(0, got).indexOf(10);
        if (end >= 0) {
          chunks.push(chunk.subarray(0, end));
          const header = Buffer.concat(chunks).toString('latin1');
          const base = read + end + 1;
          return new SnapshotFile(file, fd, header, base, size - base);
        }
        chunks.push(chunk.subarray(0, got));
        read += got;
      }
    } catch {
      // Unreadable: no snapshot, as when there is no file.
    }
    closeSync(fd);
    return undefined;
  }

  text(start: number, length: number): string {
    if (this.rest !== undefined) return this.rest.slice(start, start + length);
    return this.readRange(start, length);
  }

  readingAll(): void {
    if (this.rest !== undefined) return;
    this.rest = this.readRange(0, this.entriesLength);
    this.close();
  }

  /** Closes the file: at once when the snapshot is not used, or once every entry is read. */
  close(): void {
    if (this.fd === undefined) return;
    closeWhenCollected.unregister(this);
    closeSync(this.fd);
    this.fd = undefined;
  }

  private readRange(start: number, length: number): string {
    if (this.fd === undefined || start < 0 || start + length > this.entriesLength)
      throw new SnapshotReadError(this.file);
    const bytes = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, bytes, got, length - got, this.base + start + got);
      if (n === 0) throw new SnapshotReadError(this.file);
      got += n;
    }
    return bytes.toString('latin1');
  }
}
