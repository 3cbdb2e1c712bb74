/**
 * Cutting one direction of a TCP connection into SIP messages: several
 * messages in one segment, one message over many segments, the end found
 * from the blank line and Content-Length. Bytes that arrive whole are handed
 * out as views; only a message that spans segments is copied. After a gap
 * (lost segments, or a capture that starts mid-connection) the stream is
 * out of step until a line that opens with a SIP start line comes by.
 */

import type { Endpoint } from '../../sip/types.js';
import type { MessageSink, PacketMeta } from './capture-types.js';
import { copyBytes } from './copy-bytes.js';
import { decodeHep3, HEP3_MAGIC, hep3Length } from './hep.js';
import { hepSource, packetSource } from './message-source.js';
import { findHeaderEnd, resumeScanAt } from './sip-framing.js';
import { sipStartState, skipLineEnds } from './sip-start.js';

const LF = 10;
/** A header block longer than this is not waited for. */
const MAX_HEADER_BYTES = 256 * 1024;
/** A message longer than this is reported up to its headers and the rest passed over. */
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
const EMPTY = new Uint8Array(0);

export class SipStream {
  /** Bytes kept for a message not yet complete: buf[0..length). */
  private buf: Uint8Array = EMPTY;
  private length = 0;
  /** Where the next message starts at a known place in the stream. */
  private synced: boolean;
  /** Offsets below are relative to the start of the pending message. */
  private scanFrom = 0;
  private headerLength = -1;
  private contentLength = 0;
  /** Body bytes of an oversize message still to pass over. */
  private skipBytes = 0;
  private discarded = false;

  constructor(
    private readonly src: Endpoint,
    private readonly dst: Endpoint,
    private readonly sink: MessageSink,
    synced: boolean,
  ) {
    this.synced = synced;
  }

  /** Bytes held for incomplete messages. */
  get buffered(): number {
    return this.buf.byteLength;
  }

  /** Adds the next in-order bytes of the stream. */
  push(data: Uint8Array, meta: PacketMeta): void {
    let start = 0;
    const end = data.byteLength;
    if (this.skipBytes > 0) {
      start = Math.min(this.skipBytes, end);
      this.skipBytes -= start;
      if (start === end) return;
    }
    this.discarded = false;
    if (this.length === 0) {
      const pos = this.frame(data, start, end, meta, false);
      if (pos < end) this.append(data, pos, end);
    } else {
      this.append(data, start, end);
      this.consume(this.frame(this.buf, 0, this.length, meta, true));
    }
    if (this.discarded) this.sink.skip('tcpNoSip');
  }

  /**
   * The stream lost bytes (or ended): a started message is handed out
   * flagged truncated, and the next message is looked for afresh.
   */
  interrupt(meta: PacketMeta): void {
    if (this.length > 0 && this.synced) {
      const at = skipLineEnds(this.buf, 0, this.length);
      if (at < this.length && sipStartState(this.buf, at, this.length) === 1) {
        this.sink.message(copyBytes(this.buf, at, this.length), this.source(meta, true));
      }
    }
    this.buf = EMPTY;
    this.length = 0;
    this.resetMessage();
    this.skipBytes = 0;
    this.synced = false;
  }

  /** Frames messages in b[pos..end); returns where the unframed rest starts. */
  private frame(b: Uint8Array, from: number, end: number, meta: PacketMeta, copy: boolean): number {
    let pos = from;
    while (pos < end) {
      if (!this.synced) {
        pos = this.resync(b, pos, end);
        if (!this.synced) return pos;
      }
      if (this.headerLength < 0 && this.scanFrom === 0) {
        pos = skipLineEnds(b, pos, end);
        if (pos >= end) return end;
        if (b[pos] === HEP3_MAGIC[0]) {
          const next = this.frameHep(b, pos, end, meta, copy);
          if (next === pos) return pos;
          if (next > 0) {
            pos = next;
            continue;
          }
        }
        const state = sipStartState(b, pos, end);
        if (state === -1) return pos;
        if (state === 0) {
          this.synced = false;
          this.discarded = true;
          pos = lineAfter(b, pos, end);
          continue;
        }
      }
      if (this.headerLength < 0) {
        const found = findHeaderEnd(b, pos, pos + this.scanFrom, end);
        if (!found) {
          if (end - pos > MAX_HEADER_BYTES) {
            this.sink.message(copyBytes(b, pos, end), this.source(meta, true));
            this.sink.skip('tcpOversize');
            this.resetMessage();
            this.synced = false;
            return end;
          }
          this.scanFrom = resumeScanAt(pos, end) - pos;
          return pos;
        }
        this.headerLength = found.bodyStart - pos;
        this.contentLength = found.contentLength;
      }
      const total = this.headerLength + this.contentLength;
      if (total > MAX_MESSAGE_BYTES) {
        // Report the headers; pass over the body without holding it.
        const available = end - pos;
        this.sink.message(copyBytes(b, pos, pos + this.headerLength), this.source(meta, true));
        this.sink.skip('tcpOversize');
        this.skipBytes = Math.max(0, total - available);
        const next = Math.min(end, pos + total);
        this.resetMessage();
        pos = next;
        continue;
      }
      if (end - pos < total) return pos;
      const payload = copy ? copyBytes(b, pos, pos + total) : b.subarray(pos, pos + total);
      this.sink.message(payload, this.source(meta, false));
      pos += total;
      this.resetMessage();
    }
    return pos;
  }

