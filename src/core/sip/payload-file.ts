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
 * shorter gives back fewer bytes, which the parser flags as a cut message.
 */
export type ReadAt = (position: number, length: number) => Uint8Array;

export class PayloadFile {
  /** Where in the file byte 0 of each chunk's buffer was read from. */
  private readonly chunks = new WeakMap<ArrayBufferLike, number>();

  constructor(private readonly readAt: ReadAt) {}

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
    return this.readAt(position, length);
  }
}
