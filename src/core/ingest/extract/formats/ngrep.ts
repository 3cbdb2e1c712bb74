/**
 * ngrep output. Each packet has a header line
 *   U 192.0.2.10:5060 -> 198.51.100.20:5060 #1
 *   T 2026/11/24 10:00:00.123456 192.0.2.10:5060 -> 198.51.100.20:5060 [AP] #7
 * ("-t" adds the date and time, "-T" a "+seconds" delta), "#" lines between
 * packets, and the payload printed with non-printable bytes as ".":
 * with "-W byline" as real lines, each ending in "." (the CR); by default
 * as one long run wrapped into lines indented by two spaces, where ".."
 * stands for CRLF.
 */
import { parseEndpoint } from '../endpoints.js';
import type { FrameInfo } from '../extract-types.js';
import { findTimestamp } from '../timestamps.js';

const HEADER =
  /^([TUI]) (?:(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})?) |\+\d{1,12}\.\d{1,9} )?(\S{3,300}) -> (\S{3,300})(?: \[[A-Za-z]{0,12}\])?(?: #\d{1,12})?\s*$/;

/** The frame an ngrep packet header announces. */
export function readNgrepHeader(line: string): FrameInfo | undefined {
  const m = HEADER.exec(line);
  if (!m) return undefined;
  const src = parseEndpoint(m[3] ?? '');
  const dst = parseEndpoint(m[4] ?? '');
  if (src?.port === undefined || dst?.port === undefined) return undefined;
  const tcp = m[1] === 'T';
  const info: FrameInfo = {
    format: 'ngrep',
    src,
    dst,
    transport: tcp ? 'TCP' : m[1] === 'U' ? 'UDP' : undefined,
    multi: tcp,
    hashLineEnds: true,
  };
  const stamp = m[2] ? findTimestamp(m[2]) : undefined;
  if (stamp) {
    info.timestampText = stamp.text;
    info.epochMicros = stamp.epochMicros;
  }
  return info;
}

/** True for a line of the default (wrapped) payload dump: two spaces, then text. */
export function isWrappedPayloadLine(line: string): boolean {
  return line.length > 2 && line.charCodeAt(0) === 32 && line.charCodeAt(1) === 32;
}

/**
 * Turns the wrapped payload lines back into the message's lines. Lines are
 * cut at a fixed width, so a line shorter than the widest one (except the
 * last) lost trailing spaces in the paste and gets them back; then each run
 * of dots is read as CRLFs, an odd dot being a real "." before them.
 */
export function unwrapNgrepPayload(wrapped: readonly string[]): string[] {
  let width = 0;
  for (const line of wrapped) width = Math.max(width, line.length);
  let joined = '';
  for (let i = 0; i < wrapped.length; i++) {
    const line = wrapped[i] ?? '';
    const last = i === wrapped.length - 1;
    joined += last ? line.slice(2).trimEnd() : line.slice(2).padEnd(width - 2, ' ');
  }
  return splitDotRuns(joined);
}

function splitDotRuns(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const next = text.indexOf('..', i);
    if (next < 0) {
      current += text.slice(i);
      break;
    }
    current += text.slice(i, next);
    let run = next;
    while (run < n && text.charCodeAt(run) === 46) run++;
    const dots = run - next;
    if (dots % 2 === 1) current += '.';
    for (let k = 0; k < dots >> 1; k++) {
      lines.push(current);
      current = '';
    }
    i = run;
  }
  if (current.length > 0) lines.push(current);
  return lines;
}
