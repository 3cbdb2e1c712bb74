/**
 * Types shared by the paste extractor's parts: what it returns, what a
 * format's header line says about the message that follows, and the
 * prepared lines every part reads.
 */
import type { Endpoint, Problem, Transport } from '../../sip/types.js';
import type { RawMessage } from '../raw-message.js';

export interface ExtractResult {
  /** The messages found, in order; none when a consumer took each as it was found (extractMessages). */
  messages: RawMessage<string>[];
  /** The format most messages came in ("raw", "tshark", "asterisk"...), "none" when nothing was found. */
  format: string;
  /** Problems with the input as a whole: limits reached, messages cut short. */
  problems: Problem[];
  /** Things found that are not messages, by reason ('homer.summary': a HOMER call-data summary row). */
  skipped?: Record<string, number>;
}

/**
 * What a tool's per-message header line (Asterisk "<--- Received ...", ngrep
 * "U a:p -> b:p", a JSON record...) tells about the message(s) after it.
 */
export interface FrameInfo {
  format: string;
  timestampText?: string;
  epochMicros?: number;
  src?: Endpoint;
  dst?: Endpoint;
  transport?: Transport;
  /** A stream segment may carry several messages; otherwise the info is used up by the first. */
  multi?: boolean;
  /** A line of dashes ends the message (FreeSWITCH frames each message with them). */
  dashLineEnds?: boolean;
  /** A line of "#" ends the message (ngrep prints one between packets). */
  hashLineEnds?: boolean;
  /** The payload's first line starts with the printed IP/UDP header bytes (tcpdump -A). */
  leadingJunk?: boolean;
  /** An IP fragment after the first: it ends the message before it and starts none. */
  fragment?: boolean;
}

/** Line flags set while preparing the text. */
export const LINE_FENCE = 1;
export const LINE_RECORD = 2;
export const LINE_DOCKER_JSON = 4;
export const LINE_JOURNAL_JSON = 8;

/** How a line ended in the paste: not at all (or rebuilt from an escape, a JSON string...), LF, CRLF, a lone CR. */
export const END_NONE = 0;
export const END_LF = 1;
export const END_CRLF = 2;
export const END_CR = 3;

/**
 * The paste as lines, decorations that never belong to a message already
 * removed. Lines are cut from the paste when asked for, so a large paste
 * does not keep a string per line alive while it is scanned.
 */
export interface TextLines {
  readonly count: number;
  /** The text of line `k` (undefined past the end). */
  at(k: number): string | undefined;
  /** 1-based line of the original paste each line came from. */
  readonly number: Int32Array;
  /** LINE_* flags per line. */
  readonly flags: Uint8Array;
  /** END_* per line: kept so a message pasted with its real line ends gets them back byte for byte. */
  readonly ends: Uint8Array;
  /** JSON records (HOMER exports, one per line) waiting at LINE_RECORD lines, by line index. */
  readonly records: Map<number, Record<string, unknown>>;
}

/** Lines held as strings (text rebuilt from an ngrep dump), all from one paste line. */
export function linesFromStrings(texts: readonly string[], lineNumber: number): TextLines {
  return {
    count: texts.length,
    at: (k) => texts[k],
    number: new Int32Array(texts.length).fill(lineNumber),
    flags: new Uint8Array(texts.length),
    ends: new Uint8Array(texts.length),
    records: new Map(),
  };
}
