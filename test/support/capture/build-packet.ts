/**
 * Building network packets byte by byte: UDP and TCP (with checksums) in
 * IPv4 or IPv6, IP fragments, and the link headers the reader decodes. Used
 * to write test captures and the benchmark corpus, so every layer the
 * reader handles can be produced on purpose, malformations included.
 */

import { LINKTYPE } from '../../../src/core/ingest/capture/link-layer.js';
import type { Endpoint } from '../../../src/core/sip/types.js';

export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const;

/** One SIP (or other) payload to put on the wire. */
export interface PacketSpec {
  /** Microseconds since the Unix epoch. */
  epochMicros: number;
  src: Endpoint;
  dst: Endpoint;
  transport: 'UDP' | 'TCP';
  /** Strings are encoded as UTF-8. */
  payload: Uint8Array | string;
  /** TCP only: sequence number (default: continues the flow), acknowledgement, flags (default PSH+ACK). */
  tcp?: { seq?: number; ack?: number; flags?: number };
}

/** How IP packets are wrapped for the capture's link type. */
export type LinkFraming =
  | { kind: 'ethernet'; vlans?: number[] }
  | { kind: 'sll' }
  | { kind: 'sll2' }
  | { kind: 'raw' }
  | { kind: 'null'; littleEndian?: boolean }
  | { kind: 'loop' };

const encoder = new TextEncoder();

export function payloadBytes(payload: Uint8Array | string): Uint8Array {
  return typeof payload === 'string' ? encoder.encode(payload) : payload;
}

export function isIpv6Address(address: string): boolean {
  return address.includes(':');
}

const parsedAddresses = new Map<string, Uint8Array>();

/** The address's bytes (4 for IPv4, 16 for IPv6); do not modify the array returned. */
export function addressBytes(address: string): Uint8Array {
  let bytes = parsedAddresses.get(address);
  if (!bytes) {
    bytes = isIpv6Address(address) ? ipv6Bytes(address) : ipv4Bytes(address);
    // A small cache: writers repeat the same few addresses.
    if (parsedAddresses.size > 10_000) parsedAddresses.clear();
    parsedAddresses.set(address, bytes);
  }
  return bytes;
}

