/**
 * From whatever was handed in (a paste, a log, a .pcap/.pcapng upload) to
 * parsed SIP messages with their source: sniff captures by magic number,
 * otherwise treat the bytes as text and extract messages from it.
 */

import { InputMessage } from '../sip/input-message.js';
import { forgetLastMatch } from '../sip/last-match.js';
import { parseMessage } from '../sip/parse-message.js';
import { ParserState } from '../sip/parser-state.js';
import { DEFAULT_LIMITS, type Problem, type SipLimits } from '../sip/types.js';
import { type CaptureStats, isCapture, readCaptureBatches } from './capture/read-capture.js';
import { extractMessages } from './extract/extract-messages.js';

export interface ParseInputResult {
  /** "text" for pastes and logs, "pcap" or "pcapng" for captures. */
  input: 'text' | 'pcap' | 'pcapng';
  /** The dominant text format ("asterisk", "tshark", ...) or the capture format. */
  format: string;
  messages: InputMessage[];
  /** Packets or lines that were not SIP, by reason (captures count packets). */
  skipped: Record<string, number>;
  /** Problems with the input as a whole (limits reached, corrupt capture...). */
  problems: Problem[];
}

/**
 * Parses SIP messages out of pasted text. Never throws. One parser state
 * serves every message of the text (its caches make a long paste fast) and
 * goes with the result: nothing of it is shared with any other input.
 */
export function parseText(text: string, limits: Partial<SipLimits> = {}): ParseInputResult {
  const extracted = extractMessages(text, limits);
  const state = new ParserState();
  const options = { state };
  const messages = extracted.messages.map(
    (m) =>
      new InputMessage(
        m.source,
        parseMessage(m.content, limits, options),
        m.content,
        limits,
        state,
      ),
  );
  // Extraction matches regexes on the text's lines; parseMessage clears what they leave only
  // when the text held a message.
  forgetLastMatch();
  return {
    input: 'text',
    format: extracted.format,
    messages,
    skipped: {},
    problems: extracted.problems,
  };
}

/**
 * Parses SIP messages out of a stream of bytes: a capture is read as it
 * streams; anything else is decoded as UTF-8 text (up to the input limit)
 * and extracted. Never throws on bad input. Like parseText, one parser state
 * per input: another input parsed while this one awaits its next chunk has
 * its own.
 */
export async function parseInput(
  chunks: AsyncIterable<Uint8Array>,
  limits: Partial<SipLimits> = {},
): Promise<ParseInputResult> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await nextNonEmpty(iterator);
  if (!first) return { input: 'text', format: 'empty', messages: [], skipped: {}, problems: [] };

  const rest: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: async function* () {
      yield first;
      for (let next = await iterator.next(); !next.done; next = await iterator.next())
        yield next.value;
    },
  };

  if (isCapture(first)) {
    let stats: CaptureStats | undefined;
    const messages: InputMessage[] = [];
    const state = new ParserState();
    const options = { state };
    // The reader enforces maxMessages itself and reports it among its problems.
    const batches = readCaptureBatches(rest, {
      limits,
      onStats: (s) => {
        stats = s;
      },
    });
    for await (const batch of batches) {
      for (const captured of batch) {
        const parsed = parseMessage(captured.content, limits, options);
        messages.push(new InputMessage(captured.source, parsed, captured.content, limits, state));
      }
    }
    const format = stats?.format ?? 'pcap';
    return {
      input: format,
      format,
      messages,
      skipped: stats?.skipped ?? {},
      problems: stats?.problems ?? [],
    };
  }

  const maxBytes = limits.maxInputBytes ?? DEFAULT_LIMITS.maxInputBytes;
  const parts: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  for await (const chunk of rest) {
    if (size + chunk.byteLength > maxBytes) {
      parts.push(chunk.subarray(0, maxBytes - size));
      size = maxBytes;
      cut = true;
      break;
    }
    parts.push(chunk);
    size += chunk.byteLength;
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(concat(parts, size));
  const result = parseText(text, limits);
  if (cut) {
    result.problems.unshift(
      limitProblem(
        `The input is larger than ${maxBytes} bytes; only the first ${maxBytes} bytes were read.`,
      ),
    );
  }
  return result;
}

/** Enough leading bytes to recognise a capture's magic number (a pipe may deliver tiny chunks). */
const SNIFF_BYTES = 8;

async function nextNonEmpty(iterator: AsyncIterator<Uint8Array>): Promise<Uint8Array | undefined> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    if (next.value.byteLength === 0) continue;
    parts.push(next.value);
    size += next.value.byteLength;
    if (size >= SNIFF_BYTES) break;
  }
  return size > 0 ? concat(parts, size) : undefined;
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

function limitProblem(message: string): Problem {
  return { severity: 'warning', id: 'input.limit', message };
}
