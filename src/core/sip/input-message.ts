/**
 * A SIP message as an input keeps it: its source, the facts every listing,
 * trace and diagnosis reads of every message (start line, Call-ID, CSeq,
 * tags, top Via branch, problems), and what it was parsed from. The full
 * parse (every header object, every parsed value) is not kept: a 30 MB
 * capture holds 50,000 messages, and keeping each one parsed would cost
 * several times the capture in memory. `message` parses the same input
 * again when asked, which gives exactly the first parse's result.
 *
 * A captured message keeps its payload bytes, a view into the chunk the
 * capture was read in (no copy), rather than its text; its facts are then
 * copied out of the text, so that the text, which a slice would keep alive
 * whole, can go. When the capture is a file on this machine (a PayloadFile),
 * it keeps only where its payload is in the file and reads it again from
 * there when asked: the chunks can then go too.
 *
 * Parsing again uses the parser state of the input the message came from,
 * when the input handed one over (parseText and parseInput do): it holds
 * only that input's messages, which the input keeps alive anyway, and its
 * caches serve the next message parsed again. Without one, each parse gets
 * a fresh state. Either way nothing of another input is reachable.
 */
import { latin1Text } from './bytes-to-text.js';
import { type KeptStrings, ownCopy } from './kept-strings.js';
import { LEG_HEADERS } from './leg-headers.js';
import { SIP_METHODS } from './methods.js';
import { parseMessage, type SipMessage } from './parse-message.js';
import type { ParserState } from './parser-state.js';
import { PayloadFile } from './payload-file.js';
import type { CSeq, MessageSource, Problem, SipLimits } from './types.js';

const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

/** Methods and the usual reason phrases as shared constants instead of a copy per message. */
const SHARED = new Map<string, string>(
  [
    ...SIP_METHODS,
    'Trying',
    'Ringing',
    'Session Progress',
    'OK',
    'Unauthorized',
    'Proxy Authentication Required',
    'Request Terminated',
    'Busy Here',
    'Not Found',
    'Forbidden',
    'Service Unavailable',
    'Server Internal Error',
    'Not Acceptable Here',
    'Temporarily Unavailable',
    'Call/Transaction Does Not Exist',
    'UDP',
    'TCP',
    'TLS',
    'SCTP',
    'WS',
    'WSS',
  ].map((s) => [s, s]),
);

/**
 * `text` as a message keeps it: the copy `strings` holds for its call when
 * the input has one (see KeptStrings), else a string of its own
 * (`fromBytes`: cut from a capture payload's text, which the message does not
 * keep) or the text itself. A plain function rather than closures made for
 * each of the input's messages, which a cold process pays for on every one.
 */
function keep(
  text: string | undefined,
  strings: KeptStrings | undefined,
  call: string[] | undefined,
  fromBytes: boolean,
): string | undefined {
  if (text === undefined) return undefined;
  if (strings === undefined) return fromBytes ? ownCopy(text) : text;
  return strings.keep(text, call, fromBytes);
}

/** The shared constant for `text` when there is one, else keep(text). */
function keepShared(
  text: string | undefined,
  strings: KeptStrings | undefined,
  call: string[] | undefined,
  fromBytes: boolean,
): string | undefined {
  return text === undefined
    ? undefined
    : (SHARED.get(text) ?? keep(text, strings, call, fromBytes));
}

/**
 * Headers whose mere presence a trace or a diagnosis tests on every call (a
 * session timer, a reliable provisional, a Reason or Warning to decode, a
 * challenge's own header, the headers a B2BUA names its other leg in): kept as bits, so that only the
 * messages that have one are parsed again.
 */
const MARKED_HEADERS = [
  'session-expires',
  'rseq',
  'reason',
  'warning',
  'www-authenticate',
  'proxy-authenticate',
  ...LEG_HEADERS,
] as const;
export type MarkedHeader = (typeof MARKED_HEADERS)[number];
const MARK_BITS = new Map<string, number>(MARKED_HEADERS.map((key, bit) => [key, 1 << bit]));

function marksOf(parsed: SipMessage): number {
  let marks = 0;
  for (const h of parsed.headers) marks |= MARK_BITS.get(h.key) ?? 0;
  return marks;
}

/** What the messages of one input share for parsing a message again: its limits and parser state. */
export interface InputOrigin {
  limits?: Partial<SipLimits>;
  /** The state of this input, never one shared by inputs. */
  state?: ParserState;
}

