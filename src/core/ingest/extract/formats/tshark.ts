/**
 * tshark -V / -O sip output (and Wireshark's "copy as text"): a tree per
 * frame, one item per line, four spaces per level. The SIP message is
 * rebuilt from the "Session Initiation Protocol" subtree: the Request-Line
 * or Status-Line, the items directly under "Message Header" (each one a
 * header line as it was on the wire), and the body from "Message Body"
 * (SDP from its "Name (x): value" items, text from "Line-based text data").
 * Other bodies cannot be rebuilt; such messages are flagged as truncated.
 * The frame's own items give the time (-V only), the IP and port lines the
 * addresses.
 */
import type { Transport } from '../../../sip/types.js';
import { parseHost, parsePort } from '../endpoints.js';
import type { FrameInfo, TextLines } from '../extract-types.js';
import { utf8Length } from '../text-bytes.js';
import { epochFromDecimalSeconds, findTimestamp } from '../timestamps.js';

const CRLF = '\r\n';
const FRAME_LINE = /^Frame \d{1,12}: /;
const SIP_SECTION = 'Session Initiation Protocol';

export interface TsharkMessage {
  text: string;
  truncated: boolean;
  /** Index of the line opening the message's SIP subtree. */
  lineIndex: number;
}

export interface TsharkFrame {
  info: FrameInfo;
  messages: TsharkMessage[];
  /** Index of the first line after the frame. */
  next: number;
}

/** True for a line that opens a tshark frame or a SIP subtree copied on its own. */
export function isTsharkStart(line: string): boolean {
  return FRAME_LINE.test(line) || line.startsWith(SIP_SECTION);
}

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i;
}

/** Reads one frame (up to the blank line or the next "Frame N:" line) starting at line `first`. */
export function readTsharkFrame(source: TextLines, first: number): TsharkFrame {
  const lines: string[] = [source.at(first) ?? ''];
  for (let k = first + 1; k < source.count; k++) {
    const line = source.at(k) ?? '';
    if (line.trim() === '' || FRAME_LINE.test(line)) break;
    lines.push(line);
  }
  const end = lines.length;

  const info: FrameInfo = { format: 'tshark', multi: true };
  const messages: TsharkMessage[] = [];
  let proto: Transport | undefined;
  let tls = false;
  let websocket = false;
  let srcAddress: string | undefined;
  let dstAddress: string | undefined;
  let srcPort: number | undefined;
  let dstPort: number | undefined;
  let inFrameTree = false;

  let k = 0;
  while (k < end) {
    const line = lines[k] ?? '';
    if (indentOf(line) > 0) {
      if (inFrameTree) readFrameItem(line.trim(), info);
      k++;
      continue;
    }
    inFrameTree = FRAME_LINE.test(line);
    if (line.startsWith(SIP_SECTION)) {
      let sectionEnd = k + 1;
      while (sectionEnd < end && indentOf(lines[sectionEnd] ?? '') > 0) sectionEnd++;
      const rebuilt = rebuildSipMessage(lines, k, sectionEnd);
      if (rebuilt) messages.push({ ...rebuilt, lineIndex: first + k });
      k = sectionEnd;
      continue;
    }
    if (line.startsWith('Internet Protocol Version ')) {
      srcAddress = addressAfter(line, 'Src: ') ?? srcAddress;
      dstAddress = addressAfter(line, 'Dst: ') ?? dstAddress;
    } else if (line.startsWith('User Datagram Protocol,')) {
      proto = 'UDP';
    } else if (line.startsWith('Transmission Control Protocol,')) {
      proto = 'TCP';
    } else if (line.startsWith('Stream Control Transmission Protocol,')) {
      proto = 'SCTP';
    } else if (line.startsWith('Transport Layer Security')) {
      tls = true;
    } else if (line.startsWith('WebSocket')) {
      websocket = true;
    }
    if (line.includes(' Src Port: ')) {
      srcPort = portAfter(line, 'Src Port: ') ?? srcPort;
      dstPort = portAfter(line, 'Dst Port: ') ?? dstPort;
    }
    k++;
  }

  if (srcAddress)
    info.src =
      srcPort === undefined ? { address: srcAddress } : { address: srcAddress, port: srcPort };
  if (dstAddress)
    info.dst =
      dstPort === undefined ? { address: dstAddress } : { address: dstAddress, port: dstPort };
  info.transport = websocket ? (tls ? 'WSS' : 'WS') : tls ? 'TLS' : proto;
  return { info, messages, next: first + end };
}

function readFrameItem(item: string, info: FrameInfo): void {
  if (item.startsWith('Arrival Time: ')) {
    const text = item.slice('Arrival Time: '.length);
    info.timestampText = text;
    const stamp = findTimestamp(text);
    if (info.epochMicros === undefined && stamp?.epochMicros !== undefined)
      info.epochMicros = stamp.epochMicros;
  } else if (item.startsWith('Epoch Time: ') || item.startsWith('Epoch Arrival Time: ')) {
    const value = item.slice(item.indexOf(': ') + 2).split(' ')[0] ?? '';
    const epoch = epochFromDecimalSeconds(value);
    if (epoch !== undefined) info.epochMicros = epoch;
  }
}

/** "Src: 192.0.2.10" or "Src: name (192.0.2.10)" up to the next comma. */
function addressAfter(line: string, label: string): string | undefined {
  const at = line.indexOf(label);
  if (at < 0) return undefined;
  let value = line.slice(at + label.length);
  const comma = value.indexOf(', ');
  if (comma >= 0) value = value.slice(0, comma);
  const open = value.lastIndexOf(' (');
  if (open > 0 && value.endsWith(')')) value = value.slice(open + 2, -1);
  return parseHost(value);
}

