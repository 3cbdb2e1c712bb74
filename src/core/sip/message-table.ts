/**
 * What one input keeps of each of its messages (see InputMessage), a column
 * per fact rather than an object per message: numbers and small codes in
 * typed arrays, strings in arrays of their own, in blocks of BLOCK messages,
 * so that a growing capture never copies a whole column (only the first
 * block grows, while it is small).
 *
 * Why: an object with twenty fields, its MessageSource and the boxed
 * timestamp cost about 270 bytes per message, and a 535 MB capture holds
 * 800,000 messages; the columns cost about 110, and a column is written
 * where it will stay, so the young generation's collections have less to
 * copy while the capture is read.
 *
 * The names a message repeats from a short list (methods, CSeq methods,
 * reason phrases, Via transports, input formats) are numbered once per
 * table; the endpoints a capture shares are shared objects. A captured
 * message's source is taken apart and made again, field for field, when
 * asked; a pasted message's is kept as given (see Block.sources).
 */
import { type KeptStrings, ownCopy } from './kept-strings.js';
import type { SipMessage } from './parse-message.js';
import type { ParserState } from './parser-state.js';
import type { PayloadFile } from './payload-file.js';
import { TextOrigin } from './text-origin.js';
import type { Endpoint, MessageSource, Problem, SipLimits, Transport } from './types.js';

const BLOCK_BITS = 13;
const BLOCK = 1 << BLOCK_BITS;
const IN_BLOCK = BLOCK - 1;

/**
 * What a message is read again from: its text, a text it makes again
 * (TextOrigin, a pasted message), the chunk its payload is a view into, or
 * the capture file.
 */
export type Stored = string | TextOrigin | ArrayBufferLike | PayloadFile;

/** What the messages of one input share for parsing a message again: its limits and parser state. */
export interface InputOrigin {
  limits?: Partial<SipLimits>;
  /** The state of this input, never one shared by inputs. */
  state?: ParserState;
}

/**
 * The packed facts: kind (2 bits), status code (10), marked headers (12),
 * transport (3), truncated (1), whether the message has problems (1) or a
 * code too wide for its bits (1), which the table then holds in a map,
 * whether it carries an SDP body (1), and whether its Reason names the
 * session timer (1, the sign bit).
 */
const KINDS = ['request', 'response', 'unknown'] as const;
const CODE_SHIFT = 2;
const MARKS_SHIFT = 12;
const MARKS_MASK = 0xfff;
const TRANSPORT_SHIFT = 24;
const TRUNCATED = 1 << 27;
const HAS_PROBLEMS = 1 << 28;
const WIDE_CODE = 1 << 29;
const HAS_SDP = 1 << 30;
const SESSION_TIMER_BIT = 1 << 31;
/** Passed to `add` beside the header marks: the message's first Reason names the session timer. */
export const MARK_SESSION_TIMER_REASON = 1 << 12;
const TRANSPORTS: readonly (Transport | undefined)[] = [
  undefined,
  'UDP',
  'TCP',
  'TLS',
  'SCTP',
  'WS',
  'WSS',
];
const TRANSPORT_IDS = new Map<string, number>(TRANSPORTS.map((t, i) => [t ?? '', i]));

/** The name columns, five per message, by their place. */
export const NAME = { method: 0, cseqMethod: 1, reason: 2, viaTransport: 3, format: 4 } as const;
const NAMES_PER_MESSAGE = 5;
/** Name ids fit 16 bits; 0 is "none", the last one "see the table's overflow". */
const OVERFLOW = 0xffff;

/** Messages the first block has room for: most inputs are a paste of a few messages. */
const FIRST_CAPACITY = 64;

/**
 * The columns of up to BLOCK messages; an InputMessage reads its facts
 * straight from its block. The first block of an input starts small and
 * grows (a bot diagnoses many small pastes at once, each with a table of its
 * own); the blocks after it are made whole.
 */
export class Block {
  facts: Int32Array;
  /** CSeq number, timestamp (µs): NaN when absent. */
  seq: Float64Array;
  epoch: Float64Array;
  /** Where the message's payload starts in what it is read again from, and its length. */
  offset: Float64Array;
  size: Int32Array;
  /** Frame number, 0 when absent (frames count from 1). */
  frame: Int32Array;
  /** Line (counts from 1), made with the first message that has one (captures have none). */
  line: Int32Array | undefined = undefined;
  names: Uint16Array;
  readonly callId: (string | undefined)[];
  readonly requestUri: (string | undefined)[];
  readonly fromTag: (string | undefined)[];
  readonly toTag: (string | undefined)[];
  readonly branch: (string | undefined)[];
  /**
   * Source and destination endpoints: a capture hands out one shared
   * Endpoint per address and port (see AddressBook), so these columns
   * point at a few objects.
   */
  readonly src: (Endpoint | undefined)[];
  readonly dst: (Endpoint | undefined)[];
  /**
   * The text (or its TextOrigin), the capture chunk or the file each message is read again from,
   * made with the first message whose own is not the table's `stored`: the
   * messages of a capture file are all read from the file.
   */
  stored: (Stored | undefined)[] | undefined = undefined;
  /** Made with the first message that has one (captures have none). */
  timestampText: (string | undefined)[] | undefined = undefined;
  /**
   * The sources of messages read from a text, kept as given: a paste holds a
   * few thousand messages, and taking its sources apart costs more time than
   * keeping them costs memory.
   */
  sources: (MessageSource | undefined)[] | undefined = undefined;

