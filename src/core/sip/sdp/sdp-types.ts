// The exported SDP types: session, media, attribute and option shapes.
import type { Problem } from '../types.js';

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface SdpAttribute {
  name: string;
  /** Text after the first ':'; undefined for a flag such as a=sendrecv. */
  value?: string;
  line: number;
}

export interface SdpOrigin {
  raw: string;
  username: string;
  /** Kept as text: session ids and versions often exceed 2^53. */
  sessionId: string;
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
}

export interface SdpConnection {
  raw: string;
  netType: string;
  addrType: string;
  address: string;
  /** Multicast TTL (IP4 only). */
  ttl?: number;
  /** Number of multicast addresses. */
  count?: number;
  line: number;
}

export interface SdpBandwidth {
  /** "AS", "CT", "TIAS", "RR", "RS"... as written. */
  type: string;
  value?: number;
  line: number;
}

export interface SdpTiming {
  /** NTP seconds, 0 for unbounded. */
  start?: number;
  stop?: number;
  line: number;
}

export interface SdpRtpmap {
  payloadType: number;
  encoding: string;
  clockRate?: number;
  /** Channels for audio (the optional third field). */
  channels?: number;
  line: number;
}

export interface SdpFmtp {
  /** The format as written (a payload type number for RTP). */
  format: string;
  /** Everything after the format. */
  value: string;
  /** "name=value" pairs split at ';' (names lower-cased); flags map to "". */
  params: Record<string, string>;
  line: number;
}

export interface SdpCodec {
  payloadType: number;
  encoding?: string;
  clockRate?: number;
  channels?: number;
  /** True when the name comes from the RFC 3551 static table rather than an rtpmap. */
  static: boolean;
  fmtp?: string;
}

export interface SdpKeyParam {
  raw: string;
  /** "inline" for SDES. */
  method: string;
  /**
   * The base64 key||salt for "inline". This is secret material: it is kept so
   * a redaction step can find and mask it; do not print it.
   */
  key: string;
  lifetime?: string;
  mki?: string;
  mkiLength?: string;
}

export interface SdpCrypto {
  tag: number;
  suite: string;
  keyParams: SdpKeyParam[];
  sessionParams: string[];
  line: number;
}

export interface SdpFingerprint {
  /** Hash function, lower-cased ("sha-256"). */
  hash: string;
  value: string;
  line: number;
}

export interface SdpCandidate {
  raw: string;
  foundation: string;
  component: number;
  /** Lower-cased ("udp", "tcp"). */
  transport: string;
  priority: number;
  address: string;
  port: number;
  /** "host", "srflx", "prflx", "relay". */
  type: string;
  relatedAddress?: string;
  relatedPort?: number;
  /** Other name/value pairs (generation, tcptype, network-id...). */
  extensions: Record<string, string>;
  line: number;
}

export interface SdpRtcp {
  port: number;
  netType?: string;
  addrType?: string;
  address?: string;
  line: number;
}

/** Attributes that may appear at session or media level and their parsed forms. */
export interface SdpLevel {
  attributes: SdpAttribute[];
  bandwidths: SdpBandwidth[];
  /** The direction attribute written at this level, if any. */
  direction?: SdpDirection;
  fingerprints: SdpFingerprint[];
  /** a=setup value as written, lower-cased. */
  setup?: string;
  iceUfrag?: string;
  /** ICE password: secret-ish, kept for redaction to find. */
  icePwd?: string;
  iceOptions?: string[];
  /** a=ice-lite (session level) */
  iceLite: boolean;
}

export interface SdpMedia extends SdpLevel {
  raw: string;
  line: number;
  /** "audio", "video", "application", "image", "text"... */
  type: string;
  /** Undefined when the port field is unreadable. */
  port?: number;
  portCount?: number;
  /** Transport protocol as written ("RTP/AVP", "UDP/TLS/RTP/SAVPF", "udptl"). */
  protocol: string;
  /** Formats as written (payload type numbers for RTP). */
  formats: string[];
  /** Port 0: the stream is rejected or disabled (RFC 3264). */
  rejected: boolean;
  connections: SdpConnection[];
  /** The media's own c= line, else the session's. */
  effectiveConnection?: SdpConnection;
  /** The media's direction attribute, else the session's, else sendrecv. */
  effectiveDirection: SdpDirection;
  /** The media's fingerprints, else the session's. */
  effectiveFingerprints: SdpFingerprint[];
  effectiveSetup?: string;
  rtpmaps: SdpRtpmap[];
  fmtps: SdpFmtp[];
  /** One entry per RTP payload type of the m= line, in preference order. */
  codecs: SdpCodec[];
  crypto: SdpCrypto[];
  candidates: SdpCandidate[];
  endOfCandidates: boolean;
  rtcp?: SdpRtcp;
  rtcpMux: boolean;
  mid?: string;
  ptime?: number;
  maxptime?: number;
}

export interface SdpSession extends SdpLevel {
  version?: number;
  origin?: SdpOrigin;
  sessionName?: string;
  connection?: SdpConnection;
  timing: SdpTiming[];
  /** a=group values as written ("BUNDLE 0 1"). */
  groups: string[];
  media: SdpMedia[];
  problems: Problem[];
}

export interface SdpOptions {
  /** Message line of the body's first line, so problems point into the message. Default 1. */
  firstLine?: number;
}
