/**
 * Finding a character between two offsets of a message with the engine's
 * native search, which is much faster than a loop in JavaScript but cannot
 * stop at an end offset. While a message is being read (between beginSearch
 * and endSearch), the answer of the last search for each character is kept:
 * a later search starting between that start and that answer has the same
 * answer, so the native scans over one message add up to its length per
 * character, never more, however many values lack the character.
 */

let current = '';
let generation = 0;
const memoGeneration = new Int32Array(128);
const memoFrom = new Int32Array(128);
const memoAt = new Int32Array(128);
const CHARS: string[] = [];
for (let c = 0; c < 128; c++) CHARS.push(String.fromCharCode(c));

/** Starts remembering searches in `text` (the message being read). */
export function beginSearch(text: string): void {
  current = text;
  generation++;
}

/** Stops remembering (and lets the message text go). */
export function endSearch(): void {
  current = '';
}

/** Index of the ASCII character `code` in text[from, end), or -1. */
export function indexWithin(text: string, code: number, from: number, end: number): number {
  if (from >= end) return -1;
  if (end === text.length) return text.indexOf(CHARS[code] as string, from);
  if (text !== current) {
    for (let i = from; i < end; i++) if (text.charCodeAt(i) === code) return i;
    return -1;
  }
  let at: number;
  if (
    memoGeneration[code] === generation &&
    (memoFrom[code] as number) <= from &&
    from <= (memoAt[code] as number)
  ) {
    at = memoAt[code] as number;
  } else {
    at = text.indexOf(CHARS[code] as string, from);
    if (at < 0) at = text.length;
    memoGeneration[code] = generation;
    memoFrom[code] = from;
    memoAt[code] = at;
  }
  return at < end ? at : -1;
}