  constructor(
    readonly table: MessageTable,
    /** Index of the block's first message in the input. */
    readonly base: number,
    /** Messages it has room for (at most BLOCK; see grow). */
    public capacity: number,
  ) {
    this.facts = new Int32Array(capacity);
    this.seq = new Float64Array(capacity).fill(Number.NaN);
    this.epoch = new Float64Array(capacity).fill(Number.NaN);
    this.offset = new Float64Array(capacity);
    this.size = new Int32Array(capacity);
    this.frame = new Int32Array(capacity);
    this.names = new Uint16Array(capacity * NAMES_PER_MESSAGE);
    this.callId = new Array(capacity);
    this.requestUri = new Array(capacity);
    this.fromTag = new Array(capacity);
    this.toTag = new Array(capacity);
    this.branch = new Array(capacity);
    this.src = new Array(capacity);
    this.dst = new Array(capacity);
  }

  /** Room for four times as many messages, up to BLOCK. */
  grow(): void {
    const capacity = Math.min(this.capacity * 4, BLOCK);
    this.facts = wider(this.facts, new Int32Array(capacity));
    this.seq = wider(this.seq, new Float64Array(capacity).fill(Number.NaN));
    this.epoch = wider(this.epoch, new Float64Array(capacity).fill(Number.NaN));
    this.offset = wider(this.offset, new Float64Array(capacity));
    this.size = wider(this.size, new Int32Array(capacity));
    this.frame = wider(this.frame, new Int32Array(capacity));
    if (this.line !== undefined) this.line = wider(this.line, new Int32Array(capacity));
    this.names = wider(this.names, new Uint16Array(capacity * NAMES_PER_MESSAGE));
    for (const list of [
      this.callId,
      this.requestUri,
      this.fromTag,
      this.toTag,
      this.branch,
      this.src,
      this.dst,
    ])
      list.length = capacity;
    for (const list of [this.stored, this.timestampText, this.sources])
      if (list !== undefined) list.length = capacity;
    this.capacity = capacity;
  }

  /** What message `at` is read again from. */
  storedAt(at: number): Stored {
    return this.stored?.[at] ?? (this.table.stored as Stored);
  }

  /** Name `column` (see NAME) of message `at`. */
  name(at: number, column: number): string | undefined {
    const id = this.names[at * NAMES_PER_MESSAGE + column] as number;
    if (id === 0) return undefined;
    return id === OVERFLOW
      ? this.table.overflowName(this.base + at, column)
      : this.table.nameList[id];
  }
}

/** The problems of a message without any: one frozen list for all. */
export const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

/**
 * `text` as a message keeps it: the copy `strings` holds for its call when
 * the input has one (see KeptStrings), else a string of its own
 * (`ownCopies`: cut from a text the message does not keep, see `add`) or
 * the text itself.
 */
function keep(
  text: string | undefined,
  strings: KeptStrings | undefined,
  call: string[] | undefined,
  ownCopies: boolean,
): string | undefined {
  if (text === undefined) return undefined;
  if (strings === undefined) return ownCopies ? ownCopy(text) : text;
  return strings.keep(text, call, ownCopies);
}

/** `into` (a larger column) with `from` copied to its start. */
function wider<T extends Int32Array | Float64Array | Uint16Array>(from: T, into: T): T {
  into.set(from);
  return into;
}

/** The kind, status code (0: none) and header marks of a message's packed facts. */
export function kindOf(packed: number): 'request' | 'response' | 'unknown' {
  return KINDS[packed & 3] ?? 'unknown';
}
export function codeOf(packed: number): number {
  return (packed >>> CODE_SHIFT) & 0x3ff;
}
/** Whether the table holds the code (too wide for the packed bits) or problems of the message. */
export function hasWideCode(packed: number): boolean {
  return (packed & WIDE_CODE) !== 0;
}
export function hasProblems(packed: number): boolean {
  return (packed & HAS_PROBLEMS) !== 0;
}
/** Whether the message has a body and its Content-Type names SDP. */
export function hasSdpBody(packed: number): boolean {
  return (packed & HAS_SDP) !== 0;
}
export function marksOf(packed: number): number {
  return (packed >>> MARKS_SHIFT) & MARKS_MASK;
}
/** Whether the message's first Reason header says the session timer ran out (see sessionTimerReason). */
export function hasSessionTimerReason(packed: number): boolean {
  return (packed & SESSION_TIMER_BIT) !== 0;
}

