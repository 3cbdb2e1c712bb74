/**
 * Bytes to text one character per byte (ISO-8859-1), so a parser can frame
 * the body by Content-Length on the string and every byte, binary or not,
 * survives. Node's "latin1" decoder maps bytes one to one; where a runtime's
 * decoder does not (WHATWG maps "latin1" to windows-1252, where 0x80 is
 * "€"), ASCII (nearly every SIP message) goes through the UTF-8 decoder,
 * which is exact for it, and anything else is mapped by hand. Also a
 * pasted file's UTF-8 bytes as text (utf8Text), by the same decoders.
 */

import { isAscii } from 'node:buffer';
import { forgetLastMatch } from './last-match.js';

const decoder = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/**
 * Node's Buffer decodes latin1 one to one with a direct native call, which
 * costs less than a TextDecoder call on the per-message path of a capture;
 * it is used when the runtime has it.
 */
type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;
const nodeLatin1Slice = (globalThis as { Buffer?: { prototype?: { latin1Slice?: unknown } } })
  .Buffer?.prototype?.latin1Slice as Latin1Slice | undefined;

function decoderIsExact(): boolean {
  const probe = new Uint8Array([0x00, 0x41, 0x80, 0x9f, 0xff]);
  const text = decoder.decode(probe);
  if (text.length !== probe.length) return false;
  for (let i = 0; i < probe.length; i++) if (text.charCodeAt(i) !== probe[i]) return false;
  return true;
}

const exact = decoderIsExact();
const CHUNK = 4096;

/** One character per byte, U+0000-U+00FF. */
export function latin1Text(bytes: Uint8Array): string {
  if (nodeLatin1Slice !== undefined) return nodeLatin1Slice.call(bytes, 0, bytes.byteLength);
  return exact ? decoder.decode(bytes) : portableLatin1Text(bytes);
}

/**
 * UTF-8 bytes as text (a pasted file). ASCII, which nearly every paste is,
 * reads the same in UTF-8 and latin1, and Node's latin1 decoder copies a
 * large input once into memory outside V8's heap (an external string),
 * where the UTF-8 decoder validates it and copies it into fresh heap pages:
 * a 5 MB paste was diagnosed 15-34 ms faster this way (whole processes,
 * paired, issue 13). Anything else, a byte order mark included, goes
 * through the decoder, which also drops the mark.
 */
export function utf8Text(bytes: Uint8Array): string {
  if (nodeLatin1Slice !== undefined && isAscii(bytes))
    return nodeLatin1Slice.call(bytes, 0, bytes.byteLength);
  return utf8.decode(bytes);
}

/** latin1Text for runtimes whose "latin1" decoder is windows-1252 (exported for tests). */
export function portableLatin1Text(bytes: Uint8Array): string {
  const ascii = utf8.decode(bytes);
  if (ascii.length === bytes.byteLength && firstNonAscii(ascii, 0) < 0) return ascii;
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const chunk = Array.from(bytes.subarray(i, i + CHUNK));
    parts.push(String.fromCharCode(...chunk));
  }
  return parts.join('');
}

/** Finds non-ASCII characters natively (one character class, so no backtracking). */
const NON_ASCII = /[\u0080-\uffff]/g;

/** Index of the first character above U+007F at or after `from`, or -1. */
export function firstNonAscii(text: string, from: number): number {
  NON_ASCII.lastIndex = from;
  if (!NON_ASCII.test(text)) return -1;
  const at = NON_ASCII.lastIndex - 1;
  // The regex is shared by every parse: leave neither an offset on it nor the text in the
  // RegExp statics (a failed match, the usual ASCII case, resets the one and spares the other).
  NON_ASCII.lastIndex = 0;
  forgetLastMatch();
  return at;
}

/**
 * Bytes a string takes in UTF-8 between `start` and `end`. A lone surrogate
 * counts 3 bytes, as an encoder writes it as U+FFFD.
 */
export function utf8Length(text: string, start = 0, end: number = text.length): number {
  const wide = firstNonAscii(text, start);
  if (wide < 0 || wide >= end) return end - start;
  let bytes = wide - start;
  for (let i = wide; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes++;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Index in `text` (from `start`) after at most `maxBytes` UTF-8 bytes,
 * never splitting a character; `end` when the text is shorter.
 */
export function utf8Advance(text: string, start: number, end: number, maxBytes: number): number {
  const wide = firstNonAscii(text, start);
  if (wide < 0 || wide >= end || wide - start >= maxBytes) return Math.min(end, start + maxBytes);
  let bytes = wide - start;
  let i = wide;
  while (i < end) {
    const c = text.charCodeAt(i);
    let size = 1;
    let chars = 1;
    if (c >= 0x80) {
      if (c < 0x800) size = 2;
      else if (
        c >= 0xd800 &&
        c <= 0xdbff &&
        i + 1 < end &&
        isLowSurrogate(text.charCodeAt(i + 1))
      ) {
        size = 4;
        chars = 2;
      } else size = 3;
    }
    if (bytes + size > maxBytes) return i;
    bytes += size;
    i += chars;
  }
  return i;
}
