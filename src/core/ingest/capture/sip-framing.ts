/**
 * Where a SIP message ends inside a byte stream (TCP): after the blank line
 * that closes the headers plus Content-Length bytes of body (RFC 3261
 * 18.3). A stream message without Content-Length is taken to have no body,
 * which is what a receiver would have to do too.
 */

const CR = 13;
const LF = 10;

export interface HeaderEnd {
  /** Offset just past the blank line. */
  bodyStart: number;
  /** Content-Length value, 0 when absent or unreadable (the parser reports that). */
  contentLength: number;
}

/**
 * Finds the blank line ending the header block that starts at `start`,
 * scanning from `from` (so a caller waiting for more bytes does not rescan).
 * Returns undefined while the blank line has not arrived.
 */
export function findHeaderEnd(
  bytes: Uint8Array,
  start: number,
  from: number,
  end: number,
): HeaderEnd | undefined {
  // indexOf must not run past `end` into unrelated bytes of a larger buffer.
  const b = end === bytes.length ? bytes : bytes.subarray(0, end);
  let i = b.indexOf(LF, Math.max(start, from));
  while (i !== -1 && i < end) {
    const next = b[i + 1];
    if (i + 1 < end && next === LF) return headerEnd(b, start, i + 2);
    if (i + 2 < end && next === CR && b[i + 2] === LF) return headerEnd(b, start, i + 3);
    i = b.indexOf(LF, i + 1);
  }
  return undefined;
}

/**
 * Where scanning for the blank line should resume once more bytes arrive:
 * far enough back that a line end split across arrivals is still seen.
 */
export function resumeScanAt(start: number, end: number): number {
  return Math.max(start, end - 3);
}

function headerEnd(b: Uint8Array, start: number, bodyStart: number): HeaderEnd {
  return { bodyStart, contentLength: contentLengthOf(b, start, bodyStart) };
}

/** The first Content-Length (or compact "l") header value in the header block. */
export function contentLengthOf(bytes: Uint8Array, start: number, end: number): number {
  const b = end === bytes.length ? bytes : bytes.subarray(0, end);
  let line = start;
  while (line < end) {
    const c = (b[line] ?? 0) | 0x20;
    if (c === 0x63 /* c */ || c === 0x6c /* l */) {
      const value = headerValueAt(b, line, end);
      if (value >= 0) return value;
    }
    const lf = b.indexOf(LF, line);
    if (lf === -1 || lf >= end) break;
    line = lf + 1;
  }
  return 0;
}

const CONTENT_LENGTH = 'content-length';

/** The number after "Content-Length:" or "l:" at `line`, -1 when this line is another header. */
function headerValueAt(b: Uint8Array, line: number, end: number): number {
  let i = line;
  if (((b[i] ?? 0) | 0x20) === 0x63) {
    for (let k = 0; k < CONTENT_LENGTH.length; k++, i++) {
      if (i >= end || ((b[i] ?? 0) | 0x20) !== CONTENT_LENGTH.charCodeAt(k)) return -1;
    }
  } else {
    i++;
  }
  while (i < end && (b[i] === 0x20 || b[i] === 0x09)) i++;
  if (b[i] !== 0x3a /* : */) return -1;
  i++;
  while (i < end && (b[i] === 0x20 || b[i] === 0x09)) i++;
  let value = 0;
  let digits = 0;
  while (i < end) {
    const d = (b[i] ?? 0) - 0x30;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    digits++;
    i++;
    if (value > 0x7fffffff) return 0x7fffffff;
  }
  return digits > 0 ? value : 0;
}
