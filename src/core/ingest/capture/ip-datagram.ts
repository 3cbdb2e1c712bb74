/**
 * The upper-layer payload of an IP packet, with the addresses it travelled
 * between: what the IPv4 and IPv6 decoders hand to UDP and TCP.
 */
import type { SkipReason } from './capture-types.js';

export interface IpDatagram {
  src: string;
  dst: string;
  /** The IPv4 addresses as numbers (cache keys), -1 for IPv6. */
  srcV4: number;
  dstV4: number;
  /** Upper-layer protocol number (6 TCP, 17 UDP...). */
  protocol: number;
  /** The payload is bytes[start..end). */
  bytes: Uint8Array;
  start: number;
  end: number;
  /** The payload is shorter than the IP header says (snapshot length). */
  cut: boolean;
}

/** A datagram, a reason to skip the packet, or null when a fragment was stored for later. */
export type IpResult = IpDatagram | SkipReason | null;

export const PROTOCOL_TCP = 6;
export const PROTOCOL_UDP = 17;
