/**
 * From whatever was handed in (a paste, a log, a .pcap/.pcapng upload) to
 * parsed SIP messages with their source: gunzip a gzip'd input as it
 * streams (by its magic bytes 1f 8b), sniff captures by magic number,
 * otherwise treat the bytes as text (UTF-8, or UTF-16 by its byte order
 * mark or its NUL pattern) and extract messages from it (parse-text.ts,
 * loaded for text only, as the capture reader is for captures). Damage to the input
 * (a truncated or corrupt capture, an unknown link type, a cut by a limit)
 * is in the result's problems; diagnose() reads it from there (inputDamage()).
 */
import { utf8Text } from '../sip/bytes-to-text.js';
import { InputMessage } from '../sip/input-message.js';
import { KeptStrings } from '../sip/kept-strings.js';
import { MessageList } from '../sip/message-list.js';
import { MessageTable } from '../sip/message-table.js';
import { parseMessage } from '../sip/parse-message.js';
import { ParserState } from '../sip/parser-state.js';
import type { PayloadFile } from '../sip/payload-file.js';
import { DEFAULT_LIMITS, type Problem, type SipLimits } from '../sip/types.js';
import { isCapture, isGzip } from './capture/capture-magic.js';
import type { CaptureStats } from './capture/read-capture.js';
import { RAISE_BYTES } from './limit-advice.js';

import type { ParseInputResult } from './parse-text.js';

export type { ParseInputResult } from './parse-text.js';

export interface ParseInputOptions {
  /**
   * The file the chunks are read from, when it stays on this machine and
   * registers them (see PayloadFile): a capture's messages then keep where
   * their payloads are instead of the bytes.
   */
  file?: PayloadFile;
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
  options: ParseInputOptions = {},
): Promise<ParseInputResult> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await nextNonEmpty(iterator);
  if (!first) return emptyResult();
  const rest = prepend(first, iterator);
  if (!isGzip(first)) return await parseBytes(first, rest, limits, options.file);

  // A gzip'd capture or log: read what it decompresses to, the limit counting decompressed bytes.
  const gunzipped = gunzip(rest);
  const inner = gunzipped.bytes[Symbol.asyncIterator]();
  const head = await nextNonEmpty(inner);
  const result = head
    ? await parseBytes(head, prepend(head, inner), limits)
    : { ...emptyResult(), format: 'gzip' };
  for (const p of result.problems) {
    if (p.id === 'capture.limit' || p.id === 'input.limit')
      p.message = `${p.message} (The file is gzip-compressed: the limit counts its decompressed bytes.)`;
  }
  const failure = gunzipped.failure();
  if (failure !== undefined) {
    result.problems.unshift({
      severity: 'warning',
      id: 'input.gzip',
      message: `The gzip-compressed file is damaged or cut short (${failure}); only what decompressed before that was read.`,
    });
  }
  return result;
}

function emptyResult(): ParseInputResult {
  return { input: 'text', format: 'empty', messages: [], skipped: {}, problems: [] };
}

/**
 * `first`, then the rest of `iterator`. A reader that stops early (a limit
 * reached) stops `iterator` too, so that its source closes: a pipe or a
 * download left open would keep the process, or the connection, waiting for
 * a writer that may never stop writing.
 */
function prepend(
  first: Uint8Array,
  iterator: AsyncIterator<Uint8Array>,
): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]: async function* () {
      let drained = false;
      try {
        yield first;
        for (let next = await iterator.next(); !next.done; next = await iterator.next())
          yield next.value;
        drained = true;
      } finally {
        if (!drained) await iterator.return?.();
      }
    },
  };
}

/**
 * The decompressed bytes of a gzip stream, pulled as they are read (a
 * consumer that stops early stops the decompression: a small file that
 * inflates to gigabytes costs no more than the limit). A damaged or cut
 * stream ends the bytes; failure() then says why.
 */
