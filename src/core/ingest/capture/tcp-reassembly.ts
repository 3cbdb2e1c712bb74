/**
 * TCP stream reassembly for SIP: segments are put back in sequence order per
 * direction of each connection and the bytes handed to a SipStream, which
 * cuts them into messages. Retransmitted and duplicate bytes are dropped;
 * out-of-order segments wait (copied, within a bound) for the gap before
 * them to fill; a gap that never fills is given up and the stream picks up
 * at the next SIP start line. Memory stays bounded: at most MAX_FLOWS
 * directions are tracked and MAX_BUFFERED bytes held across all of them;
 * past that the least recently active are closed.
 */

import type { AddressBook } from './address-book.js';
import { u16be, u32be } from './byte-order.js';
import type { MessageSink, PacketMeta } from './capture-types.js';
import { copyBytes } from './copy-bytes.js';
import type { IpDatagram } from './ip-datagram.js';
import { SipStream } from './sip-stream.js';

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;

const MAX_FLOWS = 4096;
const MAX_BUFFERED = 64 * 1024 * 1024;
/** Out-of-order data one direction may hold while waiting for a gap to fill. */
const MAX_OUT_OF_ORDER_SEGMENTS = 256;
const MAX_OUT_OF_ORDER_BYTES = 1024 * 1024;

interface Segment {
  seq: number;
  data: Uint8Array;
  meta: PacketMeta;
}

interface Flow {
  key: string;
  stream: SipStream;
  /** Sequence number of the next byte expected, -1 before any is known. */
  nextSeq: number;
  /** Segments ahead of nextSeq, waiting for the gap before them. */
  waiting: Segment[];
  waitingBytes: number;
  /** The connection closed (FIN or RST); later old bytes are retransmissions. */
  closed: boolean;
  /** Frame of the last segment seen, for least-recently-active eviction. */
  lastFrame: number;
  lastMeta: PacketMeta;
}

