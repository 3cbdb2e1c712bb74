/**
 * The trace model while buildTrace is still filling it in: the same shapes
 * as types.ts with writable fields and arrays. Only the trace builders see
 * these; buildTrace hands the finished drafts out typed as the readonly
 * model, so nothing downstream can change them.
 */
import type { LegLink, Outcome } from './types.js';

export interface TransactionDraft {
  method: string;
  callId: string | undefined;
  cseq: number | undefined;
  request: number | undefined;
  requests: number[];
  responses: number[];
  final: number | undefined;
  ack: number | undefined;
  cancel: TransactionDraft | undefined;
  initial: boolean;
  legacy: boolean;
  hops: TransactionDraft[];
}

export interface CallDraft {
  callId: string;
  messages: number[];
  transactions: TransactionDraft[];
  primary: TransactionDraft | undefined;
  outcome: Outcome;
  decisive: number | undefined;
  toTags: string[];
  legOf: LegLink | undefined;
  legs: string[];
  failedLegs: number[];
}
