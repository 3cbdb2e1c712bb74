/**
 * Adapters for our parser. Some values are parsed on first access (the
 * From/To URIs, Contact, the Request-URI), so the main adapter reads every
 * value the other peers deliver (each Via, From/To with their URIs and tags,
 * Call-ID, CSeq, Content-Length) to make it do that work. The second reads
 * the same but leaves the From/To URIs unread, as the `sip` package's
 * URI-as-text adapter does (sip-package-peer.ts): like with like. The third
 * also reads the problems, which runs the checks the others do not do at
 * all (the From/To URIs' grammar, every Contact value, the Request-URI, the
 * whole-message checks): what `sip-triage parse` and a diagnosis pay.
 */
import { parseMessage } from '../../src/core/sip/parse-message.js';
import { ParserState } from '../../src/core/sip/parser-state.js';
import type { ParsedSummary, Peer } from './peer.js';

/**
 * Options carrying the state of the input being parsed: a pass over the
 * corpus stands for one input, as parseText and parseInput keep one state per
 * input (made once, not per message). Each measured row runs in a process of
 * its own, so the two adapters never share it.
 */
let options = { state: new ParserState() };

function startInput(): void {
  options = { state: new ParserState() };
}

function parseWithOurs(
  text: string,
  readProblems: boolean,
  readUris = true,
): ParsedSummary | undefined {
  const m = parseMessage(text, undefined, options);
  if (readProblems && m.problems.length > 64) return undefined;
  if (m.kind === 'unknown') return undefined;
  const via = m.via;
  let branch: string | undefined;
  for (let i = via.length - 1; i >= 0; i--) branch = via[i]?.branch;
  return {
    label: m.kind === 'response' ? String(m.code) : (m.method ?? ''),
    headerCount: m.headers.length,
    viaCount: via.length,
    branch,
    viaHost: via[0]?.host,
    fromTag: m.from?.tag,
    fromHost: readUris ? m.from?.uri?.host : undefined,
    toTag: m.to?.tag,
    toHost: readUris ? m.to?.uri?.host : undefined,
    callId: m.callId,
    cseqSeq: m.cseq?.seq,
    cseqMethod: m.cseq?.method,
    contentLength: m.contentLength,
  };
}

export const ourPeer: Peer = {
  name: 'ours (parseMessage)',
  parse: (text) => parseWithOurs(text, false),
  startInput,
};
export const ourTextUriPeer: Peer = {
  name: 'ours, From/To URI unread',
  parse: (text) => parseWithOurs(text, false, false),
  startInput,
};
export const ourCheckedPeer: Peer = {
  name: 'ours, problems read too',
  parse: (text) => parseWithOurs(text, true),
  startInput,
};
