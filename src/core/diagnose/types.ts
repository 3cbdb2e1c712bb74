/**
 * What a diagnosis says: the verdict on the trace, the findings (each with
 * the lines that prove it), the calls and their outcomes, the ladder, and
 * what to paste next when the trace cannot tell. Everything here is already
 * redacted; see redact.ts.
 */
import type { Outcome } from '../trace/types.js';

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Evidence {
  /** Index of the message in the input. */
  message: number;
  /** The header the text comes from; absent for the start line. */
  header?: string;
  /** The line as written (redacted). */
  text: string;
}

export interface Finding {
  /** Stable id ("auth.credentials-rejected"), with a knowledge entry under knowledge/findings/. */
  id: string;
  severity: FindingSeverity;
  /** How sure the rule is, 0 to 1. */
  confidence: number;
  title: string;
  /** What happened in this trace, in one or two sentences. */
  explanation: string;
  evidence: Evidence[];
  checklist: string[];
}

export type VerdictOutcome = Outcome | 'no-sip-found';

export interface Verdict {
  outcome: VerdictOutcome;
  method: string | null;
  requestUri: string | null;
  code: number | null;
  reason: string | null;
  /** Who sent the deciding response: address, with Server/User-Agent when known. */
  sentBy: string | null;
  callId: string | null;
  /** One line for a headline: "INVITE sip:+1415… failed: 403 Forbidden from 10.0.0.5 (Kamailio 5.6)". */
  headline: string;
}

export interface CallSummary {
  callId: string;
  outcome: Outcome;
  method: string | null;
  code: number | null;
  readonly messages: readonly number[];
  /** The To tags of the early dialogs when the request forked (two or more). */
  forks?: string[];
  /** A B2BUA's outgoing leg: the Call-ID of the incoming leg it was made from. */
  legOf?: string;
  /** An incoming leg: the Call-IDs of the legs a B2BUA made from it. */
  legs?: string[];
}

/** One element of a ladder: a column. */
export interface LadderColumn {
  /**
   * Its address as the messages give it ("192.0.2.10:5060"); in a paste
   * without addresses the sent-by of its Via, "this element" for the one
   * that wrote a log, else "caller" or "callee".
   */
  name: string;
  /** The name followed by the element's Server or User-Agent product, when the trace has one. */
  title: string;
}

/** One arrow of a ladder: a message, or consecutive copies of it. */
export interface LadderArrow {
  /** Column of the sender. */
  from: number;
  /** Column of the receiver (the sender's own for a message looped back to it). */
  to: number;
  /** Method or status ("INVITE", "486 Busy Here"), cut at 28 characters. */
  label: string;
  /** When the first copy was captured, in microseconds since the epoch; undefined without times. */
  time: number | undefined;
  /** Copies collapsed into this arrow: retransmissions, one right after the other. */
  count: number;
  /** Index in the input of the first copy. */
  message: number;
  /** The call it belongs to: an index into the ladder's `legs` (0 for the deciding call). */
  leg: number;
  /** One of its copies is the response that decided the verdict. */
  decisive: boolean;
}

/**
 * Who sent what to whom in the deciding call (and the B2BUA legs made from
 * it), in input order; renderers draw it (render/ladder.ts, render/mermaid.ts).
 */
export interface Ladder {
  columns: LadderColumn[];
  arrows: LadderArrow[];
  /**
   * The Call-ID of each call drawn (redacted): the deciding call first, then
   * the legs a B2BUA made from it.
   */
  legs: string[];
  /**
   * The text of each arrow's first copy (redacted), in arrow order: only when
   * the diagnosis was asked for them (`messageTexts`), for a report that shows
   * a message when its arrow is clicked.
   */
  texts?: string[];
}

/**
 * Damage to the input the messages came from: the capture is truncated or
 * corrupt, has packets of a link type that is not decoded, or the input was
 * cut by a limit ("capture.truncated", "capture.corrupt", "capture.link-type",
 * "capture.read", "capture.limit", "input.limit", "input.gzip"). A message
 * missing from a damaged input may only be missing from the file.
 */
export interface InputDamage {
  id: string;
  message: string;
}

export interface Diagnosis {
  /** Damage to the input, worst first; empty for a whole input. */
  inputDamage: InputDamage[];
  verdict: Verdict;
  findings: Finding[];
  calls: CallSummary[];
  /** The message flow of the deciding call, for a ladder diagram. */
  ladder: Ladder;
  /** Values replaced by redaction in this answer. */
  redactions: number;
  /** What to paste next when the trace cannot decide. */
  missingEvidence: string[];
  /** Checklist merged from the findings, then the deciding code's own entry. */
  checklist: string[];
  messageCount: number;
}
