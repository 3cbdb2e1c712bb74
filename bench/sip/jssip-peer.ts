/** Adapter for jssip: its internal message parser, called without a user agent. */
import * as jssipParser from 'jssip/lib/Parser.js';
import { summariseGrammarMessage } from './grammar-peer.js';
import type { ParsedSummary, Peer } from './peer.js';

function parseWithJssip(text: string): ParsedSummary | undefined {
  const m = jssipParser.parseMessage(text, undefined);
  if (!m) return undefined;
  // jssip copies the CSeq method into `method` on responses, so the status code decides.
  const label = typeof m.status_code === 'number' ? String(m.status_code) : (m.method ?? '');
  return summariseGrammarMessage(m, label);
}

export const jssipPeer: Peer = { name: 'jssip (npm)', parse: parseWithJssip };
