/** Adapter for sip.js: its core Parser, with a logger that stays silent. */
import { LoggerFactory, Parser as SipJsParser } from 'sip.js/lib/core/index.js';
import { summariseGrammarMessage } from './grammar-peer.js';
import type { ParsedSummary, Peer } from './peer.js';

const sipJsLoggers = new LoggerFactory();
sipJsLoggers.builtinEnabled = false;
const sipJsLogger = sipJsLoggers.getLogger('sip.parser');

function parseWithSipJs(text: string): ParsedSummary | undefined {
  const m = SipJsParser.parseMessage(text, sipJsLogger);
  if (!m) return undefined;
  const label = 'statusCode' in m ? String(m.statusCode) : m.method;
  return summariseGrammarMessage(m, label);
}

export const sipJsPeer: Peer = { name: 'sip.js (npm)', parse: parseWithSipJs };
