/**
 * Adapters for the npm package `sip`: it parses eagerly with regular
 * expressions but keeps From/To URIs as text. The main adapter has them
 * parsed with the package's own `parseUri` to match what the other peers
 * deliver; the second leaves them as text, to show the package's own speed.
 */
import * as sipPackage from 'sip';
import { numberField, type ParsedSummary, type Peer, stringField } from './peer.js';

function paramsOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, 'params') : undefined;
}

function parseWithSipPackage(text: string, parseUris: boolean): ParsedSummary | undefined {
  const m = sipPackage.parse(text);
  if (!m) return undefined;
  const headers = m.headers;
  const via: unknown[] = Array.isArray(headers.via) ? headers.via : [];
  const top: unknown = via[0];
  const from: unknown = headers.from;
  const to: unknown = headers.to;
  const cseq: unknown = headers.cseq;
  const fromUri = parseUris ? sipPackage.parseUri(stringField(from, 'uri') ?? '') : undefined;
  const toUri = parseUris ? sipPackage.parseUri(stringField(to, 'uri') ?? '') : undefined;
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

export const sipPackagePeer: Peer = {
  name: 'sip (npm)',
  parse: (text) => parseWithSipPackage(text, true),
};
export const sipPackageTextUriPeer: Peer = {
  name: 'sip (npm), From/To URI as text',
  parse: (text) => parseWithSipPackage(text, false),
};
