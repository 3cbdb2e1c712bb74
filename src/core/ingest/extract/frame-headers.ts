/**
 * The dispatcher over the tools' per-message header lines. Each line of a
 * paste is offered here, so every check starts with a cheap test (first
 * character, a fixed substring) and only short lines are looked at.
 */
import type { FrameInfo, TextLines } from './extract-types.js';
import { readAsteriskHeader } from './formats/asterisk.js';
import { readBrowserConsoleHeader } from './formats/browser-console.js';
import { readFreeswitchHeader } from './formats/freeswitch.js';
import { readNgrepHeader } from './formats/ngrep.js';
import { readPhoneLogHeader } from './formats/phone-logs.js';
import { readPjsipHeader } from './formats/pjsip.js';
import { readArrowHeader } from './formats/sngrep.js';
import { readTcpdumpHeader } from './formats/tcpdump.js';
import { isTsharkStart } from './formats/tshark.js';

export type FrameHeader = { kind: 'frame'; info: FrameInfo; lines: number } | { kind: 'tshark' };

/** Header lines are short; longer lines are not checked at all. */
const MAX_HEADER_LINE = 400;

/** The header line at line `i` (whose text is `line`), or undefined. */
export function recognizeFrameHeader(
  lines: TextLines,
  i: number,
  line: string = lines.at(i) ?? '',
): FrameHeader | undefined {
  if (line.length < 8 || line.length > MAX_HEADER_LINE) return undefined;
  const c0 = line.charCodeAt(0);

  if ((c0 === 70 || c0 === 83) && isTsharkStart(line)) return { kind: 'tshark' };
  if ((c0 === 85 || c0 === 84 || c0 === 73) && line.charCodeAt(1) === 32) {
    const info = readNgrepHeader(line);
    if (info) return { kind: 'frame', info, lines: 1 };
  }
  if (c0 >= 48 && c0 <= 57) {
    const tcpdump = readTcpdumpHeader(line, () => lines.at(i + 1));
    if (tcpdump) return { kind: 'frame', info: tcpdump.info, lines: tcpdump.lines };
  }
  // The other headers are known by a word anywhere in the line, after any log prefix; most
  // lines (SDP, notes) have none of the characters those words need, and are done after one
  // native search (extraction clears the RegExp statics a match leaves, see last-match.ts).
  if (!ANY_MARK.test(line)) return undefined;
  const marks = marksOf(line);
  if (marks & HAS_GT && line.includes(' -> ')) {
    const info = readArrowHeader(line);
    if (info) return { kind: 'frame', info, lines: 1 };
  }
  if (marks & HAS_LT && line.includes('<--- ')) {
    const info = readAsteriskHeader(line);
    if (info) return { kind: 'frame', info, lines: 1 };
  }
  if (marks & HAS_Y && line.includes(' bytes ')) {
    const info = readFreeswitchHeader(line) ?? readPjsipHeader(line);
    if (info) return { kind: 'frame', info, lines: 1 };
  }
  // Snom " bytes", belle-sip "channel [", SIPSorcery "->" / "<-"; JsSIP and SIP.js "Transport".
  const phone =
    (marks & (HAS_Y | HAS_BRACKET | HAS_GT | HAS_LT) ? readPhoneLogHeader(line) : undefined) ??
    (marks & HAS_T ? readBrowserConsoleHeader(line) : undefined);
  if (phone) return { kind: 'frame', info: phone, lines: 1 };
  return undefined;
}

const HAS_GT = 1;
const HAS_LT = 2;
const HAS_Y = 4;
const HAS_BRACKET = 8;
const HAS_T = 16;

/** The HAS_* bit of each ASCII character: ">" and "<" (arrows), "y" (bytes), "[", "T" (Transport). */
const MARKS = new Uint8Array(128);
MARKS[62] = HAS_GT;
MARKS[60] = HAS_LT;
MARKS[121] = HAS_Y;
MARKS[91] = HAS_BRACKET;
MARKS[84] = HAS_T;

/** Any of the characters in MARKS. */
const ANY_MARK = /[<>y[T]/;

/** Which of the characters the header words need appear in `line` (HAS_* bits). */
function marksOf(line: string): number {
  let marks = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 128) marks |= MARKS[c] ?? 0;
  }
  return marks;
}
