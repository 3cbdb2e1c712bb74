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
 * there when asked: the chunks can then go too. A message cut out of a paste
 * likewise keeps where its text can be made again from the paste (a
 * TextOrigin, see text-origin.ts), when the extractor gives one, and copies
 * of its facts.
 *
 * The facts live in the input's MessageTable, a column per fact; an
 * InputMessage is the block of the table that holds it and its place there,
 * and reads each fact from there (see message-table.ts for why). It is a
 * view made when asked for: an input hands its messages out as a
 * MessageList (message-list.ts), which keeps none of them.
 *
 * Parsing again uses the parser state of the input the message came from,
 * when the input handed one over (parseText and parseInput do): it holds
 * only that input's messages, which the input keeps alive anyway, and its
 * caches serve the next message parsed again. Without one, each parse gets
 * a fresh state. Either way nothing of another input is reachable.
 */
import { latin1Text } from './bytes-to-text.js';
import { LEG_HEADERS } from './leg-headers.js';
import {
  type Block,
  codeOf,
  hasProblems,
  hasSdpBody,
  hasSessionTimerReason,
  hasWideCode,
  kindOf,
  MARK_SESSION_TIMER_REASON,
  type MessageTable,
  marksOf,
  NAME,
  NO_PROBLEMS,
  type Stored,
} from './message-table.js';
import { parseMessage, type SipMessage } from './parse-message.js';
import { PayloadFile } from './payload-file.js';
import { TextOrigin } from './text-origin.js';
import type { CSeq, MessageSource, Problem } from './types.js';

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
const REASON_BIT = MARK_BITS.get('reason') as number;

/** First characters of the marked headers' keys: a header that starts with another needs no lookup. */
const MARK_FIRST = new Uint8Array(128);
for (const key of MARKED_HEADERS) MARK_FIRST[key.charCodeAt(0)] = 1;

/**
 * A Reason that says the session timer ran out (RFC 4028): the timers rule
 * asks it of every BYE of a call with session timers, and knowing it here
 * spares reading each BYE again (from the capture file, a system call each).
 */
export const SESSION_TIMER_REASON = /session.?(timer|expire|refresh)/i;

function headerMarks(parsed: SipMessage): number {
  let marks = 0;
  for (const h of parsed.headers) {
    const first = h.key.charCodeAt(0);
    if (first < 128 && MARK_FIRST[first] === 1) {
      const bit = MARK_BITS.get(h.key) ?? 0;
      // The first Reason only, as header('reason') reads it.
      if (bit === REASON_BIT && (marks & REASON_BIT) === 0 && SESSION_TIMER_REASON.test(h.value))
        marks |= MARK_SESSION_TIMER_REASON;
      marks |= bit;
    }
  }
  return marks;
}

export class InputMessage {
  /**
   * Message `at` of `block` (see MessageTable). Made by `InputMessage.of`
   * for a message that `InputMessage.put` put into its input's table.
   */
  constructor(
    private readonly block: Block,
    private readonly at: number,
  ) {}

  /**
   * Adds the message `parsed` was made from to `table` and returns its
   * index there (InputMessage.of makes a view of it). `parsed` is the result
   * of parseMessage(input, origin.limits) with `origin.state`, the state of
   * the input this message belongs to (the table's origin). `from`: the
   * capture file `input` was read from, when it can be read again (the
   * message then keeps the payload's position instead of its bytes), or
   * where a text `input` can be made again (the message then keeps that
   * instead of the text, and copies of the strings it keeps, which would
   * otherwise be slices keeping the text alive).
   */
  static put(
    table: MessageTable,
    source: MessageSource,
    parsed: SipMessage,
    input: string | Uint8Array,
    from?: PayloadFile | TextOrigin,
  ): number {
    // Where the message is read again from: its text or where it is made again, the capture
    // file, or the chunk it is a view into.
    let stored: Stored;
    let offset = 0;
    // Strings cut from a text the message does not keep are kept as copies (see MessageTable.add).
    let ownStrings = true;
    if (typeof input !== 'string') {
      const file = from instanceof PayloadFile ? from : undefined;
      const position = file?.positionOf(input);
      stored = position === undefined || file === undefined ? input.buffer : file;
      offset = position ?? input.byteOffset;
    } else if (from instanceof TextOrigin) {
      stored = from;
    } else {
      stored = input;
      ownStrings = false;
    }
    const size = typeof input === 'string' ? input.length : input.byteLength;
    return table.add(parsed, headerMarks(parsed), source, stored, offset, size, ownStrings);
  }

