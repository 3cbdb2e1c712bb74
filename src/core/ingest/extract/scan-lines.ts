/**
 * The scan over a paste's lines: tool header lines set the frame info
 * (addresses, time, transport) for the message that follows; a start line
 * followed by header lines (or announced by a tool header) is read as a
 * message; everything else is skipped. Each line is looked at a bounded
 * number of times, so the scan is linear in the paste's size.
 */
import type { MessageSource } from '../../sip/types.js';
import {
  type FrameInfo,
  LINE_DOCKER_JSON,
  LINE_FENCE,
  LINE_JOURNAL_JSON,
  LINE_RECORD,
  linesFromStrings,
  type TextLines,
} from './extract-types.js';
import {
  findRecordsAndSkips,
  type JsonRecord,
  recordFrame,
  recordTexts,
} from './formats/homer-json.js';
import { isWrappedPayloadLine, unwrapNgrepPayload } from './formats/ngrep.js';
import { readTsharkFrame } from './formats/tshark.js';
import { recognizeFrameHeader } from './frame-headers.js';
import { classifyPrefix } from './line-prefixes.js';
import type { MessageSink } from './message-sink.js';
import { prepareLines } from './prepare-lines.js';
import { ReadAgain } from './read-again.js';
import { type MessageRead, type ReadOptions, readMessage } from './read-message.js';
import { findStartLine, isBlank, type StartLineMatch } from './start-line.js';
import { findTimestamp } from './timestamps.js';

/** Non-blank lines after a tool header within which its message must start. */
const FRAME_REACH = 6;

export interface ScanOptions {
  /** Info for every message found (the fields of the JSON record the text came from). */
  frame?: FrameInfo;
  /** The line every message is reported at (text inside one JSON line); null: none (a JSON document). */
  line?: number | null;
}

/** Finds the messages in `text` and adds them to `sink`. */
export function scanText(text: string, sink: MessageSink, options: ScanOptions = {}): void {
  scanLines(prepareLines(text, options.frame === undefined), sink, options);
}

/** Finds the messages of JSON records (found with findRecordsAndSkips). */
export function scanRecords(
  records: readonly JsonRecord[],
  sink: MessageSink,
  line: number | null,
): void {
  for (const record of records) {
    const frame = recordFrame(record);
    for (const text of recordTexts(record)) {
      if (sink.overflow) return;
      scanText(text, sink, { frame, line });
    }
  }
}

