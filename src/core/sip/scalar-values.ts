/**
 * Numeric header values (CSeq, Max-Forwards, Content-Length, Expires...).
 * Numbers are range-checked digit by digit, so an overlarge value is
 * reported as such and never wrapped or turned into an inexact float
 * (RFC 4475 §3.1.2.4-3.1.2.5).
 */
import { describeChar, isDigit, isToken, skipWhitespace, trimEndIndex } from './char-classes.js';
import { excerpt, report, type SyntaxIssue } from './syntax-issue.js';
import type { CSeq } from './types.js';

/** Returned by readDecimal when the text is not 1*DIGIT. */
export const NOT_DIGITS = -1;
/** Returned by readDecimal when the number is larger than the given maximum. */
export const TOO_LARGE = -2;

/** 2^32 - 1: the largest delta-seconds and CSeq number RFC 3261 allows. */
export const UINT32_MAX = 4_294_967_295;

/**
 * Reads 1*DIGIT between `start` and `end` (leading zeros allowed). Returns
 * the value, NOT_DIGITS or TOO_LARGE (above `max`).
 */
export function readDecimal(text: string, start: number, end: number, max: number): number {
  if (start >= end) return NOT_DIGITS;
  let value = 0;
  let large = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return NOT_DIGITS;
    if (!large) {
      value = value * 10 + (c - 48);
      if (value > max) large = true;
    }
  }
  return large ? TOO_LARGE : value;
}

/** A whole value that must be one number (Max-Forwards, Content-Length, Expires): LWS around it is fine. */
export function readNumberValue(value: string, max: number): number {
  const start = skipWhitespace(value, 0);
  return readDecimal(value, start, trimEndIndex(value, start, value.length), max);
}

/** Parses "CSeq: 1*DIGIT LWS Method"; the number must fit in 32 bits (and should be below 2^31). */
export function parseCSeq(value: string, sink?: SyntaxIssue[]): CSeq | undefined {
  const end = trimEndIndex(value, 0, value.length);
  const start = skipWhitespace(value, 0, end);
  let i = start;
  while (i < end && isDigit(value.charCodeAt(i))) i++;
  const digitsEnd = i;
  i = skipWhitespace(value, i, end);
  const method = value.slice(i, end);
  if (digitsEnd === start || i === digitsEnd || !isToken(method)) {
    const what =
      digitsEnd === start
        ? 'does not start with a sequence number'
        : i === digitsEnd && i < end
          ? `has ${describeChar(value.charCodeAt(i))} right after the number`
          : method === ''
            ? 'has no method after the number'
            : `has "${excerpt(method)}" where a method is expected`;
    report(sink, 'malformed', `"${excerpt(value)}" ${what} (expected "CSeq: 1 INVITE").`);
    return undefined;
  }
  const seq = readDecimal(value, start, digitsEnd, UINT32_MAX);
  if (seq === TOO_LARGE) {
    report(
      sink,
      'out-of-range',
      `Sequence number ${excerpt(value.slice(start, digitsEnd), 30)} does not fit in 32 bits (RFC 3261 §8.1.1.5 requires less than 2^31).`,
    );
    return undefined;
  }
  if (seq >= 2_147_483_648) {
    report(
      sink,
      'out-of-range',
      `Sequence number ${seq} is not below 2^31 as RFC 3261 §8.1.1.5 requires.`,
      'warning',
    );
  }
  return { seq, method };
}
