/**
 * The floor: split the message into lines and each header line at its first
 * colon, nothing more (no unfolding, no compact forms, no value parsing
 * beyond reading the CSeq number). No real parser can be faster than this
 * while doing more, so it shows how much of the cost is just walking bytes.
 */
import type { ParsedSummary, Peer } from './peer.js';

function parseNaive(text: string): ParsedSummary | undefined {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const lines = head.split('\r\n');
  const startLine = lines[0] ?? '';
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before},${value}`);
  }
  const response = startLine.startsWith('SIP/');
  const cseq = headers.get('cseq') ?? '';
  const space = cseq.indexOf(' ');
  const contentLength = headers.get('content-length') ?? headers.get('l');
  return {
    label: response ? startLine.slice(8, 11) : startLine.slice(0, startLine.indexOf(' ')),
    headerCount: lines.length - 1,
    callId: headers.get('call-id') ?? headers.get('i'),
    cseqSeq: Number(cseq.slice(0, space)),
    cseqMethod: cseq.slice(space + 1),
    ...(contentLength !== undefined ? { contentLength: Number(contentLength) } : {}),
  };
}

export const naivePeer: Peer = { name: 'naive split (floor)', parse: parseNaive };
