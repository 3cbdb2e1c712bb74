/**
 * Cutting a capture file that arrives in chunks of any size into its
 * records (the pcap file header and packet records, or pcapng blocks). A
 * record inside one chunk is handed over as a view of that chunk; only a
 * record that spans chunks is copied, into a buffer of its own, so nothing
 * handed out is ever overwritten and at most one record is held.
 */

/** How one capture format tells where its records end. */
export interface RecordFormat {
  /** Bytes needed before recordLength can be asked (every record is at least this long). */
  readonly headerSize: number;
  /** Total length of the record at b[i..], given headerSize bytes; -1 when the file is corrupt (stop). */
  recordLength(b: Uint8Array, i: number): number;
  /** Handles one whole record b[start..end); returns false to stop reading. */
  record(b: Uint8Array, start: number, end: number): boolean;
}

const MAX_HEADER = 64;

export class RecordFramer {
  private readonly head = new Uint8Array(MAX_HEADER);
  private headLength = 0;
  private carry: Uint8Array | undefined;
  private carryLength = 0;
  private stopped = false;
  /** Bytes of whole records handled so far (where the next record starts in the file). */
  offset = 0;

  constructor(private readonly format: RecordFormat) {}

  /** True once the format asked to stop or found the file corrupt. */
  get done(): boolean {
    return this.stopped;
  }

  /** Bytes of a record started but not finished (a file ending here is truncated). */
  get pendingBytes(): number {
    return this.carry ? this.carryLength : this.headLength;
  }

  /** Expected length of the unfinished record, when known. */
  get pendingRecordLength(): number | undefined {
    return this.carry?.byteLength;
  }

  push(chunk: Uint8Array): void {
    if (this.stopped) return;
    const n = chunk.byteLength;
    let pos = 0;

    if (this.headLength > 0 || this.carry) {
      pos = this.completeCarried(chunk);
      if (pos < 0 || this.stopped) return;
    }

    const format = this.format;
    while (n - pos >= format.headerSize) {
      const length = format.recordLength(chunk, pos);
      if (length < 0) {
        this.stopped = true;
        return;
      }
      if (n - pos < length) break;
      const keepGoing = format.record(chunk, pos, pos + length);
      pos += length;
      this.offset += length;
      if (!keepGoing) {
        this.stopped = true;
        return;
      }
    }
    if (pos < n) this.startCarry(chunk, pos);
  }

  /** Continues the record carried over from earlier chunks; returns where the chunk's own records start, -1 when all of it was used. */
  private completeCarried(chunk: Uint8Array): number {
    let pos = 0;
    const n = chunk.byteLength;
    if (!this.carry) {
      const need = this.format.headerSize - this.headLength;
      const take = Math.min(need, n);
      this.head.set(chunk.subarray(0, take), this.headLength);
      this.headLength += take;
      pos = take;
      if (this.headLength < this.format.headerSize) return -1;
      const length = this.format.recordLength(this.head, 0);
      if (length < 0) {
        this.stopped = true;
        return -1;
      }
      this.carry = new Uint8Array(length);
      this.carry.set(this.head.subarray(0, this.headLength));
      this.carryLength = this.headLength;
      this.headLength = 0;
    }
    const carry = this.carry;
    const take = Math.min(carry.byteLength - this.carryLength, n - pos);
    carry.set(chunk.subarray(pos, pos + take), this.carryLength);
    this.carryLength += take;
    pos += take;
    if (this.carryLength < carry.byteLength) return -1;
    this.carry = undefined;
    this.carryLength = 0;
    const keepGoing = this.format.record(carry, 0, carry.byteLength);
    this.offset += carry.byteLength;
    if (!keepGoing) this.stopped = true;
    return pos;
  }

  private startCarry(chunk: Uint8Array, pos: number): void {
    const n = chunk.byteLength;
    if (n - pos < this.format.headerSize) {
      this.head.set(chunk.subarray(pos, n), 0);
      this.headLength = n - pos;
      return;
    }
    // The header is here, so the length is known (it was checked in the loop above).
    const length = this.format.recordLength(chunk, pos);
    if (length < 0) {
      this.stopped = true;
      return;
    }
    this.carry = new Uint8Array(length);
    this.carry.set(chunk.subarray(pos, n));
    this.carryLength = n - pos;
  }
}
