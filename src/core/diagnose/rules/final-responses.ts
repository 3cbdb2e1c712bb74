/**
 * Failure responses: every final response of 300 or more (challenges aside,
 * see auth.ts) becomes the finding its code stands for, quoting the status
 * line and the header that explains it (Warning, Retry-After, Unsupported,
 * Min-SE...). The same response forwarded over several hops is reported
 * once, from the hop where it was made; a 500 that a proxy made out of a
 * downstream 503 says so.
 */
import type { Call, Transaction } from '../../trace/types.js';
import type { DiagnoseContext, Rule } from '../context.js';
import type { Evidence, Finding } from '../types.js';
import { refusedOffer } from './media.js';

interface CodeRule {
  id: string;
  /** Headers whose lines explain this response. */
  headers: readonly string[];
}

const BY_CODE = new Map<number, CodeRule>([
  [400, { id: 'message.malformed', headers: ['warning'] }],
  [402, { id: 'policy.payment-required', headers: ['warning'] }],
  [403, { id: 'policy.forbidden', headers: ['warning', 'reason'] }],
  [404, { id: 'routing.not-found', headers: ['warning', 'reason'] }],
  [604, { id: 'routing.not-found', headers: ['warning', 'reason'] }],
  [405, { id: 'method.not-allowed', headers: ['allow'] }],
  [408, { id: 'transport.timeout', headers: ['reason'] }],
  [410, { id: 'routing.gone', headers: ['contact'] }],
  [413, { id: 'server.message-too-large', headers: ['retry-after'] }],
  [513, { id: 'server.message-too-large', headers: [] }],
  [415, { id: 'body.unsupported', headers: ['accept', 'accept-encoding'] }],
  [416, { id: 'routing.number-format', headers: ['warning'] }],
  [420, { id: 'extension.unsupported', headers: ['unsupported'] }],
  [421, { id: 'extension.required', headers: ['require'] }],
  [422, { id: 'timer.session-interval-too-small', headers: ['min-se'] }],
  [423, { id: 'register.interval-too-brief', headers: ['min-expires'] }],
  [428, { id: 'identity.required', headers: ['warning'] }],
  [433, { id: 'policy.anonymity-rejected', headers: ['warning'] }],
  [436, { id: 'identity.bad-info', headers: ['warning'] }],
  [437, { id: 'identity.unsupported-credential', headers: ['warning'] }],
  [438, { id: 'identity.invalid', headers: ['warning'] }],
  [480, { id: 'callee.unavailable', headers: ['reason', 'retry-after'] }],
  [481, { id: 'dialog.unknown', headers: [] }],
  [482, { id: 'routing.loop', headers: ['via'] }],
  [483, { id: 'routing.too-many-hops', headers: [] }],
  [484, { id: 'routing.address-incomplete', headers: [] }],
  [486, { id: 'callee.busy', headers: ['retry-after', 'reason'] }],
  [600, { id: 'callee.busy', headers: ['retry-after', 'reason'] }],
  [487, { id: 'dialog.cancelled', headers: ['reason'] }],
  [488, { id: 'media.offer-refused', headers: ['warning'] }],
  [606, { id: 'media.offer-refused', headers: ['warning'] }],
  [489, { id: 'event.bad-event', headers: ['allow-events'] }],
  [491, { id: 'dialog.glare', headers: ['retry-after'] }],
  [500, { id: 'server.internal-error', headers: ['retry-after', 'warning', 'reason'] }],
  [501, { id: 'method.not-implemented', headers: ['allow'] }],
  [502, { id: 'server.bad-gateway', headers: ['warning', 'reason'] }],
  [503, { id: 'server.overloaded', headers: ['retry-after', 'warning', 'reason'] }],
  [504, { id: 'server.gateway-timeout', headers: ['warning', 'reason'] }],
  [505, { id: 'server.version-not-supported', headers: [] }],
  [603, { id: 'callee.declined', headers: ['reason'] }],
  [607, { id: 'callee.declined', headers: ['reason'] }],
  [608, { id: 'callee.declined', headers: ['reason', 'call-info'] }],
]);

function ruleFor(code: number): CodeRule | undefined {
  const exact = BY_CODE.get(code);
  if (exact !== undefined) return exact;
  if (code >= 300 && code < 400) return { id: 'routing.moved', headers: ['contact'] };
  return undefined;
}

/** The finding id for a 403, which may really be about identity or credentials. */
function forbiddenId(ctx: DiagnoseContext, final: number, t: Transaction): string {
  const reason = `${ctx.kept(final)?.reason ?? ''} ${ctx.header(final, 'warning')?.text ?? ''}`;
  if (/stale\s*date/i.test(reason)) return 'identity.stale-date';
  const request = t.request === undefined ? undefined : ctx.detail(t.request);
  if (request?.header('authorization') || request?.header('proxy-authorization'))
    return 'auth.credentials-rejected';
  return 'policy.forbidden';
}

function describe(ctx: DiagnoseContext, t: Transaction, final: number): string {
  const request = t.request === undefined ? undefined : ctx.kept(t.request);
  const m = ctx.kept(final);
  const what = request
    ? `${request.method ?? t.method} ${request.requestUri ?? ''}`.trim()
    : `${t.method} (request not in the trace)`;
  return `${what} was answered ${m?.code ?? '?'} ${m?.reason ?? ''} by ${ctx.sender(final)}.`;
}