export class InputMessage {
  readonly kind: 'request' | 'response' | 'unknown';
  readonly method: string | undefined;
  readonly requestUri: string | undefined;
  readonly code: number | undefined;
  readonly reason: string | undefined;
  readonly callId: string | undefined;
  readonly cseqSeq: number | undefined;
  readonly cseqMethod: string | undefined;
  readonly fromTag: string | undefined;
  readonly toTag: string | undefined;
  /** Branch of the topmost Via. */
  readonly branch: string | undefined;
  /** Transport of the topmost Via, as written. */
  readonly viaTransport: string | undefined;
  readonly problems: readonly Problem[];
  /**
   * What the message was parsed from: its text, the capture chunk its
   * payload is a range of, or the file that range is read again from (the
   * range in fields of their own, not an object per message).
   */
  private readonly stored: string | ArrayBufferLike | PayloadFile;
  private readonly offset: number;
  private readonly length: number;
  private readonly marks: number;
  private readonly origin: InputOrigin | undefined;

  /**
   * `parsed` is the result of parseMessage(input, origin.limits) with
   * `origin.state`, the state of the input this message belongs to.
   * `strings` holds one copy of each string the input's messages kept so far
   * (a call's Call-ID and tags, a transaction's branch, repeated by each of
   * their messages), for the input's reader to drop once it is read (see
   * KeptStrings).
   * `file`: the capture file `input` was read from, when it can be read
   * again; the message then keeps the payload's position instead of its bytes.
   */
  constructor(
    readonly source: MessageSource,
    parsed: SipMessage,
    input: string | Uint8Array,
    origin?: InputOrigin,
    strings?: KeptStrings,
    file?: PayloadFile,
  ) {
    const fromBytes = typeof input !== 'string';
    const position = file === undefined || !fromBytes ? undefined : file.positionOf(input);
    if (typeof input === 'string') {
      this.stored = input;
      this.offset = 0;
      this.length = input.length;
    } else if (position !== undefined && file !== undefined) {
      this.stored = file;
      this.offset = position;
      this.length = input.byteLength;
    } else {
      this.stored = input.buffer;
      this.offset = input.byteOffset;
      this.length = input.byteLength;
    }
    this.origin =
      origin === undefined || (origin.limits === undefined && origin.state === undefined)
        ? undefined
        : origin;
    this.kind = parsed.kind;
    // The call's strings first: the message's others are looked up among them.
    const call = strings?.call(parsed.callId, fromBytes);
    this.callId = call === undefined ? keep(parsed.callId, strings, call, fromBytes) : call[0];
    this.method = keepShared(parsed.method, strings, call, fromBytes);
    this.requestUri = keep(parsed.requestUri, strings, call, fromBytes);
    this.code = parsed.code;
    this.reason = keepShared(parsed.reason, strings, call, fromBytes);
    this.cseqSeq = parsed.cseq?.seq;
    this.cseqMethod = keepShared(parsed.cseq?.method, strings, call, fromBytes);
    this.fromTag = keep(parsed.from?.tag, strings, call, fromBytes);
    this.toTag = keep(parsed.to?.tag, strings, call, fromBytes);
    const top = parsed.via[0];
    this.branch = keep(top?.branch, strings, call, fromBytes);
    this.viaTransport = keepShared(top?.transport, strings, call, fromBytes);
    this.problems = parsed.problems.length === 0 ? NO_PROBLEMS : parsed.problems;
    this.marks = marksOf(parsed);
  }

  /** Whether the message has a `name` header, known without parsing it again. */
  has(name: MarkedHeader): boolean {
    return (this.marks & (MARK_BITS.get(name) ?? 0)) !== 0;
  }

  get cseq(): CSeq | undefined {
    return this.cseqSeq === undefined || this.cseqMethod === undefined
      ? undefined
      : { seq: this.cseqSeq, method: this.cseqMethod };
  }

  /** What the message was parsed from: its text, or its payload bytes (read again from the capture file when it stayed there). */
  get input(): string | Uint8Array {
    const stored = this.stored;
    if (typeof stored === 'string') return stored;
    if (stored instanceof PayloadFile) return stored.read(this.offset, this.length);
    return new Uint8Array(stored, this.offset, this.length);
  }

  /** How long the input is, without decoding it: bytes for a capture payload, characters for text. */
  get size(): number {
    return this.length;
  }

  /** The message text (a capture payload decoded one character per byte). */
  get text(): string {
    const input = this.input;
    return typeof input === 'string' ? input : latin1Text(input);
  }

  /** The full parse, made again on each call: keep the result while you use it. */
  get message(): SipMessage {
    return parseMessage(this.input, this.origin?.limits, { state: this.origin?.state });
  }
}