  /**
   * A HEP3 packet sent over TCP at `pos`: returns the position after it,
   * `pos` to wait for more bytes, or -1 when these bytes are not HEP3.
   */
  private frameHep(
    b: Uint8Array,
    pos: number,
    end: number,
    meta: PacketMeta,
    copy: boolean,
  ): number {
    for (let k = 1; k < 4; k++) {
      if (pos + k >= end) return pos;
      if (b[pos + k] !== HEP3_MAGIC[k]) return -1;
    }
    const length = hep3Length(b, pos, end);
    if (length < 0) return pos;
    if (length < 6 || length > MAX_HEADER_BYTES) return -1;
    if (end - pos < length) return pos;
    const hep = decodeHep3(b, pos, pos + length);
    if (typeof hep === 'string') {
      this.sink.skip(hep);
      return pos + length;
    }
    const at = skipLineEnds(hep.bytes, hep.start, hep.end);
    if (sipStartState(hep.bytes, at, hep.end) !== 1) {
      this.sink.skip('hepNonSip');
      return pos + length;
    }
    const payload = copy ? copyBytes(hep.bytes, at, hep.end) : hep.bytes.subarray(at, hep.end);
    this.sink.message(payload, hepSource(hep, meta, false));
    return pos + length;
  }

  /**
   * Out of step: looks for a line start that opens a SIP message (or could,
   * once more bytes come). Returns where to continue; sets `synced` when found.
   */
  private resync(b: Uint8Array, from: number, end: number): number {
    let candidate = from;
    while (candidate < end) {
      const at = skipLineEnds(b, candidate, end);
      if (at >= end) return end;
      const state = b[at] === HEP3_MAGIC[0] ? 1 : sipStartState(b, at, end);
      if (state === 1) {
        this.synced = true;
        if (at > from) this.discarded = true;
        return at;
      }
      if (state === -1) {
        if (at > from) this.discarded = true;
        return at;
      }
      candidate = lineAfter(b, at, end);
    }
    this.discarded = true;
    return end;
  }

  private source(meta: PacketMeta, truncated: boolean) {
    return packetSource(meta, this.src, this.dst, 'TCP', truncated);
  }

  private resetMessage(): void {
    this.scanFrom = 0;
    this.headerLength = -1;
    this.contentLength = 0;
  }

  private append(data: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (this.length + n > this.buf.byteLength) {
      const grown = new Uint8Array(Math.max(this.length + n, this.buf.byteLength * 2));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    this.buf.set(data.subarray(from, to), this.length);
    this.length += n;
  }

  /** Drops the first n pending bytes (they were handed out or passed over). */
  private consume(n: number): void {
    if (n >= this.length) {
      // Nothing pending: let the buffer go so idle flows hold no memory.
      this.buf = EMPTY;
      this.length = 0;
      return;
    }
    if (n > 0) {
      this.buf.copyWithin(0, n, this.length);
      this.length -= n;
    }
  }
}

/** Position after the next line feed at or after `pos`, or `end`. */
function lineAfter(b: Uint8Array, pos: number, end: number): number {
  const view = end === b.length ? b : b.subarray(0, end);
  const lf = view.indexOf(LF, pos);
  return lf === -1 ? end : lf + 1;
}
