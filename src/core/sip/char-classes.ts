/**
 * Character classes of the SIP grammar (RFC 3261 §25.1) as lookup tables, so
 * the parsers test a character with one array read instead of a regex.
 * Every table covers 0..127; anything above is outside every class.
 */

function table(chars: string, withAlphanum: boolean): Uint8Array {
  const t = new Uint8Array(128);
  if (withAlphanum) {
    for (let c = 48; c <= 57; c++) t[c] = 1;
    for (let c = 65; c <= 90; c++) t[c] = 1;
    for (let c = 97; c <= 122; c++) t[c] = 1;
  }
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN_CHARS = table("-.!%*_+`'~", true);
/** word (Call-ID) = token characters plus ( ) < > : \ DQUOTE / [ ] ? { } */
export const WORD_CHARS = table('-.!%*_+`\'~()<>:\\"/[]?{}', true);
/** Host names: letters, digits, "-" and "."; "_" is not in the grammar but common in the wild. */
const HOST_CHARS = table('-._', true);
/** Characters a URI parameter name or value may hold (paramchar, with escapes). */
export const URI_PARAM_CHARS = table("-_.!~*'()[]/:&+$%", true);
/** Characters a URI header name or value may hold (hnv-unreserved, unreserved, escapes). */
export const URI_HEADER_CHARS = table("-_.!~*'()[]/?:+$%", true);
/** Characters of the user part (unreserved, escaped, user-unreserved). */
export const USER_CHARS = table("-_.!~*'()%&=+$,;?/", true);
/** Characters of the password (unreserved, escaped, "&" "=" "+" "$" ","). */
export const PASSWORD_CHARS = table("-_.!~*'()%&=+$,", true);
/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
const SCHEME_CHARS = table('+-.', true);

/** True when `word` is written at `at` in `text` (same case); inlines well for short words. */
export function matchesAt(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) {
    if (text.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  }
  return true;
}

export const isTokenChar = (c: number): boolean => c < 128 && TOKEN_CHARS[c] === 1;
export const isHostChar = (c: number): boolean => c < 128 && HOST_CHARS[c] === 1;
export const isSchemeChar = (c: number): boolean => c < 128 && SCHEME_CHARS[c] === 1;

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
export const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
export const isHexDigit = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
/** SP or HTAB: the whitespace that may separate elements once lines are unfolded. */
export const isWhitespace = (c: number): boolean => c === 32 || c === 9;

/** True when every character of `text` is a token character (and there is at least one). */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isTokenChar(text.charCodeAt(i))) return false;
  return true;
}

/** Index of the first non-whitespace character at or after `from` (or `end`). */
export function skipWhitespace(text: string, from: number, end: number = text.length): number {
  let i = from;
  while (i < end && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** Index of the first character at or after `from` that is not in the class `t` (or `end`). */
export function skipClass(text: string, from: number, end: number, t: Uint8Array): number {
  let i = from;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c >= 128 || t[c] !== 1) break;
    i++;
  }
  return i;
}

/** Index just past the last non-whitespace character before `end` (not below `start`). */
export function trimEndIndex(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && isWhitespace(text.charCodeAt(i - 1))) i--;
  return i;
}

/** The text between `start` and `end` without surrounding SP/HTAB, sliced only when needed. */
export function trimmedSlice(text: string, start: number, end: number): string {
  const s = skipWhitespace(text, start, end);
  const e = trimEndIndex(text, s, end);
  if (s === 0 && e === text.length) return text;
  return text.slice(s, e);
}

/** A printable rendering of one character for problem messages ("','", "NUL", "U+00E9"). */
export function describeChar(c: number): string {
  if (c === 0) return 'NUL';
  if (c === 32) return 'a space';
  if (c === 9) return 'a tab';
  if (c < 32 || c === 127) return `control character 0x${c.toString(16).padStart(2, '0')}`;
  if (c > 126) return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${String.fromCharCode(c)}'`;
}
