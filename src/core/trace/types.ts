/**
 * The trace model: the messages of an input grouped the way SIP elements
 * group them. A transaction is one request and its responses on one hop
 * (RFC 3261 §17.1.3: top Via branch plus CSeq method, not the request
 * line's, or the RFC 2543 way when the branch lacks the magic cookie); a
 * call is everything sharing a Call-ID; a dialog is a call's From tag plus one To tag (forked early
 * dialogs stay apart). Messages are referred to by their index in the input.
 *
 * buildTrace returns the model finished (hops, outcomes and B2BUA legs
 * included) and nothing changes it afterwards, hence readonly throughout:
 * the diagnosis only reads it.
 */
import type { InputMessages } from '../sip/message-list.js';

export interface Transaction {
  /** The CSeq method (an ACK for a non-2xx final belongs to its INVITE's transaction). */
  readonly method: string;
  readonly callId: string | undefined;
  readonly cseq: number | undefined;
  /** Index of the first copy of the request, when the capture holds it. */
  readonly request: number | undefined;
  /** Every copy of the request (retransmissions included), in order. */
  readonly requests: readonly number[];
  /** Every response, in order (retransmissions included). */
  readonly responses: readonly number[];
  /** The first final response (>= 200), when there is one. */
  readonly final: number | undefined;
  /** Index of the ACK for a non-2xx final, when seen. */
  readonly ack: number | undefined;
  /** For INVITE: the CANCEL transaction that tried to stop it. */
  readonly cancel: Transaction | undefined;
  /** The request was sent without a To tag (it starts a dialog or stands alone). */
  readonly initial: boolean;
  /** The branch lacks the RFC 3261 magic cookie, so it was matched the RFC 2543 way. */
  readonly legacy: boolean;
  /**
   * The same request on every hop the capture saw it pass (a proxy gives it
   * a branch of its own): the call's transactions with this method and CSeq,
   * this one included, in the order the call first saw them.
   */
  readonly hops: readonly Transaction[];
}

export type Outcome = 'failed' | 'succeeded' | 'no-response' | 'in-progress';

/** What tied a B2BUA's outgoing leg to the incoming one (see link-legs.ts). */
export interface LegLink {
  /** The incoming leg's Call-ID. */
  readonly callId: string;
  readonly how: 'header' | 'number';
}

export interface Call {
  readonly callId: string;
  /** Every message with this Call-ID, in input order. */
  readonly messages: readonly number[];
  readonly transactions: readonly Transaction[];
  /**
   * The request that the call is about: the last attempt of its first method
   * (after challenges); in-dialog when the paste starts inside a dialog (a BYE,
   * re-INVITE, NOTIFY... with no INVITE before it). Never an ACK or a CANCEL:
   * a call holding only those has none.
   */
  readonly primary: Transaction | undefined;
  readonly outcome: Outcome;
  /** The response that decided the outcome (the earliest of its copies across hops). */
  readonly decisive: number | undefined;
  /** To tags seen on responses to the primary request (more than one: the request forked). */
  readonly toTags: readonly string[];
  /** For a B2BUA's outgoing leg: the incoming leg and what tied them. */
  readonly legOf: LegLink | undefined;
  /** For an incoming leg: the Call-IDs of the legs a B2BUA made from it. */
  readonly legs: readonly string[];
  /**
   * The deciding responses of those legs that failed, in the order of
   * `legs`: a failure of this call that came after one of them was caused
   * further on, by the leg.
   */
  readonly failedLegs: readonly number[];
}

export interface Trace {
  readonly messages: InputMessages;
  readonly calls: readonly Call[];
  /** Calls by Call-ID. */
  readonly callsById: ReadonlyMap<string, Call>;
  /** Every transaction, in the order the input first shows each. */
  readonly transactions: readonly Transaction[];
}
