/** One parsed message reduced to what a listing or the `parse --json` contract shows. */
import type { InputMessage } from '../sip/input-message.js';
import type { Endpoint, MessageSource, Problem } from './types.js';

export interface MessageSummary {
  kind: 'request' | 'response' | 'unknown';
  method: string | null;
  requestUri: string | null;
  code: number | null;
  reason: string | null;
  callId: string | null;
  cseq: { seq: number; method: string } | null;
  fromTag: string | null;
  toTag: string | null;
  branch: string | null;
  timestamp: string | null;
  src: string | null;
  dst: string | null;
  transport: string | null;
  problems: Pick<Problem, 'severity' | 'id' | 'message' | 'line'>[];
}

export function summarizeMessage(m: InputMessage): MessageSummary {
  const { source } = m;
  return {
    kind: m.kind,
    method: m.kind === 'response' ? (m.cseq?.method ?? null) : (m.method ?? null),
    requestUri: m.requestUri ?? null,
    code: m.code ?? null,
    reason: m.reason ?? null,
    callId: m.callId ?? null,
    cseq: m.cseq ? { seq: m.cseq.seq, method: m.cseq.method } : null,
    fromTag: m.fromTag ?? null,
    toTag: m.toTag ?? null,
    branch: m.branch ?? null,
    timestamp: formatTimestamp(source),
    src: formatEndpoint(source.src),
    dst: formatEndpoint(source.dst),
    transport: source.transport ?? m.viaTransport?.toUpperCase() ?? null,
    problems: m.problems.map(({ severity, id, message: text, line }) => ({
      severity,
      id,
      message: text,
      ...(line !== undefined ? { line } : {}),
    })),
  };
}

/** "192.0.2.1:5060", "[2001:db8::1]:5060", or the bare address when the port is unknown. */
export function formatEndpoint(endpoint: Endpoint | undefined): string | null {
  if (!endpoint) return null;
  const host = endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address;
  return endpoint.port !== undefined ? `${host}:${endpoint.port}` : host;
}

/** ISO 8601 with microseconds when the instant is known, else the timestamp as the input wrote it. */
export function formatTimestamp(source: MessageSource): string | null {
  if (source.epochMicros !== undefined && Number.isFinite(source.epochMicros)) {
    const micros = Math.round(source.epochMicros);
    const millis = Math.floor(micros / 1000);
    const date = new Date(millis);
    if (!Number.isNaN(date.getTime())) {
      const fraction = String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
      return `${date.toISOString().slice(0, 19)}.${fraction}Z`;
    }
  }
  return source.timestampText ?? null;
}

/** The one-line listing of `sip-triage parse`: time, src -> dst, start line, Call-ID, CSeq. */
export function formatMessageLine(s: MessageSummary): string {
  const route =
    s.src || s.dst
      ? `${s.src ?? '?'} -> ${s.dst ?? '?'}${s.transport ? ` ${s.transport}` : ''}`
      : '';
  const what =
    s.kind === 'request'
      ? `${s.method ?? '?'} ${s.requestUri ?? ''}`.trim()
      : s.kind === 'response'
        ? `${s.code ?? '?'} ${s.reason ?? ''}`.trim()
        : '(not a SIP message)';
  const ids = [
    s.callId ? `Call-ID ${s.callId}` : '',
    s.cseq ? `CSeq ${s.cseq.seq} ${s.cseq.method}` : '',
  ]
    .filter(Boolean)
    .join('  ');
  return [s.timestamp ?? '', route, what, ids].filter(Boolean).join('  ');
}