function gunzip(chunks: AsyncIterable<Uint8Array>): {
  bytes: AsyncIterable<Uint8Array>;
  failure: () => string | undefined;
} {
  let failure: string | undefined;
  const bytes = async function* (): AsyncGenerator<Uint8Array> {
    // Loaded for gzip'd input only.
    const [{ Readable }, { createGunzip }] = await Promise.all([
      import('node:stream'),
      import('node:zlib'),
    ]);
    const source = Readable.from(chunks, { objectMode: false });
    const inflate = createGunzip();
    source.on('error', (error) => inflate.destroy(error));
    source.pipe(inflate);
    try {
      for await (const chunk of inflate) yield chunk as Uint8Array;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    } finally {
      source.unpipe(inflate);
      source.destroy();
      inflate.destroy();
    }
  };
  return { bytes: bytes(), failure: () => failure };
}

/**
 * Loads the reader of a capture or of a text now, for a face that wants it
 * loaded before it is first used (the CLI, before it changes a V8 flag:
 * src/cli/code-cache.ts).
 */
export async function loadReader(kind: 'capture' | 'text'): Promise<void> {
  await (kind === 'capture' ? import('./capture/read-capture.js') : import('./parse-text.js'));
}

/** A capture or text, told apart by its first bytes. */
async function parseBytes(
  first: Uint8Array,
  rest: AsyncIterable<Uint8Array>,
  limits: Partial<SipLimits>,
  file?: PayloadFile,
): Promise<ParseInputResult> {
  if (isCapture(first)) {
    let stats: CaptureStats | undefined;
    const state = new ParserState();
    const options = { state };
    // One copy of each repeated string (see InputMessage), while the capture is read.
    const table = new MessageTable({ limits, state }, new KeptStrings());
    // Loaded for captures only: a paste never needs the packet decoders.
    const { readCaptureBatches } = await import('./capture/read-capture.js');
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
        InputMessage.put(table, captured.source, parsed, captured.content, file);
      }
    }
    table.read();
    const format = stats?.format ?? 'pcap';
    return {
      input: format,
      format,
      messages: new MessageList(table),
      skipped: stats?.skipped ?? {},
      problems: stats?.problems ?? [],
      ...(file !== undefined ? { file } : {}),
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
  const bytes = concat(parts, size);
  const encoding = textEncoding(bytes);
  const text =
    encoding === 'utf-8'
      ? utf8Text(bytes)
      : new TextDecoder(encoding, { fatal: false }).decode(bytes);
  // Loaded for text only: a capture never needs the text extractors.
  const { parseText } = await import('./parse-text.js');
  const result = parseText(text, limits);
  if (cut) {
    result.problems.unshift(
      limitProblem(
        `The input is larger than ${maxBytes} bytes; only the first ${maxBytes} bytes were read; ${RAISE_BYTES}`,
      ),
    );
  }
  if (encoding !== 'utf-8') {
    result.problems.push({
      severity: 'note',
      id: 'input.encoding',
      message: `The text is ${encoding === 'utf-16le' ? 'UTF-16 (little-endian)' : 'UTF-16 (big-endian)'}; it was decoded as such.`,
    });
  }
  return result;
}

/**
 * UTF-16 by its byte order mark (FF FE, FE FF), or without one when NULs
 * fill every other byte of the start (Windows tools write SIP logs so);
 * UTF-8 otherwise (a UTF-8 byte order mark is dropped by the decoder).
 */
function textEncoding(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.byteLength, 256) & ~1;
  if (n < 8) return 'utf-8';
  let evenNuls = 0;
  let oddNuls = 0;
  for (let k = 0; k < n; k += 2) {
    if (bytes[k] === 0) evenNuls++;
    if (bytes[k + 1] === 0) oddNuls++;
  }
  const pairs = n / 2;
  if (oddNuls >= pairs * 0.9 && evenNuls === 0) return 'utf-16le';
  if (evenNuls >= pairs * 0.9 && oddNuls === 0) return 'utf-16be';
  return 'utf-8';
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
