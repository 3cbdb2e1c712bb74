/**
 * The trace model: the messages of an input grouped the way SIP elements
 * group them. A transaction is one request and its responses on one hop
 * (RFC 3261 §17: top Via branch plus CSeq method, or the RFC 2543 way when
 * the branch lacks the magic cookie); a call is everything sharing a
 * Call-ID; a dialog is a call's From tag plus one To tag (forked early
 * dialogs stay apart). Messages are referred to by their index in the input.
 */
import type { InputMessage } from '../sip/input-message.js';

export interface Transaction {
  /** Stable key: "b:<branch>|<method>" or "2543:<call-id>|<cseq>|<method>|<from-tag>". */
  key: string;
  /** The CSeq method (an ACK for a non-2xx final belongs to its INVITE's transaction). */
  method: string;
  callId: string | undefined;
  cseq: number | undefined;
  /** Index of the first copy of the request, when the capture holds it. */
  request: number | undefined;
  /** Every copy of the request (retransmissions included), in order. */
  requests: number[];
  /** Every response, in order (retransmissions included). */
  responses: number[];
  /** The first final response (>= 200), when there is one. */
  final: number | undefined;
  /** Index of the ACK for a non-2xx final, when seen. */
  ack: number | undefined;
  /** For INVITE: the CANCEL transaction that tried to stop it. */
  cancel: Transaction | undefined;
  /** The request was sent without a To tag (it starts a dialog or stands alone). */
  initial: boolean;
  /** The branch lacks the RFC 3261 magic cookie, so it was matched the RFC 2543 way. */
  legacy: boolean;
}

export type Outcome = 'failed' | 'succeeded' | 'no-response' | 'in-progress';

export interface Call {
  callId: string;
  /** Every message with this Call-ID, in input order. */
  messages: number[];
  transactions: Transaction[];
  /** The request that the call is about: the last attempt of its first method (after challenges). */
  primary: Transaction | undefined;
  outcome: Outcome;
  /** The response that decided the outcome (the earliest of its copies across hops). */
  decisive: number | undefined;
  /** To tags seen on responses to the primary request (more than one: the request forked). */
  toTags: string[];
  /** For a B2BUA's outgoing leg: the incoming leg's Call-ID and what tied them (see link-legs.ts). */
  legOf: { callId: string; how: 'header' | 'number' } | undefined;
  /** For an incoming leg: the Call-IDs of the legs a B2BUA made from it. */
  legs: string[];
}

export interface Trace {
  messages: readonly InputMessage[];
  calls: Call[];
  /** Calls by Call-ID. */
  callsById: Map<string, Call>;
  /** Transactions by key. */
  transactions: Map<string, Transaction>;
}
