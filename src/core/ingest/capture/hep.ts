/**
 * HEP v3 / EEP (the Homer encapsulation protocol): a capture agent wraps
 * each SIP message it saw in chunks carrying the original addresses, ports,
 * time and protocol, and sends it (usually over UDP to port 9060) to a
 * collector. Decoding it gives back the SIP message as the agent saw it.
 */
import type { Endpoint, Transport } from '../../sip/types.js';
import { u16be, u32be } from './byte-order.js';
import type { SkipReason } from './capture-types.js';
import { ipv4Text, ipv6Text } from './ip-address.js';

/** Every HEP3 packet starts with these bytes. */
export const HEP3_MAGIC = [0x48, 0x45, 0x50, 0x33] as const; // "HEP3"
const HEADER = 6;
const CHUNK_HEADER = 6;

/** Chunk types of the generic vendor (0) used here. */
export const HEP_CHUNK = {
  IP_FAMILY: 1,
  IP_PROTOCOL: 2,
  IPV4_SRC: 3,
  IPV4_DST: 4,
  IPV6_SRC: 5,
  IPV6_DST: 6,
  SRC_PORT: 7,
  DST_PORT: 8,
  SECONDS: 9,
  MICROSECONDS: 10,
  PROTOCOL_TYPE: 11,
  CAPTURE_ID: 12,
  PAYLOAD: 15,
  COMPRESSED_PAYLOAD: 16,
  CORRELATION_ID: 17,
} as const;

/** Protocol type 1 is SIP. */
export const HEP_PROTOCOL_SIP = 1;

export interface HepPacket {
  src: Endpoint;
  dst: Endpoint;
  transport?: Transport;
  epochMicros?: number;
  /** The encapsulated payload is bytes[start..end). */
  bytes: Uint8Array;
  start: number;
  end: number;
}

/** True when `b[start..]` begins with the HEP3 magic. */
export function isHep3(b: Uint8Array, start: number, end: number): boolean {
  return (
    end - start >= 4 &&
    b[start] === HEP3_MAGIC[0] &&
    b[start + 1] === HEP3_MAGIC[1] &&
    b[start + 2] === HEP3_MAGIC[2] &&
    b[start + 3] === HEP3_MAGIC[3]
  );
}

/** Length of the HEP3 packet at `start` (from its header), or -1 when fewer than 6 bytes are there. */
export function hep3Length(b: Uint8Array, start: number, end: number): number {
  return end - start < HEADER ? -1 : u16be(b, start + 4);
}

function transportOf(protocol: number): Transport | undefined {
  if (protocol === 17) return 'UDP';
  if (protocol === 6) return 'TCP';
  if (protocol === 132) return 'SCTP';
  return undefined;
}

/** Decodes the HEP3 packet at `b[start..end)`; the payload is a view, not a copy. */
export function decodeHep3(b: Uint8Array, start: number, end: number): HepPacket | SkipReason {
  const declared = hep3Length(b, start, end);
  if (declared < HEADER) return 'hepMalformed';
  const stop = Math.min(end, start + declared);

  let src = '';
  let dst = '';
  let srcPort: number | undefined;
  let dstPort: number | undefined;
  let protocol = -1;
  let protocolType = -1;
  let seconds = -1;
  let micros = 0;
  let payloadStart = -1;
  let payloadEnd = -1;
  let compressed = false;

  for (let i = start + HEADER; i + CHUNK_HEADER <= stop; ) {
    const vendor = u16be(b, i);
    const type = u16be(b, i + 2);
    const length = u16be(b, i + 4);
    if (length < CHUNK_HEADER || i + length > stop) return 'hepMalformed';
    const v = i + CHUNK_HEADER;
    const size = length - CHUNK_HEADER;
    if (vendor === 0) {
      switch (type) {
        case HEP_CHUNK.IP_PROTOCOL:
          if (size >= 1) protocol = b[v] ?? -1;
          break;
        case HEP_CHUNK.IPV4_SRC:
          if (size === 4) src = ipv4Text(b, v);
          break;
        case HEP_CHUNK.IPV4_DST:
          if (size === 4) dst = ipv4Text(b, v);
          break;
        case HEP_CHUNK.IPV6_SRC:
          if (size === 16) src = ipv6Text(b, v);
          break;
        case HEP_CHUNK.IPV6_DST:
          if (size === 16) dst = ipv6Text(b, v);
          break;
        case HEP_CHUNK.SRC_PORT:
          if (size === 2) srcPort = u16be(b, v);
          break;
        case HEP_CHUNK.DST_PORT:
          if (size === 2) dstPort = u16be(b, v);
          break;
        case HEP_CHUNK.SECONDS:
          if (size === 4) seconds = u32be(b, v);
          break;
        case HEP_CHUNK.MICROSECONDS:
          if (size === 4) micros = u32be(b, v);
          break;
        case HEP_CHUNK.PROTOCOL_TYPE:
          if (size >= 1) protocolType = b[v] ?? -1;
          break;
        case HEP_CHUNK.PAYLOAD:
          payloadStart = v;
          payloadEnd = v + size;
          break;
        case HEP_CHUNK.COMPRESSED_PAYLOAD:
          compressed = true;
          break;
      }
    }
    i += length;
  }

  if (payloadStart < 0) return compressed ? 'hepCompressed' : 'hepMalformed';
  if (protocolType !== -1 && protocolType !== HEP_PROTOCOL_SIP) return 'hepNonSip';
  const packet: HepPacket = {
    src: srcPort === undefined ? { address: src } : { address: src, port: srcPort },
    dst: dstPort === undefined ? { address: dst } : { address: dst, port: dstPort },
    bytes: b,
    start: payloadStart,
    end: payloadEnd,
  };
  const transport = transportOf(protocol);
  if (transport) packet.transport = transport;
  if (seconds >= 0) packet.epochMicros = seconds * 1_000_000 + micros;
  return packet;
}
