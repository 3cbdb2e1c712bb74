/**
 * Adapter for the npm package `sip`: it parses eagerly with regular
 * expressions but keeps From/To URIs as text, so the adapter has them parsed
 * with the package's own `parseUri` to match what the other peers deliver.
 */
import * as sipPackage from 'sip';
import { numberField, type ParsedSummary, type Peer, stringField } from './peer.js';

function paramsOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, 'params') : undefined;
}

function parseWithSipPackage(text: string): ParsedSummary | undefined {
  const m = sipPackage.parse(text);
  if (!m) return undefined;
  const headers = m.headers;
  const via = Array.isArray(headers.via) ? (headers.via as unknown[]) : [];
  const top: unknown = via[0];
  const from: unknown = headers.from;
  const to: unknown = headers.to;
  const cseq: unknown = headers.cseq;
  const fromUri = sipPackage.parseUri(stringField(from, 'uri') ?? '');
  const toUri = sipPackage.parseUri(stringField(to, 'uri') ?? '');
  const contentLength = headers['content-length'];
  return {
    label: m.method ?? String(m.status),
    headerCount: Object.keys(headers).length,
    viaCount: via.length,
    branch: stringField(paramsOf(top), 'branch'),
    viaHost: stringField(top, 'host'),
    fromTag: stringField(paramsOf(from), 'tag'),
    fromHost: stringField(fromUri, 'host'),
    toTag: stringField(paramsOf(to), 'tag'),
    toHost: stringField(toUri, 'host'),
    callId: typeof headers['call-id'] === 'string' ? headers['call-id'] : undefined,
    cseqSeq: numberField(cseq, 'seq'),
    cseqMethod: stringField(cseq, 'method'),
    ...(typeof contentLength === 'number' ? { contentLength } : {}),
  };
}

export const sipPackagePeer: Peer = { name: 'sip (npm)', parse: parseWithSipPackage };
