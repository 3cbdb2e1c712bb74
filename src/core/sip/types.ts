/**
 * Shared types of the SIP layer: problems, endpoints, where a message came
 * from, and the structured header values. Parsers never throw; whatever is
 * wrong with the input becomes a Problem.
 */

export type Severity = 'error' | 'warning' | 'note';

export interface Problem {
  severity: Severity;
  /** Stable identifier, dotted, e.g. "start-line.version", "header.content-length.mismatch". */
  id: string;
  /** One human sentence saying what is wrong and, where useful, what it means. */
  message: string;
  /** 1-based line of the message the problem refers to, when there is one. */
  line?: number;
  /** For requests: the response an RFC-compliant element would send (400, 416, 420, 505...). */
  response?: number;
}

export type Transport = 'UDP' | 'TCP' | 'TLS' | 'SCTP' | 'WS' | 'WSS';

export interface Endpoint {
  /** IPv4 dotted quad or IPv6 text (no brackets), or a host name when that is all a log gives. */
  address: string;
  port?: number;
}

/** Where a message was found: a capture packet or a place in a pasted text. */
export interface MessageSource {
  /** Microseconds since the Unix epoch, when the date and time are known. */
  epochMicros?: number;
  /** The timestamp as the input wrote it (logs often give a time without a date). */
  timestampText?: string;
  src?: Endpoint;
  dst?: Endpoint;
  transport?: Transport;
  /** Which input format carried it: "raw", "asterisk", "freeswitch", "tshark", "ngrep", "sngrep", "pcap", "pcapng", "hep"... */
  format?: string;
  /** 1-based line in the pasted text where the message starts (text inputs only). */
  line?: number;
  /** 1-based frame number (captures only). */
  frame?: number;
  /** The input ended before the message did (it is kept and flagged). */
  truncated?: boolean;
}

/** Limits protect the bot from pathological input; exceeding one yields a Problem, never a crash. */
export interface SipLimits {
  /** Largest input (paste or capture) read, in bytes. */
  maxInputBytes: number;
  /** Most messages taken from one input. */
  maxMessages: number;
  /** Most header fields parsed in one message. */
  maxHeaderCount: number;
  /** Longest header field (after unfolding) parsed, in characters. */
  maxHeaderLength: number;
}

export const DEFAULT_LIMITS: SipLimits = {
  maxInputBytes: 64 * 1024 * 1024,
  maxMessages: 200_000,
  maxHeaderCount: 1_000,
  maxHeaderLength: 64 * 1024,
};

/** Generic parameters (";name=value", ";flag"); names lower-cased, values as written (null for a flag). */
export type Params = Readonly<Record<string, string | null>>;

/**
 * Parsed values are read-only: a parsed Request-URI may be handed to a later
 * message that carries the same text (see recent-values.ts), and is frozen
 * once it is. Parsers build them through Mutable.
 */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The parameters a parser is still filling in. */
export type ParamsBuilder = Record<string, string | null>;

export interface SipUri {
  /** The URI exactly as written. */
  readonly raw: string;
  /** "sip", "sips", "tel", or another scheme as written (lower-cased). */
  readonly scheme: string;
  /** %-decoded user part (or the tel number); `userRaw` keeps the text as written. */
  readonly user?: string;
  readonly userRaw?: string;
  readonly password?: string;
  /** Host without IPv6 brackets; `hostRaw` keeps them. Empty for tel URIs. */
  readonly host: string;
  readonly hostRaw: string;
  readonly port?: number;
  readonly params: Params;
  /** URI headers (?name=value&...), %-decoded. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface NameAddr {
  readonly raw: string;
  readonly displayName?: string;
  /** Parsed URI, when the URI text is valid. */
  readonly uri?: SipUri;
  readonly uriText: string;
  readonly params: Params;
  readonly tag?: string;
}

export interface Via {
  readonly raw: string;
  /** "SIP/2.0" */
  readonly protocol: string;
  readonly transport: string;
  readonly host: string;
  readonly port?: number;
  readonly branch?: string;
  readonly received?: string;
  /** `true` for a bare ";rport", the number when filled in. */
  readonly rport?: number | true;
  readonly maddr?: string;
  readonly ttl?: number;
  readonly params: Params;
}

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}