function ipv4Bytes(address: string): Uint8Array {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${address}`);
  }
  return Uint8Array.from(parts);
}

function ipv6Bytes(address: string): Uint8Array {
  const out = new Uint8Array(16);
  let text = address;
  // A trailing dotted quad fills the last two groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad?.[1]) {
    out.set(ipv4Bytes(quad[1]), 12);
    text = `${text.slice(0, -quad[1].length)}0:0`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 1)
    throw new Error(`not an IPv6 address: ${address}`);
  const groups = [
    ...headGroups,
    ...new Array<string>(tail === undefined ? 0 : missing).fill('0'),
    ...tailGroups,
  ];
  groups.forEach((g, i) => {
    const v = Number.parseInt(g, 16);
    if (i >= 6 && quad) return;
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  return out;
}

function put16(b: Uint8Array, i: number, v: number): void {
  b[i] = (v >>> 8) & 0xff;
  b[i + 1] = v & 0xff;
}

function put32(b: Uint8Array, i: number, v: number): void {
  b[i] = (v >>> 24) & 0xff;
  b[i + 1] = (v >>> 16) & 0xff;
  b[i + 2] = (v >>> 8) & 0xff;
  b[i + 3] = v & 0xff;
}

/** One's-complement sum of 16-bit words (RFC 1071), folded. */
function onesSum(b: Uint8Array, initial = 0): number {
  let sum = initial;
  const even = b.byteLength & ~1;
  for (let i = 0; i < even; i += 2) sum += ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  if (b.byteLength & 1) sum += (b[b.byteLength - 1] ?? 0) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

function transportChecksum(
  src: Uint8Array,
  dst: Uint8Array,
  protocol: number,
  segment: Uint8Array,
): number {
  let sum = onesSum(src);
  sum = onesSum(dst, sum);
  sum += protocol + segment.byteLength;
  const checksum = ~onesSum(segment, sum) & 0xffff;
  return checksum === 0 ? 0xffff : checksum;
}

/** A UDP datagram (header + payload) with its checksum over the pseudo-header. */
export function encodeUdp(src: Endpoint, dst: Endpoint, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.byteLength);
  put16(out, 0, src.port ?? 0);
  put16(out, 2, dst.port ?? 0);
  put16(out, 4, Math.min(0xffff, out.byteLength));
  out.set(payload, 8);
  put16(out, 6, transportChecksum(addressBytes(src.address), addressBytes(dst.address), 17, out));
  return out;
}

/** A TCP segment (20-byte header + payload) with its checksum. */
export function encodeTcp(
  src: Endpoint,
  dst: Endpoint,
  seq: number,
  ack: number,
  flags: number,
  payload: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(20 + payload.byteLength);
  put16(out, 0, src.port ?? 0);
  put16(out, 2, dst.port ?? 0);
  put32(out, 4, seq >>> 0);
  put32(out, 8, ack >>> 0);
  out[12] = 5 << 4;
  out[13] = flags;
  put16(out, 14, 65535);
  out.set(payload, 20);
  put16(out, 16, transportChecksum(addressBytes(src.address), addressBytes(dst.address), 6, out));
  return out;
}

export interface Ipv4Options {
  id?: number;
  ttl?: number;
  /** Fragment offset in bytes (a multiple of 8). */
  fragmentOffset?: number;
  moreFragments?: boolean;
}

/** An IPv4 packet around an upper-layer payload. */
export function encodeIpv4(
  src: string,
  dst: string,
  protocol: number,
  payload: Uint8Array,
  options: Ipv4Options = {},
): Uint8Array {
  const out = new Uint8Array(20 + payload.byteLength);
  out[0] = 0x45;
  put16(out, 2, out.byteLength);
  put16(out, 4, options.id ?? 0);
  put16(out, 6, (options.moreFragments ? 0x2000 : 0) | ((options.fragmentOffset ?? 0) >> 3));
  out[8] = options.ttl ?? 64;
  out[9] = protocol;
  out.set(addressBytes(src), 12);
  out.set(addressBytes(dst), 16);
  put16(out, 10, ~onesSum(out.subarray(0, 20)) & 0xffff);
  out.set(payload, 20);
  return out;
}

/** An extension header for encodeIpv6: its type and body (padded to a multiple of 8 with the 2-byte prefix). */
export interface Ipv6Extension {
  type: number;
  body: Uint8Array;
}

/** An IPv6 packet; extension headers are chained in the order given. */
export function encodeIpv6(
  src: string,
  dst: string,
  nextHeader: number,
  payload: Uint8Array,
  extensions: Ipv6Extension[] = [],
): Uint8Array {
  const encoded = extensions.map((ext, i) => {
    const next = extensions[i + 1]?.type ?? nextHeader;
    if (ext.type === 44) {
      const header = new Uint8Array(8);
      header.set(ext.body.subarray(0, 8));
      header[0] = next;
      return header;
    }
    const length = Math.ceil((ext.body.byteLength + 2) / 8) * 8;
    const header = new Uint8Array(length);
    header[0] = next;
    header[1] = length / 8 - 1;
    header.set(ext.body, 2);
    return header;
  });
  const extLength = encoded.reduce((n, e) => n + e.byteLength, 0);
  const out = new Uint8Array(40 + extLength + payload.byteLength);
  out[0] = 0x60;
  put16(out, 4, extLength + payload.byteLength);
  out[6] = extensions[0]?.type ?? nextHeader;
  out[7] = 64;
  out.set(addressBytes(src), 8);
  out.set(addressBytes(dst), 24);
  let at = 40;
  for (const e of encoded) {
    out.set(e, at);
    at += e.byteLength;
  }
  out.set(payload, at);
  return out;
}

/** Splits an upper-layer payload into IPv4 fragments of at most `size` payload bytes (rounded down to 8). */
export function fragmentIpv4(
  src: string,
  dst: string,
  protocol: number,
  payload: Uint8Array,
  size: number,
  id: number,
): Uint8Array[] {
  const step = Math.max(8, size & ~7);
  const packets: Uint8Array[] = [];
  for (let offset = 0; offset < payload.byteLength; offset += step) {
    const piece = payload.subarray(offset, offset + step);
    packets.push(
      encodeIpv4(src, dst, protocol, piece, {
        id,
        fragmentOffset: offset,
        moreFragments: offset + step < payload.byteLength,
      }),
    );
  }
  return packets;
}

/** Splits an upper-layer payload into IPv6 fragments (fragment header, RFC 8200 4.5). */
export function fragmentIpv6(
  src: string,
  dst: string,
  protocol: number,
  payload: Uint8Array,
  size: number,
  id: number,
): Uint8Array[] {
  const step = Math.max(8, size & ~7);
  const packets: Uint8Array[] = [];
  for (let offset = 0; offset < payload.byteLength; offset += step) {
    const piece = payload.subarray(offset, offset + step);
    const header = new Uint8Array(8);
    put16(header, 2, offset | (offset + step < payload.byteLength ? 1 : 0));
    put32(header, 4, id);
    packets.push(encodeIpv6(src, dst, protocol, piece, [{ type: 44, body: header }]));
  }
  return packets;
}

/** The pcap/pcapng link type number of a framing. */
export function linkTypeOf(framing: LinkFraming): number {
  switch (framing.kind) {
    case 'ethernet':
      return LINKTYPE.ETHERNET;
    case 'sll':
      return LINKTYPE.LINUX_SLL;
    case 'sll2':
      return LINKTYPE.LINUX_SLL2;
    case 'raw':
      return LINKTYPE.RAW;
    case 'null':
      return LINKTYPE.NULL;
    case 'loop':
      return LINKTYPE.LOOP;
  }
}

/** Wraps an IP packet in the link header of `framing`. */
export function encodeLinkFrame(ip: Uint8Array, framing: LinkFraming): Uint8Array {
  const v6 = (ip[0] ?? 0) >> 4 === 6;
  const ethertype = v6 ? 0x86dd : 0x0800;
  let header: Uint8Array;
  switch (framing.kind) {
    case 'ethernet': {
      const vlans = framing.vlans ?? [];
      header = new Uint8Array(14 + vlans.length * 4);
      header.set([0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01]);
      let at = 12;
      vlans.forEach((vlan, i) => {
        // Outer tags of a QinQ stack use the 802.1ad type.
        put16(header, at, i < vlans.length - 1 ? 0x88a8 : 0x8100);
        put16(header, at + 2, vlan & 0x0fff);
        at += 4;
      });
      put16(header, at, ethertype);
      break;
    }
    case 'sll':
      header = new Uint8Array(16);
      put16(header, 0, 0); // sent to us
      put16(header, 2, 772); // ARPHRD_LOOPBACK
      put16(header, 4, 6);
      put16(header, 14, ethertype);
      break;
    case 'sll2':
      header = new Uint8Array(20);
      put16(header, 0, ethertype);
      put32(header, 4, 1); // interface index
      put16(header, 8, 772);
      header[10] = 0;
      header[11] = 6;
      break;
    case 'raw':
      return ip;
    case 'null': {
      header = new Uint8Array(4);
      const family = v6 ? 30 : 2;
      if (framing.littleEndian ?? true) header[0] = family;
      else header[3] = family;
      break;
    }
    case 'loop':
      header = new Uint8Array(4);
      header[3] = v6 ? 24 : 2;
      break;
  }
  const frame = new Uint8Array(header.byteLength + ip.byteLength);
  frame.set(header);
  frame.set(ip, header.byteLength);
  return frame;
}

/** Turns packet specs into IP packets, numbering TCP bytes per flow as a real sender would. */
export class PacketBuilder {
  private readonly nextSeq = new Map<string, number>();
  private ipId = 1;

  /** The IP packet for one spec (UDP or TCP inside IPv4 or IPv6, chosen by the address). */
  ipPacket(spec: PacketSpec): Uint8Array {
    const payload = payloadBytes(spec.payload);
    let segment: Uint8Array;
    if (spec.transport === 'UDP') {
      segment = encodeUdp(spec.src, spec.dst, payload);
    } else {
      const key = `${spec.src.address} ${spec.src.port} ${spec.dst.address} ${spec.dst.port}`;
      const flags = spec.tcp?.flags ?? TCP_FLAGS.PSH | TCP_FLAGS.ACK;
      const seq = spec.tcp?.seq ?? this.nextSeq.get(key) ?? 1_000_000;
      const consumed = payload.byteLength + (flags & (TCP_FLAGS.SYN | TCP_FLAGS.FIN) ? 1 : 0);
      this.nextSeq.set(key, (seq + consumed) >>> 0);
      segment = encodeTcp(spec.src, spec.dst, seq, spec.tcp?.ack ?? 1, flags, payload);
    }
    const protocol = spec.transport === 'UDP' ? 17 : 6;
    if (isIpv6Address(spec.src.address))
      return encodeIpv6(spec.src.address, spec.dst.address, protocol, segment);
    this.ipId = (this.ipId + 1) & 0xffff;
    return encodeIpv4(spec.src.address, spec.dst.address, protocol, segment, { id: this.ipId });
  }

  /** The whole link-layer frame for one spec. */
  frame(spec: PacketSpec, framing: LinkFraming = { kind: 'ethernet' }): Uint8Array {
    return encodeLinkFrame(this.ipPacket(spec), framing);
  }
}
