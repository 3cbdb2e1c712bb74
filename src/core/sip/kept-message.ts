/**
 * A SIP message as an input keeps it: its source, the facts every listing,
 * trace and diagnosis reads of every message (start line, Call-ID, CSeq,
 * tags, top Via branch, problems), and its text. The full parse (every
 * header object, every parsed value) is not kept: a 30 MB capture holds
 * 50,000 messages, and keeping each one parsed would cost several times the
 * capture in memory. `message` parses the text again when asked, which gives
 * exactly the first parse's result (same text, same parser, same limits).
 */
import { type ParsedSipMessage, parseMessage } from './parse-message.js';
import type { CSeq, MessageSource, Problem, SipLimits } from './types.js';

const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

export class KeptMessage {
  readonly kind: 'request' | 'response' | 'unknown';
  readonly method: string | undefined;
  readonly requestUri: string | undefined;
  readonly code: number | undefined;
  readonly reason: string | undefined;
  readonly callId: string | undefined;
  readonly cseq: CSeq | undefined;
  readonly fromTag: string | undefined;
  readonly toTag: string | undefined;
  /** Branch of the topmost Via. */
  readonly branch: string | undefined;
  /** Transport of the topmost Via, as written. */
  readonly viaTransport: string | undefined;
  readonly problems: readonly Problem[];
  /** The message text as parsed (a capture payload decoded one character per byte). */
  readonly text: string;

  /**
   * `parsed` is the first parse of `text`; `bytes` says whether that text
   * was decoded one character per byte (a capture payload), so a new parse
   * counts the body the same way.
   */
  constructor(
    readonly source: MessageSource,
    parsed: ParsedSipMessage,
    private readonly bytes: boolean,
    private readonly limits: Partial<SipLimits> | undefined,
  ) {
    this.kind = parsed.kind;
    this.method = parsed.method;
    this.requestUri = parsed.requestUri;
    this.code = parsed.code;
    this.reason = parsed.reason;
    this.callId = parsed.callId;
    this.cseq = parsed.cseq;
    this.fromTag = parsed.from?.tag;
    this.toTag = parsed.to?.tag;
    const top = parsed.via[0];
    this.branch = top?.branch;
    this.viaTransport = top?.transport;
    this.problems = parsed.problems.length === 0 ? NO_PROBLEMS : parsed.problems;
    this.text = parsed.text;
  }

  /** The full parse, made again on each call: keep the result while you use it. */
  get message(): ParsedSipMessage {
    return parseMessage(this.text, this.limits, { bytes: this.bytes });
  }
}
