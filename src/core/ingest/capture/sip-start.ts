/**
 * Deciding from its first bytes whether a transport payload is a SIP
 * message: it must open with a request line ("METHOD uri SIP/x.y") or a
 * status line ("SIP/x.y NNN"). Ports say nothing (SIP runs on many), so the
 * start line is the only test; the version itself is left to the parser,
 * which flags anything but 2.0.
 */

const CR = 13;
const LF = 10;
const SP = 32;

/** Longest first line looked at; real request lines are far shorter. */
const MAX_START_LINE = 8 * 1024;
const MAX_METHOD = 32;

/** RFC 3261 token characters: alphanumerics and -.!%*_+`'~ */
const TOKEN = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  TOKEN[c] = /[A-Za-z0-9\-.!%*_+`'~]/.test(ch) ? 1 : 0;
}

/** Index of the first byte after any leading CR/LF (keep-alives and stray line ends). */
export function skipLineEnds(b: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && (b[i] === CR || b[i] === LF)) i++;
  return i;
}

/** True when `b[i..]` spells "SIP/" followed by a digit (any letter case). */
function isVersionAt(b: Uint8Array, i: number, end: number): boolean {
  if (i + 5 > end) return false;
  return (
    ((b[i] ?? 0) | 0x20) === 0x73 &&
    ((b[i + 1] ?? 0) | 0x20) === 0x69 &&
    ((b[i + 2] ?? 0) | 0x20) === 0x70 &&
    b[i + 3] === 0x2f &&
    (b[i + 4] ?? 0) >= 0x30 &&
    (b[i + 4] ?? 0) <= 0x39
  );
}

/** True when b[i..end) (shorter than 5 bytes) could still grow into "SIP/" and a digit. */
function isVersionPrefix(b: Uint8Array, i: number, end: number): boolean {
  const word = 'sip/';
  for (let k = 0; i + k < end; k++) {
    if (k === 4) return false;
    if (((b[i + k] ?? 0) | (k < 3 ? 0x20 : 0)) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * True when the bytes from `start` open with a complete SIP start line
 * (the line end must be present).
 */
export function isSipStart(b: Uint8Array, start: number, end: number): boolean {
  return sipStartState(b, start, end) === 1;
}

/**
 * 1: a SIP start line; 0: not one; -1: cannot tell yet, the first line is
 * incomplete and what is there could still become one.
 */
export function sipStartState(b: Uint8Array, start: number, end: number): 1 | 0 | -1 {
  const limit = Math.min(end, start + MAX_START_LINE);
  if (start >= end) return -1;

  // Status line: SIP/x.y SP 3DIGIT
  if (end - start < 5 && isVersionPrefix(b, start, end)) return -1;
  if (isVersionAt(b, start, end)) {
    let i = start + 5;
    while (i < limit && b[i] !== SP && b[i] !== CR && b[i] !== LF) i++;
    if (i >= limit) return limit === end && end - start < MAX_START_LINE ? -1 : 0;
    if (b[i] !== SP) return 0;
    if (i + 4 > end) return -1;
    for (let d = i + 1; d < i + 4; d++) {
      const c = b[d] ?? 0;
      if (c < 0x30 || c > 0x39) return 0;
    }
    return lineEndsWithin(b, i + 4, limit, end);
  }

  // Request line: token SP uri ... SP SIP/x.y CRLF
  let i = start;
  while (i < limit && i - start <= MAX_METHOD && TOKEN[b[i] ?? 0] === 1) i++;
  if (i === start) return 0;
  if (i >= end) return -1;
  if (b[i] !== SP || i - start > MAX_METHOD) return 0;
  // The version is the last word of the line (the URI may hold stray spaces).
  let lastSpace = -1;
  let j = i + 1;
  while (j < limit && b[j] !== CR && b[j] !== LF) {
    const c = b[j] ?? 0;
    if (c === SP) lastSpace = j;
    else if (c < 0x20 && c !== 9) return 0;
    j++;
  }
  if (j >= limit) {
    // The line end has not arrived: undecided while it still could.
    if (limit === end && end - start < MAX_START_LINE) return -1;
    return 0;
  }
  if (lastSpace <= i + 1) return 0;
  return isVersionAt(b, lastSpace + 1, j) ? 1 : 0;
}

function lineEndsWithin(b: Uint8Array, from: number, limit: number, end: number): 1 | 0 | -1 {
  for (let i = from; i < limit; i++) {
    const c = b[i] ?? 0;
    if (c === CR || c === LF) return 1;
    if (c < 0x20 && c !== 9) return 0;
  }
  return limit === end && end - from < MAX_START_LINE ? -1 : 0;
}