  /** Like `put`, and returns a view of the message. */
  static add(
    table: MessageTable,
    source: MessageSource,
    parsed: SipMessage,
    input: string | Uint8Array,
    from?: PayloadFile | TextOrigin,
  ): InputMessage {
    return InputMessage.of(table, InputMessage.put(table, source, parsed, input, from));
  }

  /** A view of message `index` of `table`. */
  static of(table: MessageTable, index: number): InputMessage {
    const block = table.block(index);
    return new InputMessage(block, index - block.base);
  }

  /** The message's index in its input. */
  private get index(): number {
    return this.block.base + this.at;
  }

  // The facts every trace and rule reads of every message come straight from the block's
  // columns: a cold process runs these getters hundreds of thousands of times.
  get kind(): 'request' | 'response' | 'unknown' {
    return kindOf(this.block.facts[this.at] as number);
  }
  get method(): string | undefined {
    return this.block.name(this.at, NAME.method);
  }
  get requestUri(): string | undefined {
    return this.block.requestUri[this.at];
  }
  get code(): number | undefined {
    const packed = this.block.facts[this.at] as number;
    const code = codeOf(packed);
    if (code !== 0) return code;
    return hasWideCode(packed) ? this.block.table.wideCode(this.index) : undefined;
  }
  get reason(): string | undefined {
    return this.block.name(this.at, NAME.reason);
  }
  get callId(): string | undefined {
    return this.block.callId[this.at];
  }
  get cseqSeq(): number | undefined {
    const seq = this.block.seq[this.at] as number;
    return Number.isNaN(seq) ? undefined : seq;
  }
  get cseqMethod(): string | undefined {
    return this.block.name(this.at, NAME.cseqMethod);
  }
  get fromTag(): string | undefined {
    return this.block.fromTag[this.at];
  }
  get toTag(): string | undefined {
    return this.block.toTag[this.at];
  }
  /** Branch of the topmost Via. */
  get branch(): string | undefined {
    return this.block.branch[this.at];
  }
  /** Transport of the topmost Via, as written. */
  get viaTransport(): string | undefined {
    return this.block.name(this.at, NAME.viaTransport);
  }
  get problems(): readonly Problem[] {
    return hasProblems(this.block.facts[this.at] as number)
      ? this.block.table.problemsOf(this.index)
      : NO_PROBLEMS;
  }
  /** Where the message was found (made again on each call from what the table keeps). */
  get source(): MessageSource {
    return this.block.table.source(this.index);
  }

  /** Whether the message has a body whose Content-Type names SDP, known without parsing it again. */
  get hasSdp(): boolean {
    return hasSdpBody(this.block.facts[this.at] as number);
  }

  /** Whether its first Reason header says the session timer ran out (SESSION_TIMER_REASON), known without parsing it again. */
  get sessionTimerReason(): boolean {
    return hasSessionTimerReason(this.block.facts[this.at] as number);
  }

  /** Whether the message has a `name` header, known without parsing it again. */
  has(name: MarkedHeader): boolean {
    return (marksOf(this.block.facts[this.at] as number) & (MARK_BITS.get(name) ?? 0)) !== 0;
  }

  get cseq(): CSeq | undefined {
    const seq = this.cseqSeq;
    const method = this.cseqMethod;
    return seq === undefined || method === undefined ? undefined : { seq, method };
  }

  /**
   * What the message was parsed from: its text (made again when it was not
   * kept), or its payload bytes (read again from the capture file when it
   * stayed there).
   */
  get input(): string | Uint8Array {
    const stored = this.block.storedAt(this.at);
    if (typeof stored === 'string') return stored;
    if (stored instanceof TextOrigin) return stored.text();
    const offset = this.block.offset[this.at] as number;
    const length = this.block.size[this.at] as number;
    if (stored instanceof PayloadFile) return stored.read(offset, length);
    return new Uint8Array(stored, offset, length);
  }

  /** How long the input is, without decoding it: bytes for a capture payload, characters for text. */
  get size(): number {
    return this.block.size[this.at] as number;
  }

  /** The message text (a capture payload decoded one character per byte). */
  get text(): string {
    const input = this.input;
    return typeof input === 'string' ? input : latin1Text(input);
  }

  /** The full parse, made again on each call: keep the result while you use it. */
  get message(): SipMessage {
    const origin = this.block.table.origin;
    return parseMessage(this.input, origin?.limits, { state: origin?.state });
  }
}
