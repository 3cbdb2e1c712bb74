/**
 * Writing classic pcap files: the 24-byte file header (either byte order,
 * micro- or nanosecond timestamps) and one record per frame. Test captures
 * and the benchmark corpus are produced with it.
 */

import { LINKTYPE } from '../../../src/core/ingest/capture/link-layer.js';
import { type LinkFraming, linkTypeOf, PacketBuilder, type PacketSpec } from './build-packet.js';

export interface PcapOptions {
  /** Byte order of the file (default little-endian, as most writers use). */
  littleEndian?: boolean;
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds. */
  nanoseconds?: boolean;
  /** Link type of every record (default Ethernet). */
  linkType?: number;
  snaplen?: number;
}

/** One frame as stored: its bytes, time, and the length it had on the wire when it was cut. */
export interface PcapRecord {
  epochMicros: number;
  /** Extra nanoseconds (0-999) for nanosecond files. */
  nanos?: number;
  data: Uint8Array;
  originalLength?: number;
}

function writer(littleEndian: boolean) {
  return (out: Uint8Array, offset: number, value: number, size: 2 | 4): void => {
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    if (size === 2) view.setUint16(offset, value, littleEndian);
    else view.setUint32(offset, value >>> 0, littleEndian);
  };
}

/** The file header. */
export function encodePcapHeader(options: PcapOptions = {}): Uint8Array {
  const out = new Uint8Array(24);
  const put = writer(options.littleEndian ?? true);
  put(out, 0, options.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, 4);
  put(out, 4, 2, 2);
  put(out, 6, 4, 2);
  put(out, 16, options.snaplen ?? 262144, 4);
  put(out, 20, options.linkType ?? LINKTYPE.ETHERNET, 4);
  return out;
}

/** One packet record (header and data). */
export function encodePcapRecord(record: PcapRecord, options: PcapOptions = {}): Uint8Array {
  const out = new Uint8Array(16 + record.data.byteLength);
  const put = writer(options.littleEndian ?? true);
  const seconds = Math.floor(record.epochMicros / 1_000_000);
  const micros = record.epochMicros - seconds * 1_000_000;
  put(out, 0, seconds, 4);
  put(out, 4, options.nanoseconds ? micros * 1000 + (record.nanos ?? 0) : micros, 4);
  put(out, 8, record.data.byteLength, 4);
  put(out, 12, record.originalLength ?? record.data.byteLength, 4);
  out.set(record.data, 16);
  return out;
}

/** A whole pcap file from frames already built. */
export function writePcapRecords(
  records: Iterable<PcapRecord>,
  options: PcapOptions = {},
): Uint8Array {
  const list = [...records];
  const header = encodePcapHeader(options);
  // One allocation for the whole file: the benchmark writes tens of megabytes.
  const out = new Uint8Array(list.reduce((n, r) => n + 16 + r.data.byteLength, header.byteLength));
  const view = new DataView(out.buffer);
  const le = options.littleEndian ?? true;
  out.set(header);
  let at = header.byteLength;
  for (const record of list) {
    const seconds = Math.floor(record.epochMicros / 1_000_000);
    const micros = record.epochMicros - seconds * 1_000_000;
    const fraction = options.nanoseconds ? micros * 1000 + (record.nanos ?? 0) : micros;
    view.setUint32(at, seconds >>> 0, le);
    view.setUint32(at + 4, fraction >>> 0, le);
    view.setUint32(at + 8, record.data.byteLength, le);
    view.setUint32(at + 12, record.originalLength ?? record.data.byteLength, le);
    out.set(record.data, at + 16);
    at += 16 + record.data.byteLength;
  }
  return out;
}

/**
 * A whole pcap file from payload specs: each becomes one UDP datagram or
 * TCP segment in IPv4/IPv6, framed for `link` (default Ethernet).
 */
export function writePcap(
  packets: Iterable<PacketSpec>,
  options: PcapOptions & { link?: LinkFraming } = {},
): Uint8Array {
  const link = options.link ?? { kind: 'ethernet' };
  const builder = new PacketBuilder();
  const records: PcapRecord[] = [];
  for (const spec of packets)
    records.push({ epochMicros: spec.epochMicros, data: builder.frame(spec, link) });
  return writePcapRecords(records, { ...options, linkType: options.linkType ?? linkTypeOf(link) });
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