/** "Src Port: 5060" or "Src Port: sip (5060)". */
function portAfter(line: string, label: string): number | undefined {
  const at = line.indexOf(label);
  if (at < 0) return undefined;
  let value = line.slice(at + label.length);
  const comma = value.indexOf(',');
  if (comma >= 0) value = value.slice(0, comma);
  const open = value.indexOf('(');
  if (open >= 0 && value.endsWith(')')) value = value.slice(open + 1, -1);
  return parsePort(value.trim());
}

function rebuildSipMessage(
  lines: readonly string[],
  from: number,
  to: number,
): { text: string; truncated: boolean } | undefined {
  let startLine: string | undefined;
  const headers: string[] = [];
  let body = '';
  let bodyComplete = true;
  let truncated = false;
  let contentLength: number | undefined;

  const childIndent = indentOf(lines[from + 1] ?? '');
  let k = from + 1;
  while (k < to) {
    const line = lines[k] ?? '';
    const indent = indentOf(line);
    const item = line.slice(indent);
    if (indent !== childIndent) {
      k++;
      continue;
    }
    if (item.startsWith('Request-Line: ') || item.startsWith('Status-Line: ')) {
      startLine ??= item.slice(item.indexOf(': ') + 2);
      k++;
    } else if (item === 'Message Header') {
      k++;
      const headerIndent = indentOf(lines[k] ?? '');
      while (k < to && indentOf(lines[k] ?? '') > childIndent) {
        const headerLine = lines[k] ?? '';
        const indent = indentOf(headerLine);
        // tshark indents a "[truncated]" item by one more space.
        if (
          indent === headerIndent ||
          (indent === headerIndent + 1 && headerLine.startsWith('[truncated]', indent))
        ) {
          let header = headerLine.slice(indent);
          if (header.startsWith('[truncated]')) {
            header = header.slice('[truncated]'.length);
            truncated = true;
          } else if (header.endsWith('\u2026')) {
            header = header.slice(0, -1);
            truncated = true;
          }
          if (!header.startsWith('[')) {
            headers.push(header);
            const lower = header.toLowerCase();
            if (lower.startsWith('content-length:') || lower.startsWith('l:')) {
              const value = Number(header.slice(header.indexOf(':') + 1).trim());
              if (Number.isInteger(value) && value >= 0) contentLength = value;
            }
          }
        }
        k++;
      }
    } else if (item === 'Message Body') {
      let bodyEnd = k + 1;
      while (bodyEnd < to && indentOf(lines[bodyEnd] ?? '') > childIndent) bodyEnd++;
      const rebuilt = rebuildBody(lines, k + 1, bodyEnd);
      body = rebuilt.text;
      bodyComplete = rebuilt.complete;
      k = bodyEnd;
    } else {
      k++;
    }
  }
  if (startLine === undefined) return undefined;
  const declared = contentLength ?? 0;
  if (!bodyComplete && declared > 0) truncated = true;
  if (utf8Length(body) < declared) truncated = true;
  const head =
    headers.length > 0 ? `${startLine}${CRLF}${headers.join(CRLF)}${CRLF}` : `${startLine}${CRLF}`;
  return { text: `${head}${CRLF}${body}`, truncated };
}

/** The body under "Message Body": SDP and line-based text can be rebuilt, other kinds cannot. */
function rebuildBody(
  lines: readonly string[],
  from: number,
  to: number,
): { text: string; complete: boolean } {
  if (from >= to) return { text: '', complete: true };
  const first = lines[from] ?? '';
  const kindIndent = indentOf(first);
  const kind = first.slice(kindIndent);
  let sameLevel = 0;
  let deeper = 0;
  for (let k = from; k < to; k++) {
    if (indentOf(lines[k] ?? '') === kindIndent) sameLevel++;
    else deeper++;
  }
  // Text bodies SIP shows itself: one item per line, "\r\n" written out.
  if (deeper === 0 && (lines[from] ?? '').endsWith('\\n'))
    return { text: escapedLines(lines, from, to, kindIndent), complete: true };
  if (sameLevel !== 1) return { text: '', complete: false };

  if (kind.startsWith('Session Description Protocol')) {
    let text = '';
    for (let k = from + 1; k < to; k++) {
      const item = (lines[k] ?? '').trim();
      if (item.startsWith('[')) continue;
      const close = item.indexOf('): ');
      if (close < 2 || item.charCodeAt(close - 2) !== 40) continue;
      const letter = item.charCodeAt(close - 1);
      if (letter < 97 || letter > 122) continue;
      text += `${String.fromCharCode(letter)}=${item.slice(close + 3)}${CRLF}`;
    }
    return { text, complete: true };
  }
  if (kind.startsWith('Line-based text data')) {
    return {
      text: escapedLines(lines, from + 1, to, indentOf(lines[from + 1] ?? '')),
      complete: true,
    };
  }
  return { text: '', complete: false };
}

/** Items that are lines of text with their line end written as "\r\n" or "\n". */
function escapedLines(lines: readonly string[], from: number, to: number, indent: number): string {
  let text = '';
  for (let k = from; k < to; k++) {
    const line = lines[k] ?? '';
    const content = line.slice(Math.min(indentOf(line), indent));
    if (content.endsWith('\\r\\n')) text += `${content.slice(0, -4)}\r\n`;
    else if (content.endsWith('\\n')) text += `${content.slice(0, -2)}\n`;
    else text += content;
  }
  return text;
}
