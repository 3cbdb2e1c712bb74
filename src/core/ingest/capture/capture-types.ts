/**
 * What the capture reader hands out: whole SIP messages with where and when
 * they were seen, and counts of everything it passed over, so a user can
 * tell "no SIP in this capture" from "SIP we could not read".
 */
import type { MessageSource, Problem } from '../../sip/types.js';

export interface CaptureStats {
  format: 'pcap' | 'pcapng';
  /** Packet records read (classic records, or pcapng enhanced/simple/obsolete packet blocks). */
  packets: number;
  /** SIP messages handed out. */
  sipMessages: number;
  /** Packets (or stream pieces) passed over, by reason. */
  skipped: Record<string, number>;
  /** Problems with the capture as a whole: corrupt or truncated file, limits reached. */
  problems: Problem[];
}

/** Reasons counted in CaptureStats.skipped. */
export type SkipReason =
  | 'unsupportedLinkType'
  | 'nonIp'
  | 'truncatedPackets'
  | 'malformed'
  | 'otherTransport'
  | 'fragmentsIncomplete'
  | 'nonSip'
  | 'keepalive'
  | 'tcpControl'
  | 'tcpNoSip'
  | 'tcpRetransmission'
  | 'tcpGap'
  | 'tcpFlowsEvicted'
  | 'tcpOversize'
  | 'hepNonSip'
  | 'hepCompressed'
  | 'hepMalformed';

/** What is known about a packet before its link layer is decoded. */
export interface PacketMeta {
  epochMicros: number | undefined;
  /** 1-based packet number in the file. */
  frame: number;
  format: 'pcap' | 'pcapng';
}

export function newStats(format: 'pcap' | 'pcapng'): CaptureStats {
  return { format, packets: 0, sipMessages: 0, skipped: {}, problems: [] };
}

export function countSkip(stats: CaptureStats, reason: SkipReason, n = 1): void {
  stats.skipped[reason] = (stats.skipped[reason] ?? 0) + n;
}

/** Where decoders hand their results. */
export interface MessageSink {
  message(payload: Uint8Array, source: MessageSource): void;
  skip(reason: SkipReason, n?: number): void;
}
