/**
 * The verdict: which call decides the trace and how it ended. With several
 * calls, a failed one is named before one that got no answer, which comes
 * before one still in progress; a success is the verdict only when nothing
 * failed; among calls that ended alike, an INVITE comes before pings and
 * registrations. When the paste cannot decide (responses without their request,
 * no times, a single side of a proxy), missingEvidence says what to paste.
 */

import { messageAt } from '../sip/message-list.js';
import { cutMessage } from '../trace/cut-message.js';
import type { Call, Trace } from '../trace/types.js';
import type { DiagnoseContext } from './context.js';
import type { Verdict } from './types.js';

const RANK: Record<Call['outcome'], number> = {
  failed: 0,
  'no-response': 1,
  'in-progress': 2,
  succeeded: 3,
};

/** A call is more telling the worse it ended; among equals an INVITE (a call) beats pings and registrations. */
function weight(call: Call): number {
  return RANK[call.outcome] * 2 + (call.primary?.method === 'INVITE' ? 0 : 1);
}

/** The call the verdict is about: the first of the most telling ones. */
export function decidingCall(trace: Trace): Call | undefined {
  let best: Call | undefined;
  for (const call of trace.calls) {
    if (call.primary === undefined) continue;
    if (best === undefined || weight(call) < weight(best)) best = call;
  }
  return best;
}

function shortUri(uri: string | undefined): string {
  if (uri === undefined) return '';
  return uri.length > 48 ? `${uri.slice(0, 47)}…` : uri;
}

/** The methods of a trace whose calls hold only ACK or CANCEL (nothing a verdict can be about). */
function onlyAckOrCancel(trace: Trace): string[] {
  const methods = new Set<string>();
  for (const call of trace.calls) for (const t of call.transactions) methods.add(t.method);
  return [...methods].filter((m) => m !== '');
}

export function verdictOf(ctx: DiagnoseContext, call: Call | undefined): Verdict {
  const acks = call === undefined ? onlyAckOrCancel(ctx.trace) : [];
  if (acks.length > 0) {
    // An ACK gets no response, so it is never what a verdict is about (nor "got no response").
    const first = ctx.trace.calls[0];
    return {
      outcome: 'in-progress',
      method: null,
      requestUri: null,
      code: null,
      reason: null,
      sentBy: null,
      callId: first === undefined || first.callId === '' ? null : ctx.redactor.text(first.callId),
      headline: `The paste holds only ${acks.join(' and ')}: the INVITE ${acks.length === 1 ? 'it refers' : 'they refer'} to and its responses are not in it.`,
    };
  }
  if (call === undefined || call.primary === undefined) {
    return {
      outcome: 'no-sip-found',
      method: null,
      requestUri: null,
      code: null,
      reason: null,
      sentBy: null,
      callId: null,
      headline: 'No SIP messages were found in the input.',
    };
  }
  const primary = call.primary;
  const request = primary.request === undefined ? undefined : ctx.kept(primary.request);
  const final = call.decisive === undefined ? undefined : ctx.kept(call.decisive);
  // Without the request, the method comes from the CSeq of its responses (the transaction's).
  const method = request?.method ?? (primary.method || null);
  const requestUri = request?.requestUri ?? null;
  const sentBy = call.decisive === undefined ? null : ctx.sender(call.decisive);
  const what = ctx.redactor.text(
    `${method ?? 'Request'} ${shortUri(requestUri ?? undefined)}`.trim(),
  );
  let headline: string;
  switch (call.outcome) {
    case 'failed': {
      headline = `${what} failed: ${final?.code} ${final?.reason ?? ''} from ${sentBy}`;
      const decisive = call.decisive;
      const leg = decisive === undefined ? undefined : call.failedLegs.find((f) => f < decisive);
      if (leg !== undefined)
        headline += `, after its B2BUA leg got ${ctx.code(leg)} ${ctx.kept(leg)?.reason ?? ''} from ${ctx.sender(leg)}`;
      break;
    }
    case 'succeeded': {
      headline = `${what} succeeded: ${final?.code} ${final?.reason ?? ''} from ${sentBy}`;
      // Set up, then refused inside the dialog (a refresh, an UPDATE, the BYE): the call did
      // not simply succeed, and the headline must not hide it behind the first 200 OK.
      const later = laterFailure(ctx, call);
      if (later !== undefined)
        headline += `; then its ${later.method === 'INVITE' ? 're-INVITE' : later.method} got ${ctx.code(later.final)} ${ctx.kept(later.final)?.reason ?? ''} from ${ctx.sender(later.final)}`;
      break;
    }
    case 'no-response': {
      // A paste that ends at (or inside) the request cannot tell whether a response came.
      const cut = cutMessage(ctx.trace.messages);
      headline =
        cut !== undefined && cut >= (primary.request ?? 0)
          ? `${what} has no response in the ${ctx.kept(cut)?.source.line === undefined ? 'capture' : 'paste'}, which ends inside message ${cut + 1}`
          : ctx.damage.length > 0
            ? `${what} has no response in this file, which is damaged (${ctx.damage[0]?.id}): the response may be missing from the file only`
            : `${what} got no response at all`;
      break;
    }
    default:
      headline = `${what} is still in progress (no final response in the trace)`;
  }
  return {
    outcome: call.outcome,
    method,
    requestUri: requestUri === null ? null : ctx.redactor.text(requestUri),
    code: final?.code ?? null,
    reason: final?.reason ?? null,
    sentBy,
    callId: call.callId === '' ? null : ctx.redactor.text(call.callId),
    headline: headline.replace(/\s+/g, ' ').trim(),
  };
}

