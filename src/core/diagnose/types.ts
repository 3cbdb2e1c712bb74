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
  messages: number[];
  /** The To tags of the early dialogs when the request forked (two or more). */
  forks?: string[];
  /** A B2BUA's outgoing leg: the Call-ID of the incoming leg it was made from. */
  legOf?: string;
  /** An incoming leg: the Call-IDs of the legs a B2BUA made from it. */
  legs?: string[];
}

export interface Diagnosis {
  verdict: Verdict;
  findings: Finding[];
  calls: CallSummary[];
  /** Monospace ladder diagram. */
  ladder: string;
  /** The same flow as a Mermaid sequenceDiagram. */
  mermaid: string;
  /** Values replaced by redaction in this answer. */
  redactions: number;
  /** What to paste next when the trace cannot decide. */
  missingEvidence: string[];
  /** Checklist merged from the findings, then the deciding code's own entry. */
  checklist: string[];
  messageCount: number;
}
