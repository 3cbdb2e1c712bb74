/**
 * Splitting a header value into its comma-separated elements without cutting
 * through a quoted string (where a backslash escapes the next character) or a
 * URI in angle brackets. One forward pass, no regex, so hostile input with
 * unbalanced quotes or brackets costs linear time.
 */
import { trimmedSlice } from './char-classes.js';

const QUOTE = 34;
const BACKSLASH = 92;
const LT = 60;
const GT = 62;
const COMMA = 44;

/**
 * Index of the next `separator` (a char code, comma by default) in
 * [from, end) that is outside quotes and angle brackets, or -1. An
 * unterminated quote or bracket hides every separator after it.
 */
export function findTopLevel(
  text: string,
  from = 0,
  separator: number = COMMA,
  end: number = text.length,
): number {
  let inQuotes = false;
  let inBrackets = false;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inQuotes = false;
    } else if (inBrackets) {
      if (c === GT) inBrackets = false;
    } else if (c === QUOTE) {
      inQuotes = true;
    } else if (c === LT) {
      inBrackets = true;
    } else if (c === separator) {
      return i;
    }
  }
  return -1;
}

/**
 * The elements of a list value, each without surrounding whitespace. Empty
 * elements are kept (as "") so callers can tell "a,,b" from "a,b".
 */
export function splitTopLevel(text: string, separator: number = COMMA): string[] {
  if (text.indexOf(String.fromCharCode(separator)) < 0) return [trimmedSlice(text, 0, text.length)];
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const at = findTopLevel(text, start, separator);
    if (at < 0) break;
    out.push(trimmedSlice(text, start, at));
    start = at + 1;
  }
  out.push(trimmedSlice(text, start, text.length));
  return out;
}

/** The list elements of a value with the empty ones left out. */
export function splitListValues(text: string): string[] {
  const parts = splitTopLevel(text);
  if (parts.length === 1) return parts[0] === '' ? [] : parts;
  return parts.filter((p) => p !== '');
}

/**
 * Index of the closing quote of the quoted string whose opening quote is at
 * `open`, honouring backslash escapes; -1 when it is never closed.
 */
export function findClosingQuote(text: string, open: number, end: number = text.length): number {
  for (let i = open + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return -1;
}

/** The content of a quoted string with quoted-pairs resolved ("a\"b" -> a"b). */
export function unescapeQuoted(text: string): string {
  if (text.indexOf('\\') < 0) return text;
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === BACKSLASH && i + 1 < text.length) {
      parts.push(text.slice(start, i));
      start = i + 1;
      i++;
    }
  }
  parts.push(text.slice(start));
  return parts.join('');
}

/** A parameter value without its surrounding quotes and escapes, or as is when it is a token. */
export function unquote(value: string): string {
  if (
    value.length >= 2 &&
    value.charCodeAt(0) === QUOTE &&
    value.charCodeAt(value.length - 1) === QUOTE
  ) {
    return unescapeQuoted(value.slice(1, -1));
  }
  return value;
}
