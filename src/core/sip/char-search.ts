/**
 * Finding a character between two offsets of a message with the engine's
 * native search, which is much faster than a loop in JavaScript but cannot
 * stop at an end offset. While a message is being read (between beginSearch
 * and endSearch on the parse's CharSearch), the answer of the last search for
 * each character is kept: a later search starting between that start and
 * that answer has the same answer, so the native scans over one message add
 * up to its length per character, never more, however many values lack the
 * character. The memo belongs to the parse's state (parser-state.ts), never
 * to this module.
 */

/** Memo slots, chosen by the character code's low three bits. */
const SLOTS = 8;

/**
 * The message being searched and, per slot, [code, from, at]: a search for
 * `code` from `from` found it at `at` (the text's length: not found). The
 * characters the parsers search for (; < > ?) each fall in a slot of their
 * own; a character sharing a slot with another only loses the memo, never
 * gets a wrong answer.
 */
export interface CharSearch {
  text: string;
  readonly memo: number[];
}

export function newCharSearch(): CharSearch {
  return {
    text: '',
    memo: [-1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0],
  };
}

const CHARS: readonly string[] = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

/** Starts remembering searches in `text` (the message being read). */
export function beginSearch(search: CharSearch, text: string): void {
  search.text = text;
  const memo = search.memo;
  for (let s = 0; s < SLOTS * 3; s += 3) memo[s] = -1;
}

/** Stops remembering (and lets the message text go). */
export function endSearch(search: CharSearch): void {
  search.text = '';
}

/** Index of the ASCII character `code` in text[from, end), or -1; `search` remembers answers in its message. */
export function indexWithin(
  text: string,
  code: number,
  from: number,
  end: number,
  search?: CharSearch,
): number {
  if (from >= end) return -1;
  if (end === text.length) return text.indexOf(CHARS[code] as string, from);
  if (search === undefined || text !== search.text) {
    for (let i = from; i < end; i++) if (text.charCodeAt(i) === code) return i;
    return -1;
  }
  const memo = search.memo;
  const s = (code & (SLOTS - 1)) * 3;
  let at: number;
  if (memo[s] === code && (memo[s + 1] as number) <= from && from <= (memo[s + 2] as number)) {
    at = memo[s + 2] as number;
  } else {
    at = text.indexOf(CHARS[code] as string, from);
    if (at < 0) at = text.length;
    memo[s] = code;
    memo[s + 1] = from;
    memo[s + 2] = at;
  }
  return at < end ? at : -1;
}