export class MessageTable {
  private readonly blocks: Block[] = [];
  private count = 0;
  /** Names by id (id 0 is "none") and ids by name. */
  readonly nameList: string[] = [''];
  private readonly nameIds = new Map<string, number>();
  /** Names past the 65,534th distinct one, by message index * NAMES_PER_MESSAGE + column. */
  private readonly overflow = new Map<number, string>();
  private lastFormat: string | undefined = undefined;
  private lastFormatId = 0;
  /** What most messages are read again from (see Block.stored): the first message's. */
  stored: Stored | undefined = undefined;
  /** Problems of the few messages that have any, by index. */
  private readonly problems = new Map<number, readonly Problem[]>();
  /** Codes that do not fit the packed field (never from the parser, which reads three digits). */
  private readonly wideCodes = new Map<number, number>();

  /**
   * `strings`: the input's one copy of each repeated string (see KeptStrings),
   * while the input is read (see `read`);
   * `origin`: the limits and parser state a message is parsed again with.
   */
  constructor(
    readonly origin: InputOrigin | undefined = undefined,
    private strings: KeptStrings | undefined = undefined,
  ) {}

  /**
   * Says the input is read: the lookup of repeated strings goes (its maps
   * cost a few bytes per message); a message added later keeps strings of
   * its own.
   */
  read(): void {
    this.strings = undefined;
  }

  get length(): number {
    return this.count;
  }

  /**
   * Adds the facts of one parsed message (`marks`: its marked headers, see
   * InputMessage.has); returns its index. Strings cut from a text the
   * message does not keep (`ownCopies`: a capture payload decoded, or a
   * pasted message made again from its TextOrigin) are kept as copies of
   * their own, one per call through the input's KeptStrings. The sources of
   * text messages are kept as given; a capture's are taken apart.
   */
  add(
    parsed: SipMessage,
    marks: number,
    source: MessageSource,
    stored: Stored,
    offset: number,
    size: number,
    ownCopies: boolean,
  ): number {
    const index = this.count;
    const at = index & IN_BLOCK;
    if (at === 0) this.blocks.push(new Block(this, index, index === 0 ? FIRST_CAPACITY : BLOCK));
    const block = this.blocks[index >>> BLOCK_BITS] as Block;
    if (at === block.capacity) block.grow();
    this.count = index + 1;

    const code = parsed.code;
    const kind = parsed.kind;
    let packed =
      (kind === 'request' ? 0 : kind === 'response' ? 1 : 2) |
      ((marks & MARKS_MASK) << MARKS_SHIFT);
    // The media rules ask this of every offer and answer; known here, it needs no parse again.
    if (parsed.bodyBytes > 0 && (parsed.contentType ?? '').includes('sdp')) packed |= HAS_SDP;
    if ((marks & MARK_SESSION_TIMER_REASON) !== 0) packed |= SESSION_TIMER_BIT;
    if (code !== undefined) {
      if (Number.isInteger(code) && code > 0 && code < 1024) packed |= code << CODE_SHIFT;
      else {
        this.wideCodes.set(index, code);
        packed |= WIDE_CODE;
      }
    }
    block.facts[at] = packed;
    const top = parsed.via[0];
    // A block starts as "absent" everywhere (NaN, 0): only what a message has is written.
    const seq = parsed.cseq?.seq;
    if (seq !== undefined) block.seq[at] = seq;
    block.offset[at] = offset;
    block.size[at] = size;
    this.putName(block, at, NAME.method, parsed.method, ownCopies);
    this.putName(block, at, NAME.cseqMethod, parsed.cseq?.method, ownCopies);
    this.putName(block, at, NAME.reason, parsed.reason, ownCopies);
    this.putName(block, at, NAME.viaTransport, top?.transport, ownCopies);
    // The call's strings first: the message's others are looked up among them.
    const strings = this.strings;
    const call = strings?.call(parsed.callId, ownCopies);
    block.callId[at] = call === undefined ? keep(parsed.callId, strings, call, ownCopies) : call[0];
    block.requestUri[at] = keep(parsed.requestUri, strings, call, ownCopies);
    block.fromTag[at] = keep(parsed.from?.tag, strings, call, ownCopies);
    block.toTag[at] = keep(parsed.to?.tag, strings, call, ownCopies);
    block.branch[at] = keep(top?.branch, strings, call, ownCopies);
    this.stored ??= stored;
    // A text is each message's own (and comparing two texts would read them).
    const text = typeof stored === 'string';
    if (text || stored !== this.stored) {
      block.stored ??= new Array(block.capacity);
      block.stored[at] = stored;
    }
    if (text || stored instanceof TextOrigin) {
      block.sources ??= new Array(block.capacity);
      block.sources[at] = source;
    } else this.addSource(block, at, source);
    if (parsed.problems.length > 0) {
      this.problems.set(index, parsed.problems);
      block.facts[at] = (block.facts[at] as number) | HAS_PROBLEMS;
    }
    return index;
  }

