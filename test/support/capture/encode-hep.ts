/**
 * Encoding HEP v3 packets, as capture agents (heplify, Kamailio siptrace,
 * OpenSIPS proto_hep) send them to a Homer collector; used to build test
 * captures of HEP traffic.
 */

import { HEP_CHUNK, HEP_PROTOCOL_SIP } from '../../../src/core/ingest/capture/hep.js';
import type { Endpoint, Transport } from '../../../src/core/sip/types.js';
import { addressBytes, isIpv6Address, payloadBytes } from './build-packet.js';
import { concatBytes } from './write-pcap.js';

export interface HepSpec {
  epochMicros: number;
  src: Endpoint;
  dst: Endpoint;
  transport: Transport;
  payload: Uint8Array | string;
  /** HEP protocol type (1 = SIP, the default). */
  protocolType?: number;
  captureId?: number;
  /** Put the payload in a "compressed payload" chunk instead (the bytes as given). */
  compressed?: boolean;
}

function chunk(type: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(6 + value.byteLength);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0);
  view.setUint16(2, type);
  view.setUint16(4, out.byteLength);
  out.set(value, 6);
  return out;
}

function u8(v: number): Uint8Array {
  return Uint8Array.of(v);
}

function u16(v: number): Uint8Array {
  return Uint8Array.of(v >> 8, v & 0xff);
}

function u32(v: number): Uint8Array {
  return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}

const PROTOCOL: Record<Transport, number> = { UDP: 17, TCP: 6, TLS: 6, SCTP: 132, WS: 6, WSS: 6 };

/** One HEP3 packet carrying the payload and its original addressing. */
export function encodeHep3(spec: HepSpec): Uint8Array {
  const v6 = isIpv6Address(spec.src.address);
  const seconds = Math.floor(spec.epochMicros / 1_000_000);
  const chunks = [
    chunk(HEP_CHUNK.IP_FAMILY, u8(v6 ? 10 : 2)),
    chunk(HEP_CHUNK.IP_PROTOCOL, u8(PROTOCOL[spec.transport])),
    chunk(v6 ? HEP_CHUNK.IPV6_SRC : HEP_CHUNK.IPV4_SRC, addressBytes(spec.src.address)),
    chunk(v6 ? HEP_CHUNK.IPV6_DST : HEP_CHUNK.IPV4_DST, addressBytes(spec.dst.address)),
    chunk(HEP_CHUNK.SRC_PORT, u16(spec.src.port ?? 0)),
    chunk(HEP_CHUNK.DST_PORT, u16(spec.dst.port ?? 0)),
    chunk(HEP_CHUNK.SECONDS, u32(seconds)),
    chunk(HEP_CHUNK.MICROSECONDS, u32(spec.epochMicros - seconds * 1_000_000)),
    chunk(HEP_CHUNK.PROTOCOL_TYPE, u8(spec.protocolType ?? HEP_PROTOCOL_SIP)),
    chunk(HEP_CHUNK.CAPTURE_ID, u32(spec.captureId ?? 2001)),
    chunk(
      spec.compressed ? HEP_CHUNK.COMPRESSED_PAYLOAD : HEP_CHUNK.PAYLOAD,
      payloadBytes(spec.payload),
    ),
  ];
  const body = concatBytes(chunks);
  const header = Uint8Array.of(0x48, 0x45, 0x50, 0x33, 0, 0);
  const total = header.byteLength + body.byteLength;
  header[4] = total >> 8;
  header[5] = total & 0xff;
  return concatBytes([header, body]);
}
