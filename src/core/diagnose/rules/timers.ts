/**
 * Reliable provisional responses and session timers: an 18x sent reliably
 * (Require: 100rel, RSeq; RFC 3262) and retransmitted with no PRACK coming
 * back, and a call ended because its session timer ran out (RFC 4028): a BYE
 * whose Reason says so, or a refresh answered 408/481.
 */
import type { DiagnoseContext, Rule } from '../context.js';
import type { Finding } from '../types.js';

function prackMissing(ctx: DiagnoseContext): Finding[] {
  for (const call of ctx.trace.calls) {
    if (call.transactions.some((t) => t.method === 'PRACK')) continue;
    for (const t of call.transactions) {
      if (t.method !== 'INVITE') continue;
      const provisional = t.responses.filter((r) => {
        const code = ctx.code(r) ?? 0;
        return code > 100 && code < 200;
      });
      if (provisional.length < 2) continue;
      const first = provisional[0] as number;
      if (ctx.kept(first)?.has('rseq') !== true) continue;
      const m = ctx.detail(first);
      const reliable =
        m?.header('rseq') !== undefined && /\b100rel\b/i.test(m?.values('require').join(',') ?? '');
      if (!reliable) continue;
      return [
        ctx.finding(
          'extension.prack-missing',
          0.85,
          `The ${ctx.code(first)} was sent reliably (Require: 100rel) ${provisional.length} times and no PRACK came back; the callee gives up on the call when its retransmissions run out.`,
          [
            ctx.startLine(first),
            ...ctx.headers(first, 'require', 1),
            ...ctx.headers(first, 'rseq', 1),
          ],
        ),
      ];
    }
  }
  return [];
}

function sessionExpired(ctx: DiagnoseContext): Finding[] {
  for (const call of ctx.trace.calls) {
    const timed = call.transactions.some(
      (t) =>
        t.method === 'INVITE' &&
        t.request !== undefined &&
        ctx.kept(t.request)?.has('session-expires') === true,
    );
    if (!timed) continue;
    for (const t of call.transactions) {
      // Known from the first parse (InputMessage.sessionTimerReason): no BYE is read again.
      if (t.method === 'BYE' && t.request !== undefined) {
        if (ctx.kept(t.request)?.sessionTimerReason === true)
          return [
            ctx.finding(
              'timer.session-expired',
              0.85,
              'The call was ended by a BYE whose Reason says the session timer ran out: no refresh (re-INVITE or UPDATE) was answered in time.',
              [ctx.startLine(t.request), ...ctx.headers(t.request, 'reason', 1)],
            ),
          ];
      }
      const code = ctx.code(t.final) ?? 0;
      if (
        (t.method === 'UPDATE' || (t.method === 'INVITE' && !t.initial)) &&
        (code === 408 || code === 481) &&
        t.final !== undefined
      )
        return [
          ctx.finding(
            'timer.session-expired',
            0.7,
            `A session refresh (${t.method}) was answered ${code}; with session timers running the call ends when the interval runs out.`,
            [ctx.startLine(t.final)],
          ),
        ];
    }
  }
  return [];
}

export const timers: Rule = (ctx) => [...prackMissing(ctx), ...sessionExpired(ctx)];