/** Signed distance from b to a in 32-bit sequence space. */
function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export class TcpReassembler {
  private readonly flows = new Map<string, Flow>();
  private buffered = 0;

  constructor(
    private readonly sink: MessageSink,
    private readonly addresses: AddressBook,
  ) {}

  /** Handles the TCP segment carried by `d`. */
  segment(d: IpDatagram, meta: PacketMeta): void {
    const b = d.bytes;
    if (d.end - d.start < 20) {
      this.sink.skip('truncatedPackets');
      return;
    }
    const headerLength = ((b[d.start + 12] ?? 0) >> 4) * 4;
    if (headerLength < 20) {
      this.sink.skip('malformed');
      return;
    }
    if (d.start + headerLength > d.end) {
      this.sink.skip('truncatedPackets');
      return;
    }
    const srcPort = u16be(b, d.start);
    const dstPort = u16be(b, d.start + 2);
    let seq = u32be(b, d.start + 4);
    const flags = b[d.start + 13] ?? 0;
    const dataStart = d.start + headerLength;
    const length = d.end - dataStart;
    const key = `${d.src} ${srcPort} ${d.dst} ${dstPort}`;
    let flow = this.flows.get(key);

    if (flags & SYN) {
      const isRetransmittedSyn =
        flow !== undefined &&
        !flow.closed &&
        flow.nextSeq !== -1 &&
        seqDiff(flow.nextSeq, seq + 1) >= 0 &&
        seqDiff(flow.nextSeq, seq + 1) < MAX_OUT_OF_ORDER_BYTES;
      if (flow && !isRetransmittedSyn) {
        // A new connection on the same addresses and ports.
        this.close(flow, meta);
        flow = undefined;
      }
      if (!flow) {
        flow = this.open(key, d, srcPort, dstPort, meta, true);
        flow.nextSeq = (seq + 1) >>> 0;
      }
      seq = (seq + 1) >>> 0;
    }

    if (length === 0) {
      if (flow && flags & (FIN | RST)) this.finish(flow, seq, flags, meta);
      this.sink.skip('tcpControl');
      return;
    }
    if (d.cut) {
      // The segment's bytes are not all here: leave a gap, as if it was lost.
      this.sink.skip('truncatedPackets');
      return;
    }

    flow ??= this.open(key, d, srcPort, dstPort, meta, false);
    flow.lastFrame = meta.frame;
    flow.lastMeta = meta;
    if (flow.nextSeq === -1) flow.nextSeq = seq;

    let data = b.subarray(dataStart, d.end);
    let ahead = seqDiff(seq, flow.nextSeq);
    if (ahead < 0) {
      if (ahead + length <= 0) {
        this.sink.skip('tcpRetransmission');
        return;
      }
      if (flow.closed) {
        // New bytes after the close without a SYN: take them as a new stream.
        this.reopen(flow, seq);
        ahead = 0;
      } else {
        data = data.subarray(-ahead);
        seq = flow.nextSeq;
        ahead = 0;
      }
    } else if (flow.closed) {
      this.reopen(flow, seq);
      ahead = 0;
    }

    if (ahead > 0) {
      if (ahead > MAX_OUT_OF_ORDER_BYTES) {
        // Far beyond anything waited for: the bytes in between are lost.
        this.skipGap(flow, seq);
        ahead = 0;
      } else {
        this.wait(flow, seq, data, meta);
        if (
          flow.waiting.length > MAX_OUT_OF_ORDER_SEGMENTS ||
          flow.waitingBytes > MAX_OUT_OF_ORDER_BYTES
        ) {
          this.giveUpGap(flow);
        }
        this.enforceBudget();
        return;
      }
    }

    const before = flow.stream.buffered;
    flow.stream.push(data, meta);
    this.buffered += flow.stream.buffered - before;
    flow.nextSeq = (flow.nextSeq + data.byteLength) >>> 0;
    if (flow.waiting.length > 0) this.drain(flow, meta);
    if (flags & (FIN | RST)) this.finish(flow, flow.nextSeq, flags, meta);
    if (this.buffered > MAX_BUFFERED || this.flows.size > MAX_FLOWS) this.enforceBudget();
  }

  /** End of capture: give up every gap, hand out what can be, and forget all flows. */
  end(): void {
    for (const flow of this.flows.values()) {
      while (flow.waiting.length > 0) this.giveUpGap(flow);
      flow.stream.interrupt(flow.lastMeta);
    }
    this.flows.clear();
    this.buffered = 0;
  }

  private open(
    key: string,
    d: IpDatagram,
    srcPort: number,
    dstPort: number,
    meta: PacketMeta,
    synced: boolean,
  ): Flow {
    const src = this.addresses.endpointOf(d.src, d.srcV4, srcPort);
    const dst = this.addresses.endpointOf(d.dst, d.dstV4, dstPort);
    const flow: Flow = {
      key,
      stream: new SipStream(src, dst, this.sink, synced),
      nextSeq: -1,
      waiting: [],
      waitingBytes: 0,
      closed: false,
      lastFrame: meta.frame,
      lastMeta: meta,
    };
    this.flows.set(key, flow);
    // Connections that never carry data (SYN floods, port scans) count too.
    if (this.flows.size > MAX_FLOWS) this.enforceBudget();
    return flow;
  }

  private reopen(flow: Flow, seq: number): void {
    flow.closed = false;
    flow.nextSeq = seq;
  }

  /** FIN or RST at `seq`: once everything before it is in, the connection is over. */
  private finish(flow: Flow, seq: number, flags: number, meta: PacketMeta): void {
    if (flags & RST || (seqDiff(seq, flow.nextSeq) === 0 && flow.waiting.length === 0)) {
      this.close(flow, meta);
    }
  }

  /** Hands out what is left and keeps only the sequence number, to recognise retransmissions. */
  private close(flow: Flow, meta: PacketMeta): void {
    const held = flow.stream.buffered + flow.waitingBytes;
    if (flow.waiting.length > 0) this.sink.skip('tcpGap');
    flow.stream.interrupt(meta);
    flow.waiting = [];
    flow.waitingBytes = 0;
    flow.closed = true;
    this.buffered -= held;
  }

  private wait(flow: Flow, seq: number, data: Uint8Array, meta: PacketMeta): void {
    for (const s of flow.waiting) {
      if (s.seq === seq && s.data.byteLength >= data.byteLength) {
        this.sink.skip('tcpRetransmission');
        return;
      }
    }
    flow.waiting.push({ seq, data: copyBytes(data), meta });
    flow.waitingBytes += data.byteLength;
    this.buffered += data.byteLength;
  }

  /** Feeds waiting segments that now continue the stream. */
  private drain(flow: Flow, meta: PacketMeta): void {
    for (;;) {
      let index = -1;
      for (let i = 0; i < flow.waiting.length; i++) {
        const s = flow.waiting[i];
        if (s && seqDiff(s.seq, flow.nextSeq) <= 0) {
          index = i;
          break;
        }
      }
      if (index < 0) return;
      const [s] = flow.waiting.splice(index, 1);
      if (!s) return;
      flow.waitingBytes -= s.data.byteLength;
      this.buffered -= s.data.byteLength;
      const overlap = -seqDiff(s.seq, flow.nextSeq);
      if (overlap >= s.data.byteLength) {
        this.sink.skip('tcpRetransmission');
        continue;
      }
      const fresh = s.data.subarray(overlap);
      const before = flow.stream.buffered;
      // The message completes with this packet or with the one that filled the gap, whichever came later.
      flow.stream.push(fresh, s.meta.frame > meta.frame ? s.meta : meta);
      this.buffered += flow.stream.buffered - before;
      flow.nextSeq = (flow.nextSeq + fresh.byteLength) >>> 0;
    }
  }

  /** The missing bytes before the earliest waiting segment are not coming: carry on after them. */
  private giveUpGap(flow: Flow): void {
    let earliest: Segment | undefined;
    for (const s of flow.waiting) {
      if (!earliest || seqDiff(s.seq, earliest.seq) < 0) earliest = s;
    }
    if (!earliest) return;
    this.skipGap(flow, earliest.seq);
    this.drain(flow, earliest.meta);
  }

  private skipGap(flow: Flow, seq: number): void {
    this.sink.skip('tcpGap');
    const before = flow.stream.buffered;
    flow.stream.interrupt(flow.lastMeta);
    this.buffered += flow.stream.buffered - before;
    flow.nextSeq = seq;
  }

  /** Closes the least recently active flows while over the flow or byte bound. */
  private enforceBudget(): void {
    if (this.buffered <= MAX_BUFFERED && this.flows.size <= MAX_FLOWS) return;
    const byAge = [...this.flows.values()].sort((a, b) => a.lastFrame - b.lastFrame);
    // Evict a quarter at once so a flood of new flows does not sort on every packet.
    let toEvict = this.flows.size > MAX_FLOWS ? this.flows.size - (MAX_FLOWS * 3) / 4 : 0;
    for (const flow of byAge) {
      if (toEvict <= 0 && this.buffered <= MAX_BUFFERED) break;
      this.close(flow, flow.lastMeta);
      this.flows.delete(flow.key);
      this.sink.skip('tcpFlowsEvicted');
      toEvict--;
    }
  }
}
