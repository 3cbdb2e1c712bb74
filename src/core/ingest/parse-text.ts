/**
 * Parses SIP messages out of pasted text: the text extractors (tool
 * layouts, log prefixes, escapes) find the messages, the SIP parser reads
 * them. In a module of its own so that a capture, read by parse-input.ts,
 * does not load the extractors.
 */
import { InputMessage } from '../sip/input-message.js';
import { KeptStrings } from '../sip/kept-strings.js';
import { forgetLastMatch } from '../sip/last-match.js';
import { type InputMessages, MessageList } from '../sip/message-list.js';
import { MessageTable } from '../sip/message-table.js';
import { parseMessage } from '../sip/parse-message.js';
import { ParserState } from '../sip/parser-state.js';
import type { PayloadFile } from '../sip/payload-file.js';
import type { Problem, SipLimits } from '../sip/types.js';
import { extractMessages } from './extract/extract-messages.js';

export interface ParseInputResult {
  /** "text" for pastes and logs, "pcap" or "pcapng" for captures. */
  input: 'text' | 'pcap' | 'pcapng';
  /** The dominant text format ("asterisk", "tshark", ...) or the capture format. */
  format: string;
  /** Each one a view made when read (a MessageList, see message-list.ts). */
  messages: InputMessages;
  /** Packets or lines that were not SIP, by reason (captures count packets). */
  skipped: Record<string, number>;
  /** Problems with the input as a whole (limits reached, corrupt capture...). */
  problems: Problem[];
  /** The capture file the messages read their payloads again from, when they do (see PayloadFile). */
  file?: PayloadFile;
}

/**
 * Parses SIP messages out of pasted text. Never throws. One parser state
 * serves every message of the text (its caches make a long paste fast) and
 * goes with the result: nothing of it is shared with any other input.
 */
export function parseText(text: string, limits: Partial<SipLimits> = {}): ParseInputResult {
  const state = new ParserState();
  const options = { state };
  // One copy of each repeated string (see InputMessage), while the text is read.
  const table = new MessageTable({ limits, state }, new KeptStrings());
  // Each message is parsed as it is found, and keeps where its text can be made again rather
  // than the text (see TextOrigin): no text outlives its parse.
  const extracted = extractMessages(withoutLineEndNuls(text), limits, (m, origin) =>
    InputMessage.put(table, m.source, parseMessage(m.content, limits, options), m.content, origin),
  );
  table.read();
  // Extraction matches regexes on the text's lines; parseMessage clears what they leave only
  // when the text held a message.
  forgetLastMatch();
  return {
    input: 'text',
    format: extracted.format,
    messages: new MessageList(table),
    skipped: { ...extracted.skipped },
    problems: extracted.problems,
  };
}

/**
 * NULs around line ends (a log written by C code that kept the string's
 * terminator, a fixed-size record padded with zeros) would otherwise make the
 * lines of a message unreadable and drop it; NULs inside a line are left for
 * the parser to flag.
 */
function withoutLineEndNuls(text: string): string {
  if (!text.includes('\0')) return text;
  return text.replace(/\0+(?=[\r\n]|$)|(?<=^|[\r\n])\0+/g, '');
}
