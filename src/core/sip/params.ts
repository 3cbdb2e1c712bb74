/**
 * Header parameters (";name", ";name=value", with LWS allowed around ";" and
 * "=" as RFC 3261's SEMI and EQUAL rules say) as used after Via sent-by,
 * name-addr / addr-spec and most other structured header values. URI
 * parameters inside a URI follow other rules and live in uri.ts.
 */
import { describeChar, TOKEN_CHARS } from './char-classes.js';
import { commonParamNameAt } from './param-names.js';
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
const VALUE_CHARS = TOKEN_CHARS.slice();
VALUE_CHARS[58] = 1;
VALUE_CHARS[91] = 1;
VALUE_CHARS[93] = 1;


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
  let c = 0;
  for (;;) {
    while (i < end && ((c = text.charCodeAt(i)) === 32 || c === 9)) i++;
    if (i >= end || c !== SEMI) return i;
    i++;
    while (i < end && ((c = text.charCodeAt(i)) === 32 || c === 9)) i++;
    const nameStart = i;
    let name = i < end ? commonParamNameAt(text, i, end) : undefined;
    const common = name !== undefined;
    if (name !== undefined) {
      i += name.length;
    } else {
      while (i < end && (c = text.charCodeAt(i)) < 128 && TOKEN_CHARS[c] === 1) i++;
      if (i === nameStart) {
        if (i >= end || c === SEMI) {
          report(sink, 'empty-param', 'An empty parameter (";" with no name) is not allowed.');
          continue;
        }
        report(sink, 'param-name', `A parameter name is expected after ";", found ${describeChar(c)}.`);
        return i;
      }
      name = lowerAscii(text.slice(nameStart, i));
    }
    while (i < end && ((c = text.charCodeAt(i)) === 32 || c === 9)) i++;
    let value: string | null = null;
    if (i < end && c === EQUAL) {
      i++;
      while (i < end && ((c = text.charCodeAt(i)) === 32 || c === 9)) i++;
      if (i < end && c === QUOTE) {
        const close = findClosingQuote(text, i, end);
        if (close < 0) {
          report(sink, 'unterminated-quote', `The quoted value of parameter "${name}" is never closed.`);
          value = text.slice(i, end);
          i = end;
        } else {
          value = text.slice(i, close + 1);
          i = close + 1;
        }
      } else {
        const valueStart = i;
        while (i < end && (c = text.charCodeAt(i)) < 128 && VALUE_CHARS[c] === 1) i++;
        if (i === valueStart) {
          report(sink, 'empty-param-value', `Parameter "${name}" has "=" but no value.`);
        }
        value = text.slice(valueStart, i);
      }
    }
    if (common) {
      if (out[name] === undefined) out[name] = value;
    } else if (name !== '__proto__' && !Object.hasOwn(out, name)) {
      out[name] = value;
    }
  }
}