function failureFinding(
  ctx: DiagnoseContext,
  call: Call,
  t: Transaction,
  final: number,
): Finding | undefined {
  const code = ctx.code(final) ?? 0;
  const rule = ruleFor(code);
  if (rule === undefined) return undefined;
  let id = code === 403 ? forbiddenId(ctx, final, t) : rule.id;
  let explanation = describe(ctx, t, final);
  const evidence: Evidence[] = [ctx.startLine(final)];
  for (const name of rule.headers) evidence.push(...ctx.headers(final, name, 2));
  // A refused offer: the cause its evidence supports (media.ts), with that evidence's weight.
  const refusal = code === 488 || code === 606 ? refusedOffer(ctx, t, final) : undefined;
  if (refusal !== undefined) {
    id = refusal.id;
    explanation += refusal.explanation;
    for (const e of refusal.evidence)
      if (!evidence.some((x) => x.message === e.message && x.text === e.text)) evidence.push(e);
  }
  if (code === 480 && ringing(ctx, t)) {
    id = 'callee.no-answer';
    explanation += ' The phone rang first, so nobody answered before a timer ran out.';
  }
  if (code === 487 && t.cancel?.request !== undefined) {
    evidence.push(ctx.startLine(t.cancel.request));
    explanation += ' The caller sent CANCEL first: the caller gave up before an answer.';
  }
  if (code === 500) {
    const hidden = t.hops.map((h) => h.final).find((f) => f !== undefined && ctx.code(f) === 503);
    if (hidden !== undefined) {
      evidence.push(ctx.startLine(hidden));
      explanation += ` A downstream hop answered 503 (${ctx.sender(hidden)}), which a proxy must not pass upstream as 503 (RFC 3261 §16.7), so it became this 500: look at the 503's sender.`;
    }
  }
  // A B2BUA leg that failed before this response is where the failure started.
  const leg = call.failedLegs.find((f) => f < final);
  if (leg !== undefined) {
    evidence.push(ctx.startLine(leg));
    explanation += ` The B2BUA's other leg (Call-ID ${ctx.kept(leg)?.callId ?? '?'}) failed first: ${ctx.code(leg)} ${ctx.kept(leg)?.reason ?? ''} from ${ctx.sender(leg)}; that is where the cause is.`;
  }
  const decisive = call.decisive === final;
  const confidence = refusal === undefined ? 0.9 : refusal.confidence;
  return ctx.finding(id, decisive ? confidence : confidence - 0.2, explanation, evidence);
}

/** Some hop of the request got a 180 or 183: the phone rang. */
function ringing(ctx: DiagnoseContext, t: Transaction): boolean {
  return t.hops.some((h) =>
    h.responses.some((r) => {
      const c = ctx.code(r) ?? 0;
      return c === 180 || c === 183;
    }),
  );
}

interface Failure {
  call: Call;
  t: Transaction;
  final: number;
}

/** A final response that ended its transaction as a failure (3xx-6xx; a challenge is not one). */
function isFailure(ctx: DiagnoseContext, final: number | undefined): boolean {
  if (final === undefined) return false;
  const code = ctx.code(final) ?? 0;
  return code >= 300 && code !== 401 && code !== 407;
}

/**
 * One finding per failure code, told from one representative call (the
 * deciding call when it failed this way, else the first): a capture with
 * thousands of failed calls says how many, without reading them all again.
 */
export const finalResponses: Rule = (ctx) => {
  const byCode = new Map<number, Failure[]>();
  for (const call of ctx.trace.calls) {
    // The failed ones only: most calls have none, and then nothing is sorted or kept.
    const failed: Transaction[] = [];
    for (const t of call.transactions) if (isFailure(ctx, t.final)) failed.push(t);
    if (failed.length === 0) continue;
    // Earliest final first: across hops, the first copy of a response is where it was made.
    if (failed.length > 1) failed.sort((a, b) => (a.final ?? 0) - (b.final ?? 0));
    const seen = new Set<string>();
    for (const t of failed) {
      const final = t.final as number;
      const code = ctx.code(final) ?? 0;
      const key = `${t.method}|${t.cseq}|${code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let list = byCode.get(code);
      if (list === undefined) {
        list = [];
        byCode.set(code, list);
      }
      list.push({ call, t, final });
    }
  }
  const out: Finding[] = [];
  for (const list of byCode.values()) {
    const chosen = list.find((f) => f.call.decisive === f.final) ?? (list[0] as Failure);
    const finding = failureFinding(ctx, chosen.call, chosen.t, chosen.final);
    if (finding === undefined) continue;
    const others = list.filter((f) => f !== chosen);
    if (others.length > 0) {
      finding.explanation += ` The same response ended ${others.length} other ${others.length === 1 ? 'transaction' : 'transactions'} in this trace.`;
      for (const f of others.slice(0, 2)) finding.evidence.push(ctx.startLine(f.final));
    }
    out.push(finding);
  }
  return out;
};
