/**
 * Dialog-level trouble the response codes alone do not show: a CANCEL that
 * crossed the 200 OK, and a 200 OK to INVITE retransmitted with no ACK
 * (the callee hangs up after 64*T1).
 */
import { describeRetransmissions, readRetransmissions } from '../../trace/timers.js';
import type { Call, Transaction } from '../../trace/types.js';
import type { DiagnoseContext, Rule } from '../context.js';
import type { Finding } from '../types.js';

function ackFor(call: Call, invite: Transaction): boolean {
  return call.transactions.some((t) => t.method === 'ACK' && t.cseq === invite.cseq);
}

function callFindings(ctx: DiagnoseContext, call: Call): Finding[] {
  const out: Finding[] = [];
  for (const t of call.transactions) {
    if (t.method !== 'INVITE' || t.final === undefined) continue;
    const code = ctx.code(t.final) ?? 0;
    if (t.cancel !== undefined && code >= 200 && code < 300 && t.cancel.request !== undefined) {
      out.push(
        ctx.finding(
          'dialog.cancel-race',
          0.8,
          'The caller cancelled while the callee was answering: the INVITE still got a 200 OK, so the call is up and must be ended with BYE.',
          [ctx.startLine(t.cancel.request), ctx.startLine(t.final)],
        ),
      );
    }
    if (code >= 200 && code < 300) {
      const oks = t.responses.filter((r) => ctx.code(r) === code);
      if (oks.length >= 3 && !ackFor(call, t)) {
        const timing = readRetransmissions(
          oks.map((r) => ctx.kept(r)?.source.epochMicros),
          true,
        );
        const when = timing === undefined ? '' : ` (${describeRetransmissions(timing)})`;
        out.push(
          ctx.finding(
            'dialog.missing-ack',
            0.85,
            `The 200 OK to INVITE was sent ${oks.length} times${when} and no ACK came back; the callee will end the call after 64*T1 (32 s).`,
            oks.slice(0, 3).map((r) => ctx.startLine(r)),
          ),
        );
      }
    }
  }
  return out;
}

export const dialogs: Rule = (ctx) => ctx.trace.calls.flatMap((call) => callFindings(ctx, call));