/**
 * The first request inside the call's dialog, after its primary
 * transaction, that a final response of 400 or above refused for good: a
 * session refresh, an UPDATE, a BYE. Not a refusal the same method got
 * past later (a 401/407 challenge answered with credentials, a 491 glare
 * retried), not a BYE when another BYE ended the dialog (both sides hung up
 * at once). Requests outside the dialog (without a To tag) are attempts of
 * their own.
 */
function laterFailure(
  ctx: DiagnoseContext,
  call: Call,
): { method: string; final: number } | undefined {
  const after = call.primary?.final ?? call.primary?.request;
  if (after === undefined) return undefined;
  const inDialog: { method: string; final: number; code: number }[] = [];
  // The last 2xx of each method: one pass, so a call of many thousand transactions stays linear.
  const lastSuccess = new Map<string, number>();
  for (const t of call.transactions) {
    if (t.initial || t.final === undefined || t.final <= after) continue;
    const code = ctx.code(t.final) ?? 0;
    inDialog.push({ method: t.method, final: t.final, code });
    if (code >= 200 && code < 300 && t.final > (lastSuccess.get(t.method) ?? -1))
      lastSuccess.set(t.method, t.final);
  }
  let first: { method: string; final: number } | undefined;
  for (const { method, final, code } of inDialog) {
    if (method === 'ACK' || method === 'CANCEL' || code < 400) continue;
    if ((lastSuccess.get(method) ?? -1) > (method === 'BYE' ? after : final)) continue;
    if (first === undefined || final < first.final) first = { method, final };
  }
  return first;
}

/** What the trace lacks to decide, phrased as what to paste next. */
export function missingEvidence(ctx: DiagnoseContext, call: Call | undefined): string[] {
  const out: string[] = [];
  const trace = ctx.trace;
  if (call === undefined && onlyAckOrCancel(trace).length > 0) {
    out.push(
      'Only ACK or CANCEL is in the paste: include the INVITE and the responses it got (an ACK acknowledges a final response, and gets none).',
    );
    return out;
  }
  if (call === undefined) {
    out.push(
      'Paste the SIP messages themselves (a raw trace, sngrep or tshark output, an Asterisk or FreeSWITCH SIP debug log) or upload the .pcap.',
    );
    return out;
  }
  const cut = cutMessage(trace.messages);
  if (cut !== undefined)
    out.push(
      messageAt(trace.messages, cut)?.source.line === undefined
        ? `The capture ends inside message ${cut + 1} (the rest is missing): capture with a larger snap length, or until the call ends.`
        : `The paste ends inside message ${cut + 1} (the rest is missing): paste it whole, or the capture, for the lines after the cut.`,
    );
  if (call.primary?.request === undefined) {
    const method = call.primary?.method || 'INVITE (or REGISTER)';
    out.push(`The request that was answered is not in the paste: include the ${method} itself.`);
  }
  if (!trace.messages.some((m) => m.source.epochMicros !== undefined || m.source.timestampText))
    out.push(
      'There are no timestamps: paste from a capture or a log with times, so retransmissions and timeouts can be measured.',
    );
  if (call.outcome === 'failed' && call.decisive !== undefined) {
    const code = ctx.code(call.decisive) ?? 0;
    const hops = call.primary?.hops.length ?? 0;
    if (
      hops <= 1 &&
      (code === 500 || code === 502 || code === 503 || code === 504 || code === 408 || code === 480)
    )
      out.push(
        `Only one hop is in the trace: a ${code} is often made by a proxy for a failure further on; capture on the element that sent it (or its next hop) to see where it started.`,
      );
  }
  if (call.outcome === 'in-progress')
    out.push('The trace ends before a final response: capture until the call ends.');
  return out;
}