  /** Takes `source` apart into the block's columns (see `source`, which puts it together again). */
  private addSource(block: Block, at: number, source: MessageSource): void {
    let packed = (TRANSPORT_IDS.get(source.transport ?? '') ?? 0) << TRANSPORT_SHIFT;
    if (source.truncated === true) packed |= TRUNCATED;
    block.facts[at] = (block.facts[at] as number) | packed;
    if (source.epochMicros !== undefined) block.epoch[at] = source.epochMicros;
    if (source.frame !== undefined) block.frame[at] = source.frame;
    if (source.line !== undefined) {
      block.line ??= new Int32Array(block.capacity);
      block.line[at] = source.line;
    }
    block.src[at] = source.src;
    block.dst[at] = source.dst;
    // The format is the same for every message of a capture: numbered once.
    const format = source.format;
    if (format !== undefined) {
      if (format !== this.lastFormat) {
        this.lastFormat = format;
        this.lastFormatId = this.nameId(format, block.base + at, NAME.format, false);
      }
      block.names[at * NAMES_PER_MESSAGE + NAME.format] = this.lastFormatId;
    }
    if (source.timestampText !== undefined) {
      block.timestampText ??= new Array(block.capacity);
      block.timestampText[at] = source.timestampText;
    }
  }

  /** Numbers `name` into column `column` of message `at` (left 0, "none", when absent). */
  private putName(
    block: Block,
    at: number,
    column: number,
    name: string | undefined,
    ownCopies: boolean,
  ): void {
    if (name === undefined) return;
    block.names[at * NAMES_PER_MESSAGE + column] = this.nameId(
      name,
      block.base + at,
      column,
      ownCopies,
    );
  }

  private nameId(name: string, index: number, column: number, ownCopies: boolean): number {
    const id = this.nameIds.get(name);
    if (id !== undefined) return id;
    const kept = ownCopies ? ownCopy(name) : name;
    if (this.nameList.length >= OVERFLOW) {
      this.overflow.set(index * NAMES_PER_MESSAGE + column, kept);
      return OVERFLOW;
    }
    this.nameList.push(kept);
    this.nameIds.set(kept, this.nameList.length - 1);
    return this.nameList.length - 1;
  }

  /** The block holding message `index`; the message is at `index & (BLOCK - 1)` in it. */
  block(index: number): Block {
    return this.blocks[index >>> BLOCK_BITS] as Block;
  }

  /** A code the packed field could not hold (see add). */
  wideCode(index: number): number | undefined {
    return this.wideCodes.get(index);
  }

  /** A name past the 65,534th distinct one (see nameId). */
  overflowName(index: number, column: number): string | undefined {
    return this.overflow.get(index * NAMES_PER_MESSAGE + column);
  }

  problemsOf(index: number): readonly Problem[] {
    return this.problems.get(index) ?? NO_PROBLEMS;
  }

  /** The source as the input gave it: the same fields, made again (the endpoints are the ones given). */
  source(index: number): MessageSource {
    const block = this.block(index);
    const at = index & IN_BLOCK;
    const given = block.sources?.[at];
    if (given !== undefined) return given;
    const source: MessageSource = {};
    const epoch = block.epoch[at] as number;
    if (!Number.isNaN(epoch)) source.epochMicros = epoch;
    const timestampText = block.timestampText?.[at];
    if (timestampText !== undefined) source.timestampText = timestampText;
    const src = block.src[at];
    if (src !== undefined) source.src = src;
    const dst = block.dst[at];
    if (dst !== undefined) source.dst = dst;
    const packed = block.facts[at] as number;
    const transport = TRANSPORTS[(packed >>> TRANSPORT_SHIFT) & 7];
    if (transport !== undefined) source.transport = transport;
    const format = block.name(at, NAME.format);
    if (format !== undefined) source.format = format;
    const line = block.line?.[at] ?? 0;
    if (line !== 0) source.line = line;
    const frame = block.frame[at] as number;
    if (frame !== 0) source.frame = frame;
    if ((packed & TRUNCATED) !== 0) source.truncated = true;
    return source;
  }
}
