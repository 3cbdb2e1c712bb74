/** One generated message with the values a correct parser must find in it. */
import type { CSeq, Endpoint } from '../../src/core/sip/types.js';

export interface CorpusMessage {
  text: string;
  /** UTF-8 size of `text` (all ASCII, so also its length). */
  bytes: number;
  kind: 'request' | 'response';
  /** The method of a request or the status code of a response, as text ("INVITE", "200"). */
  label: string;
  callId: string;
  cseq: CSeq;
  /** Via values, counting each value of a comma-joined line. */
  viaCount: number;
  /** Branch of the topmost Via. */
  branch: string;
  fromTag: string;
  toTag?: string;
  contentLength: number;
  /** Written with compact header names (v:, f:, t:, i:, m:, l:, c:, k:). */
  compact: boolean;
  /** Several Via values joined by commas on one line. */
  commaVia: boolean;
  src: Endpoint;
  dst: Endpoint;
  epochMicros: number;
}

export const CORPUS_SEED = 0x51b5eed;
export const MIN_MESSAGE_BYTES = 400;
export const MAX_MESSAGE_BYTES = 1500;
