/**
 * jssip and sip.js share one design (a PEG grammar, headers kept raw and
 * parsed on demand, only the first Via parsed up front). This reads the
 * values every peer must deliver out of such a message, asking for each Via
 * so the lazy parts are parsed too.
 */
import { numberField, type ParsedSummary, stringField } from './peer.js';

/** The part of a jssip or sip.js message object the summary reads. */
export interface GrammarMessage {
  headers: Record<string, { raw: string }[]>;
  parseHeader(name: string, index?: number): unknown;
}

function viaStack(m: GrammarMessage): { count: number; top: unknown } {
  const count = m.headers.Via?.length ?? 0;
  let top: unknown;
  for (let i = 0; i < count; i++) {
    const parsed = m.parseHeader('via', i);
    if (i === 0) top = parsed;
  }
  return { count, top };
}

function uriHost(nameAddr: unknown): string | undefined {
  return typeof nameAddr === 'object' && nameAddr !== null
    ? stringField(Reflect.get(nameAddr, 'uri'), 'host')
    : undefined;
}

function tagOf(nameAddr: unknown): string | undefined {
  if (typeof nameAddr !== 'object' || nameAddr === null) return undefined;
  const getParam: unknown = Reflect.get(nameAddr, 'getParam');
  if (typeof getParam !== 'function') return undefined;
  const tag: unknown = getParam.call(nameAddr, 'tag');
  return typeof tag === 'string' ? tag : undefined;
}

export function summariseGrammarMessage(m: GrammarMessage, label: string): ParsedSummary {
  const via = viaStack(m);
  const from = m.parseHeader('from');
  const to = m.parseHeader('to');
  const cseq = m.parseHeader('cseq');
  const callId = m.headers['Call-ID']?.[0]?.raw;
  const contentLength = m.parseHeader('content-length');
  let headerCount = 0;
  for (const name in m.headers) headerCount += m.headers[name]?.length ?? 0;
  return {
    label,
    headerCount,
    viaCount: via.count,
    branch: stringField(via.top, 'branch'),
    viaHost: stringField(via.top, 'host'),
    fromTag: tagOf(from),
    fromHost: uriHost(from),
    toTag: tagOf(to),
    toHost: uriHost(to),
    callId,
    cseqSeq: numberField(cseq, 'value'),
    cseqMethod: stringField(cseq, 'method'),
    ...(typeof contentLength === 'number' ? { contentLength } : {}),
  };
}