/** Finds the messages in prepared lines and adds them to `sink`. */
export function scanLines(lines: TextLines, sink: MessageSink, options: ScanOptions): void {
  const n = lines.count;
  const outer = options.frame;
  let frame = outer;
  let reach = 0;
  const isBoundary = (k: number, line: string): boolean =>
    ((lines.flags[k] ?? 0) & (LINE_FENCE | LINE_RECORD)) !== 0 ||
    recognizeFrameHeader(lines, k, line) !== undefined;
  const lineAt = (k: number): number | undefined =>
    options.line === null ? undefined : (options.line ?? lines.number[k]);
  // One options object per combination, shared by the messages read with it (and their ReadAgain).
  const optionsByFlags: (ReadOptions | undefined)[] = [];
  const readOptionsFor = (
    raw: boolean,
    dotForCr: boolean,
    dashLineEnds: boolean,
    hashLineEnds: boolean,
    requireCoreHeader: boolean,
  ): ReadOptions => {
    const key =
      (raw ? 1 : 0) |
      (dotForCr ? 2 : 0) |
      (dashLineEnds ? 4 : 0) |
      (hashLineEnds ? 8 : 0) |
      (requireCoreHeader ? 16 : 0);
    let made = optionsByFlags[key];
    if (made === undefined) {
      made = { raw, dotForCr, dashLineEnds, hashLineEnds, isBoundary, requireCoreHeader };
      optionsByFlags[key] = made;
    }
    return made;
  };

  let i = 0;
  while (i < n && !sink.overflow) {
    const flags = lines.flags[i] ?? 0;
    if (flags & LINE_RECORD) {
      const record = lines.records.get(i);
      if (record) {
        const found = findRecordsAndSkips(record);
        for (const [reason, n] of Object.entries(found.skipped)) sink.skip(reason, n);
        scanRecords(found.records, sink, lines.number[i] ?? null);
      }
      frame = outer;
      i++;
      continue;
    }
    if (flags & LINE_FENCE) {
      frame = outer;
      i++;
      continue;
    }

    const line = lines.at(i) ?? '';
    const header = recognizeFrameHeader(lines, i, line);
    if (header?.kind === 'tshark') {
      const read = readTsharkFrame(lines, i);
      for (const m of read.messages) {
        const source = sourceFrom(read.info, lineAt(m.lineIndex), m.truncated);
        if (!sink.add({ content: m.text, source })) return;
      }
      frame = outer;
      i = Math.max(read.next, i + 1);
      continue;
    }
    if (header) {
      // A later IP fragment carries the rest of a message that cannot be rejoined from text.
      frame = header.info.fragment ? outer : header.info;
      reach = FRAME_REACH;
      i += header.lines;
      continue;
    }

    // Info from a tool's header line (not the outer record's).
    const local = frame !== outer ? frame : undefined;
    if (local?.format === 'ngrep' && isWrappedPayloadLine(line) && line.includes('SIP/')) {
      const wrapped: string[] = [];
      let end = i;
      for (; end < n && ((lines.flags[end] ?? 0) & (LINE_FENCE | LINE_RECORD)) === 0; end++) {
        const next = lines.at(end) ?? '';
        if (!isWrappedPayloadLine(next)) break;
        wrapped.push(next);
      }
      const inner = linesFromStrings(unwrapNgrepPayload(wrapped), lines.number[i] ?? 0);
      scanLines(inner, sink, { frame: { ...local, multi: true }, line: lineAt(i) ?? null });
      frame = local.multi ? frame : outer;
      i = end;
      continue;
    }

    let match =
      local?.leadingJunk === true && local.transport === 'UDP' ? afterUdpHeaders(line) : undefined;
    match ??= findStartLine(line, local?.leadingJunk === true);
    let dotForCr = false;
    if (local?.format === 'ngrep') {
      if (!match && line.endsWith('.')) match = findStartLine(line.slice(0, -1));
      dotForCr = match !== undefined && line.endsWith('.') && (lines.at(i + 1) ?? '').endsWith('.');
    }
    if (match) {
      const readOptions = readOptionsFor(
        // Printed header bytes before the start line are not a prefix the other lines repeat.
        local?.leadingJunk === true && !isBlank(line.slice(0, match.start)),
        dotForCr,
        local?.dashLineEnds === true,
        local?.hashLineEnds === true,
        local === undefined,
      );
      const read = readMessage(lines, i, match, readOptions);
      // Unannounced text must look like SIP: at least one header every message carries.
      if (read.coreHeaderCount > 0 || local !== undefined) {
        const source = sourceFrom(frame, lineAt(i), read.truncated, read, flags);
        const origin = sink.wantsOrigins ? new ReadAgain(lines, i, match, readOptions) : undefined;
        if (!sink.add({ content: read.text, source }, origin)) return;
        i = Math.max(read.next, i + 1);
        if (local && !local.multi) frame = outer;
        else reach = FRAME_REACH;
        continue;
      }
    }
    if (local && !isBlank(line) && --reach <= 0) frame = outer;
    i++;
  }
}

function sourceFrom(
  frame: FrameInfo | undefined,
  line: number | undefined,
  truncated: boolean,
  read?: MessageRead,
  flags = 0,
): MessageSource {
  const source: MessageSource = { format: frame?.format ?? formatOf(read, flags) };
  let timestampText = frame?.timestampText;
  let epochMicros = frame?.epochMicros;
  if (timestampText === undefined && read && read.prefix.length > 0) {
    const stamp = findTimestamp(read.prefix);
    timestampText = stamp?.text;
    epochMicros = stamp?.epochMicros;
  }
  if (timestampText !== undefined) source.timestampText = timestampText;
  if (epochMicros !== undefined) source.epochMicros = epochMicros;
  if (frame?.src) source.src = frame.src;
  if (frame?.dst) source.dst = frame.dst;
  if (frame?.transport) source.transport = frame.transport;
  if (line !== undefined) source.line = line;
  if (truncated) source.truncated = true;
  return source;
}

function formatOf(read: MessageRead | undefined, flags: number): string {
  if (flags & LINE_DOCKER_JSON) return 'docker-json';
  if (flags & LINE_JOURNAL_JSON) return 'journald-json';
  return read ? classifyPrefix(read.mode, read.prefix) : 'raw';
}

/**
 * tcpdump -A prints a UDP packet's IP and UDP headers as text before the
 * payload, one character per byte. The first byte says how long the IP
 * header is (0x45: IPv4 with a 20-byte header; 0x6_: IPv6, 40 bytes), so
 * the start line begins right after IP + 8 bytes, whatever characters the
 * header bytes happen to print as (an upper-case letter there would
 * otherwise look like part of the method).
 */
function afterUdpHeaders(line: string): StartLineMatch | undefined {
  const first = line.charCodeAt(0);
  const headers = first >> 4 === 4 ? (first & 0x0f) * 4 + 8 : first >> 4 === 6 ? 48 : -1;
  if (headers < 28 || line.length <= headers) return undefined;
  const match = findStartLine(line.slice(headers));
  if (match === undefined || match.start !== 0) return undefined;
  return { start: headers, end: headers + match.end, kind: match.kind };
}
