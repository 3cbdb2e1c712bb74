/**
 * The Via, From, To and CSeq values of the message read last with a parse
 * state, handed to the next message when it belongs to the same call and
 * carries the same text: a response copies its request's Via lines, From,
 * To and CSeq; every message of a dialog repeats its From. What a reader
 * gets is what a fresh parse gives (same text, same parser); a shared value
 * is frozen the first time it is handed out again, and values with issues
 * are never offered, since their problems need the message's own lines.
 * (A From or To URI is checked when each message's problems are read, on
 * that message's line: see ParsedNameAddr.)
 *
 * Only the message just before is kept, and it is looked at only when the
 * new message has the same Call-ID: when a capture interleaves hundreds of
 * calls, consecutive messages mostly belong to different calls, and a cache
 * of recent values would be searched, and fed, for nothing. A message of
 * another call costs one Call-ID comparison, two calls here and a few
 * stores (readStructuredHeaders writes the Via lines straight into
 * `texts` and `ends`, as a call per line costs more on that path than the
 * store). What is kept are values and slices of that one message, which
 * alone stays reachable. Each parser state has its own (parser-state.ts).
 */
import type { ParsedNameAddr } from './name-addr.js';
import { freezeVia } from './recent-values.js';
import type { CSeq, Via } from './types.js';

export class PreviousValues {
  /**
   * Via lines of the message being read, written by the reader: line k's
   * text ('' when it had issues) and the length of the message's Via list
   * after it.
   */
  texts: string[] = [];
  ends: number[] = [];
  private callId = '';
  private sameCall = false;
  // The message before: its clean values with their texts ('' when none or with issues).
  private fromText = '';
  private fromValue: ParsedNameAddr | undefined = undefined;
  private toText = '';
  private toValue: ParsedNameAddr | undefined = undefined;
  private cseqText = '';
  private cseqValue: CSeq | undefined = undefined;
  private lastTexts: string[] = [];
  private lastEnds: number[] = [];
  private lastLines = 0;
  private lastVia: readonly Via[] = [];

  /** Starts a message with `callId` ('' when it has none); true when the one before had the same. */
  startMessage(callId: string): boolean {
    const last = this.callId;
    this.callId = callId;
    this.sameCall = callId !== '' && callId.length === last.length && callId === last;
    return this.sameCall;
  }

  /**
   * Ends the message started last: `lines` Via lines were written to
   * `texts` and `ends`, and its values are kept for the next message.
   */
  finishMessage(
    lines: number,
    via: readonly Via[],
    fromText: string,
    from: ParsedNameAddr | undefined,
    toText: string,
    to: ParsedNameAddr | undefined,
    cseqText: string,
    cseq: CSeq | undefined,
  ): void {
    const texts = this.lastTexts;
    const ends = this.lastEnds;
    this.lastTexts = this.texts;
    this.lastEnds = this.ends;
    this.lastLines = lines;
    this.lastVia = via;
    this.texts = texts;
    this.ends = ends;
    this.fromText = from === undefined ? '' : fromText;
    this.fromValue = from;
    this.toText = to === undefined ? '' : toText;
    this.toValue = to;
    this.cseqText = cseq === undefined ? '' : cseqText;
    this.cseqValue = cseq;
  }

  /** The From of the message before when its text was `text` (call only after startMessage said same call). */
  from(text: string): ParsedNameAddr | undefined {
    return this.sameCall && text !== '' && text === this.fromText
      ? shared(this.fromValue)
      : undefined;
  }

  to(text: string): ParsedNameAddr | undefined {
    return this.sameCall && text !== '' && text === this.toText ? shared(this.toValue) : undefined;
  }

  cseq(text: string): CSeq | undefined {
    const value =
      this.sameCall && text !== '' && text === this.cseqText ? this.cseqValue : undefined;
    if (value !== undefined && !Object.isFrozen(value)) Object.freeze(value);
    return value;
  }

  /**
   * Appends to `out` the values of the Via line the message before had at
   * position `line`, when its text was `text`; false when there is none.
   */
  viaLine(line: number, text: string, out: Via[]): boolean {
    if (!this.sameCall || text === '' || line >= this.lastLines || this.lastTexts[line] !== text)
      return false;
    const list = this.lastVia;
    const start = line === 0 ? 0 : (this.lastEnds[line - 1] as number);
    const end = this.lastEnds[line] as number;
    for (let i = start; i < end; i++) {
      const via = list[i] as Via;
      if (!Object.isFrozen(via)) freezeVia(via);
      out.push(via);
    }
    return true;
  }

  /** Forgets everything (tests compare remembered and fresh parses). */
  clear(): void {
    this.callId = '';
    this.sameCall = false;
    this.texts = [];
    this.ends = [];
    this.finishMessage(0, [], '', undefined, '', undefined, '', undefined);
    this.texts = [];
    this.ends = [];
  }
}

function shared(value: ParsedNameAddr | undefined): ParsedNameAddr | undefined {
  if (value !== undefined && !Object.isFrozen(value)) value.freeze();
  return value;
}
