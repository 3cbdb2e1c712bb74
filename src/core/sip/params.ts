/**
 * Header parameters (";name", ";name=value", with LWS allowed around ";" and
 * "=" as RFC 3261's SEMI and EQUAL rules say) as used after Via sent-by,
 * name-addr / addr-spec and most other structured header values. URI
 * parameters inside a URI follow other rules and live in uri.ts.
 */
import { describeChar, skipClass, skipWhitespace, TOKEN_CHARS } from './char-classes.js';
import { commonParamNameAt } from './param-names.js';
import { findClosingQuote } from './split-values.js';
import { excerpt, report, type SyntaxIssue } from './syntax-issue.js';
import type { ParamsBuilder } from './types.js';

const SEMI = 59;
const COMMA = 44;
const EQUAL = 61;
const QUOTE = 34;

/** An empty parameter map (a plain object: V8 keeps those fast, unlike prototype-less ones). */
export function newParams(): ParamsBuilder {
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

/** parseParams flag: check an "expires" parameter as delta-seconds (Contact). */
export const CHECK_EXPIRES = 1;

/** Reports an "expires" value that is not delta-seconds or does not fit in 32 bits. */
function checkExpires(
  text: string,
  start: number,
  end: number,
  sink: SyntaxIssue[] | undefined,
): void {
  if (start === end) {
    report(sink, 'expires-malformed', 'expires has no value.', 'warning');
    return;
  }
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) {
      report(
        sink,
        'expires-malformed',
        `expires=${excerpt(text.slice(start, end), 30)} is not a number of seconds.`,
        'warning',
      );
      return;
    }
    if (value <= 4_294_967_295) value = value * 10 + c - 48;
  }
  if (value > 4_294_967_295) {
    report(
      sink,
      'expires-out-of-range',
      `expires=${excerpt(text.slice(start, end), 30)} is above 2^32-1 seconds; treat it as the default.`,
      'warning',
    );
  }
}

/**
 * Reads `*( SEMI generic-param )` from `start` into `out` (first occurrence of
 * a name wins; names lower-cased; values as written, quotes included; null
 * for a flag). With `out` null the parameters are only checked, nothing is
 * built. Returns the index of the first character that is not part of the
 * parameters (`end` when all of it was).
 */
export function parseParams(
  text: string,
  start: number,
  out: ParamsBuilder | null,
  sink?: SyntaxIssue[],
  end: number = text.length,
  flags = 0,
): number {
  let i = start;
  for (;;) {
    i = skipWhitespace(text, i, end);
    if (i >= end || text.charCodeAt(i) !== SEMI) return i;
    i = skipWhitespace(text, i + 1, end);
    const nameStart = i;
    let name = i < end ? commonParamNameAt(text, i, end) : undefined;
    const common = name !== undefined;
    if (name !== undefined) {
      i += name.length;
    } else {
      i = skipClass(text, i, end, TOKEN_CHARS);
      if (i === nameStart) {
        const c = i < end ? text.charCodeAt(i) : SEMI;
        if (c === SEMI || c === COMMA) {
          report(sink, 'empty-param', 'An empty parameter (";" with no name) is not allowed.');
          if (c === COMMA) return i;
          continue;
        }
        report(
          sink,
          'param-name',
          `A parameter name is expected after ";", found ${describeChar(text.charCodeAt(i))}.`,
        );
        return i;
      }
      if (out !== null || flags !== 0) name = lowerAscii(text.slice(nameStart, i));
    }
    const nameEnd = i;
    i = skipWhitespace(text, i, end);
    let valueStart = -1;
    let valueEnd = -1;
    if (i < end && text.charCodeAt(i) === EQUAL) {
      i = skipWhitespace(text, i + 1, end);
      valueStart = i;
      if (i < end && text.charCodeAt(i) === QUOTE) {
        const close = findClosingQuote(text, i, end);
        if (close < 0) {
          report(
            sink,
            'unterminated-quote',
            `The quoted value of parameter "${excerpt(text.slice(nameStart, nameEnd), 30)}" is never closed.`,
          );
          i = end;
        } else {
          i = close + 1;
        }
      } else {
        i = skipClass(text, i, end, VALUE_CHARS);
        if (i === valueStart) {
          report(
            sink,
            'empty-param-value',
            `Parameter "${excerpt(text.slice(nameStart, nameEnd), 30)}" has "=" but no value.`,
          );
        }
      }
      valueEnd = i;
    } else if (name === 'tag') {
      report(sink, 'empty-param-value', 'The "tag" parameter has no value.');
    }
    if (flags !== 0 && name === 'expires') {
      if (valueStart >= 0) checkExpires(text, valueStart, valueEnd, sink);
      else report(sink, 'expires-malformed', 'expires has no value.', 'warning');
    }
    if (out === null || name === undefined) continue;
    const value = valueStart < 0 ? null : text.slice(valueStart, valueEnd);
    if (common) {
      // The hottest names get named stores: a keyed store whose key varies is megamorphic.
      switch (name) {
        case 'branch':
          if (out.branch === undefined) out.branch = value;
          break;
        case 'tag':
          if (out.tag === undefined) out.tag = value;
          break;
        case 'rport':
          if (out.rport === undefined) out.rport = value;
          break;
        case 'received':
          if (out.received === undefined) out.received = value;
          break;
        default:
          if (out[name] === undefined) out[name] = value;
      }
    } else if (name !== '__proto__' && !Object.hasOwn(out, name)) {
      out[name] = value;
    }
  }
}
