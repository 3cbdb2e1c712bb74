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
  if (line.includes(' -> ')) {
    const info = readArrowHeader(line);
    if (info) return { kind: 'frame', info, lines: 1 };
  }
  if (line.includes('<--- ')) {
    const info = readAsteriskHeader(line);
    if (info) return { kind: 'frame', info, lines: 1 };
  }
  if (line.includes(' bytes ')) {
    const info = readFreeswitchHeader(line) ?? readPjsipHeader(line);
    if (info) return { kind: 'frame', info, lines: 1 };
  }
  const phone = readPhoneLogHeader(line) ?? readBrowserConsoleHeader(line);
  if (phone) return { kind: 'frame', info: phone, lines: 1 };
  return undefined;
}
