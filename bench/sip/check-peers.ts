/**
 * Checks that a peer really parsed what it was timed on: its values are
 * compared with the ones the corpus generator wrote into each message. A
 * peer that skipped work, or got a value wrong, shows up here.
 */
import type { CorpusMessage } from './corpus.js';
import type { Peer } from './peer.js';

export const CHECKED_FIELDS = [
  'start line',
  'Call-ID',
  'CSeq',
  'Via count',
  'top branch',
  'From tag',
  'To tag',
  'Content-Length',
] as const;
export type CheckedField = (typeof CHECKED_FIELDS)[number];

export interface PeerCheck {
  peer: string;
  messages: number;
  /** Messages the parser refused (returned nothing). */
  rejected: number;
  /** Wrong values per field; a field the peer does not deliver is left out. */
  wrong: Partial<Record<CheckedField, number>>;
  /** Of the wrong Via counts, how many were on messages with comma-joined Via values. */
  wrongViaCountCommaJoined: number;
}

export function checkPeer(peer: Peer, messages: readonly CorpusMessage[]): PeerCheck {
  const result: PeerCheck = {
    peer: peer.name,
    messages: messages.length,
    rejected: 0,
    wrong: {},
    wrongViaCountCommaJoined: 0,
  };
  const count = (field: CheckedField, ok: boolean): void => {
    result.wrong[field] = (result.wrong[field] ?? 0) + (ok ? 0 : 1);
  };
  for (const m of messages) {
    const s = peer.parse(m.text);
    if (!s) {
      result.rejected += 1;
      continue;
    }
    count('start line', s.label === m.label);
    count('Call-ID', s.callId === m.callId);
    count('CSeq', s.cseqSeq === m.cseq.seq && s.cseqMethod === m.cseq.method);
    // Only the naive floor delivers no structured values (it leaves viaCount out).
    if (s.viaCount !== undefined) {
      count('Via count', s.viaCount === m.viaCount);
      if (s.viaCount !== m.viaCount && m.commaVia) result.wrongViaCountCommaJoined += 1;
      count('top branch', s.branch === m.branch);
      count('From tag', s.fromTag === m.fromTag);
      count('To tag', s.toTag === m.toTag);
    }
    count('Content-Length', s.contentLength === m.contentLength);
  }
  return result;
}

/** Every 'stride'th message, so a sample keeps the corpus's mix. */
export function sampleEvery<T>(items: readonly T[], stride: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i += Math.max(1, stride)) {
    const item = items[i];
    if (item !== undefined) out.push(item);
  }
  return out;
}
