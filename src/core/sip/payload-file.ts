/**
 * A capture file that stays on this machine, so that its messages can read
 * their payload bytes again from it rather than keep them: a 34 MB capture
 * otherwise holds all 34 MB in memory for as long as its messages live,
 * although a diagnosis reads a few thousand of 50,000 messages again. The
 * same thing Wireshark does with a frame's file offset.
 *
 * Whoever reads the file registers each chunk it read with the position it
 * was read from (`chunkRead`); the capture reader asks `positionOf` for a
 * payload, which is known when the payload is a view into such a chunk
 * (records that span chunks, reassembled TCP streams and IP fragments are
 * copies, and stay in memory). Pure: the read itself is the caller's
 * function (the CLI's is a pread on the open file).
 *
 * A file changed after it was read gives back what is there now; a file cut
 * shorter gives back fewer bytes, which the parser flags as a cut message,
 * and `changed` then says so, so that the diagnosis can tell the file changed
 * under it rather than let the cut messages speak for the capture.
 */
export type ReadAt = (position: number, length: number) => Uint8Array;

export class PayloadFile {
  /** Where in the file byte 0 of each chunk's buffer was read from. */
  private readonly chunks = new WeakMap<ArrayBufferLike, number>();

  /** Reads that came back shorter than the payload: the file was cut after it was read. */
  private shortReads = 0;

  /**
   * `changedSinceRead`: whether the file is no longer what was read, by what
   * the reader can tell without reading it (its size and modification time,
   * for the CLI); asked by `changed`.
   */
  constructor(
    private readonly readAt: ReadAt,
    private readonly changedSinceRead: () => boolean = () => false,
  ) {}

  /** Whether the file changed since it was read: a payload came back short, or the reader says so. */
  get changed(): boolean {
    return this.shortReads > 0 || this.changedSinceRead();
  }

  /** Notes that `chunk` holds the file's bytes from `position` on (its buffer's byte 0 is `position - chunk.byteOffset`). */
  chunkRead(chunk: Uint8Array, position: number): void {
    this.chunks.set(chunk.buffer, position - chunk.byteOffset);
  }

  /** The file position of `bytes`, when they are a view into a chunk read from this file. */
  positionOf(bytes: Uint8Array): number | undefined {
    const start = this.chunks.get(bytes.buffer);
    return start === undefined ? undefined : start + bytes.byteOffset;
  }

  /** `length` bytes from `position`, read again (fewer when the file is shorter now). */
  read(position: number, length: number): Uint8Array {
    const bytes = this.readAt(position, length);
    if (bytes.byteLength < length) this.shortReads++;
    return bytes;
  }
}
