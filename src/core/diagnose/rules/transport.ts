/**
 * Transport: requests that got no response at all (with their
 * retransmissions counted and, when the trace has times, their gaps read
 * against Timers A/E and 64*T1 = 32 s spotted, see trace/timers.ts), and UDP
 * messages large enough to be fragmented.
 */
import { describeRetransmissions, readRetransmissions } from '../../trace/timers.js';
import type { Transaction } from '../../trace/types.js';
import type { DiagnoseContext, Rule } from '../context.js';
import type { Finding } from '../types.js';

/** RFC 3261 §18.1.1: above 1300 bytes (MTU unknown) a request should not go over UDP. */
const UDP_LIMIT = 1300;

function unanswered(ctx: DiagnoseContext, t: Transaction): Finding | undefined {
  if (t.request === undefined || t.responses.length > 0 || t.method === 'ACK') return undefined;
  // Another hop of the same request answered: this copy is just the upstream leg.
  if (t.hops.some((o) => o !== t && o.responses.length > 0)) return undefined;
  const call = ctx.trace.callsById.get(t.callId ?? '');
  const copies = t.requests.length;
  const timing = readRetransmissions(
    t.requests.map((i) => ctx.kept(i)?.source.epochMicros),
    t.method !== 'INVITE',
  );
  const dst = ctx.kept(t.request)?.source.dst;
  const where = dst ? `${dst.address}${dst.port ? `:${dst.port}` : ''}` : 'the next hop';
  // The finding's title says "retransmitted": with one copy, say that no retransmission was captured.
  let explanation =
    copies === 1
      ? `${t.method} to ${where} got no response, and the trace holds no retransmission of it (one copy; the capture may have ended before the timers fired)`
      : `${t.method} to ${where} was sent ${copies} times and nothing answered it`;
  if (timing !== undefined)
    explanation += `: retransmitted ${describeRetransmissions(timing)}${timing.timedOut ? ', until 64*T1 = 32 s (Timer B/F): the transaction timed out' : ''}`;
  explanation += '.';
  const id = timing?.timedOut ? 'transport.timeout' : 'transport.no-response';
  const isPrimary = call?.primary === t;
  return ctx.finding(id, copies > 1 ? 0.85 : isPrimary ? 0.6 : 0.4, explanation, [
    ctx.startLine(t.request),
  ]);
}

function oversized(ctx: DiagnoseContext): Finding[] {
  const out: Finding[] = [];
  ctx.trace.messages.forEach((m, i) => {
    if (out.length > 0) return;
    const transport = m.source.transport ?? m.viaTransport?.toUpperCase();
    if (transport !== 'UDP' || m.size <= UDP_LIMIT || m.kind === 'unknown') return;
    out.push(
      ctx.finding(
        'transport.udp-too-large',
        0.6,
        `A ${m.size}-byte message went over UDP, above the ${UDP_LIMIT} bytes RFC 3261 §18.1.1 allows without a congestion-controlled transport; it is fragmented on the way and lost if any fragment is.`,
        [ctx.startLine(i)],
      ),
    );
  });
  return out;
}

export const transport: Rule = (ctx) => {
  const out: Finding[] = [];
  for (const t of ctx.trace.transactions) {
    const finding = unanswered(ctx, t);
    if (finding !== undefined) out.push(finding);
  }
  return [...out, ...oversized(ctx)];
};
