/**
 * The full parse of one SIP message: start line, every header field as
 * written, the structured values every consumer reads, the body and the
 * problems found. parseMessage (parse-message.ts) makes it; an
 * InputMessage (input-message.ts) parses its message again into one on
 * demand.
 */
import type { CSeq, NameAddr, Problem, SipUri, Via } from './types.js';

export interface Header {
  /** The name as written. */
  name: string;
  /** Lower-case full name, compact forms expanded. */
  key: string;
  /** The value, unfolded (each line break plus indentation became one space) and trimmed. */
  value: string;
  /** 1-based line of the message where the header starts. */
  line: number;
}

/** One SIP message, parsed. */
export interface SipMessage {
  kind: 'request' | 'response' | 'unknown';
  method?: string;
  requestUri?: string;
  version?: string;
  code?: number;
  reason?: string;
  headers: readonly Header[];
  /** The first header with this name (any case, full or compact). */
  header(name: string): Header | undefined;
  /** All values of a header; list headers are split at top-level commas. */
  values(name: string): string[];
  body: string;
  bodyBytes: number;
  problems: Problem[];
  via: Via[];
  from?: NameAddr;
  to?: NameAddr;
  callId?: string;
  cseq?: CSeq;
  maxForwards?: number;
  contentLength?: number;
  contacts: NameAddr[] | '*';
  /** The input as text (a Uint8Array decoded one character per byte); the message is its first `length` characters. */
  readonly text: string;
  /** The Request-URI parsed (requests whose Request-URI is a URI). */
  readonly parsedRequestUri: SipUri | undefined;
  /** How much of the input the message took: characters for a string, bytes for a Uint8Array. */
  readonly length: number;
  /** Route values in order (parsed on first access). */
  readonly routes: NameAddr[];
  /** Record-Route values in order (parsed on first access). */
  readonly recordRoutes: NameAddr[];
  /** The media type of Content-Type, lower case without parameters (computed on first access). */
  readonly contentType: string | undefined;
}
