/**
 * Header parameters (";name", ";name=value", with LWS allowed around ";" and
 * "=" as RFC 3261's SEMI and EQUAL rules say) as used after Via sent-by,
 * name-addr / addr-spec and most other structured header values. URI
 * parameters inside a URI follow other rules and live in uri.ts.
 */
import { describeChar, isTokenChar, skipWhitespace } from './char-classes.js';
import { commonParamName } from './param-names.js';
import { findClosingQuote } from './split-values.js';
import { report, type SyntaxIssue } from './syntax-issue.js';
import type { Params } from './types.js';

const SEMI = 59;
const EQUAL = 61;
const QUOTE = 34;

/** An empty parameter map (a plain object: V8 keeps those fast, unlike prototype-less ones). */
export function newParams(): Params {
  return {};
}

/** `text` lower-cased, without allocating when it already is. */
export function lowerAscii(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return text.toLowerCase();
  }
  return text;
}

/** gen-value characters outside quotes: token characters plus what hosts add (":" "[" "]"). */
function isValueChar(c: number): boolean {
  return isTokenChar(c) || c === 58 || c === 91 || c === 93;
}

/**
 * Reads `*( SEMI generic-param )` from `start` into `out` (first occurrence of
 * a name wins; names lower-cased; values as written, quotes included; null
 * for a flag). Returns the index of the first character that is not part of
 * the parameters (text.length when all of it was).
 */
export function parseParams(
  text: string,
  start: number,
  out: Params,
  sink?: SyntaxIssue[],
  end: number = text.length,
): number {
  let i = start;
  for (;;) {
    i = skipWhitespace(text, i, end);
    if (i >= end || text.charCodeAt(i) !== SEMI) return i;
    i = skipWhitespace(text, i + 1, end);
    const nameStart = i;
    while (i < end && isTokenChar(text.charCodeAt(i))) i++;
    if (i === nameStart) {
      if (i >= end || text.charCodeAt(i) === SEMI) {
        report(sink, 'empty-param', 'An empty parameter (";" with no name) is not allowed.');
        continue;
      }
      report(
        sink,
        'param-name',
        `A parameter name is expected after ";", found ${describeChar(text.charCodeAt(i))}.`,
      );
      return i;
    }
    const name = commonParamName(text, nameStart, i) ?? lowerAscii(text.slice(nameStart, i));
    i = skipWhitespace(text, i, end);
    let value: string | null = null;
    if (i < end && text.charCodeAt(i) === EQUAL) {
      i = skipWhitespace(text, i + 1, end);
      if (i < end && text.charCodeAt(i) === QUOTE) {
        const close = findClosingQuote(text, i, end);
        if (close < 0) {
          report(
            sink,
            'unterminated-quote',
            `The quoted value of parameter "${name}" is never closed.`,
          );
          value = text.slice(i, end);
          i = end;
        } else {
          value = text.slice(i, close + 1);
          i = close + 1;
        }
      } else {
        const valueStart = i;
        while (i < end && isValueChar(text.charCodeAt(i))) i++;
        if (i === valueStart) {
          report(sink, 'empty-param-value', `Parameter "${name}" has "=" but no value.`);
        }
        value = text.slice(valueStart, i);
      }
    }
    if (name !== '__proto__' && !Object.hasOwn(out, name)) out[name] = value;
  }
}
