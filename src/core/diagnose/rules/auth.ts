/**
 * Digest authentication (RFC 3261 §22): a 401/407 challenge is normal when
 * the request is sent again with credentials and goes through; it is the
 * problem when the retry is refused again (wrong password, user or realm),
 * when the nonce was stale, or when no retry ever came.
 */
import type { Call, Transaction } from '../../trace/types.js';
import type { DiagnoseContext, Rule } from '../context.js';
import type { Finding } from '../types.js';

function isChallenge(ctx: DiagnoseContext, t: Transaction): boolean {
  const code = ctx.code(t.final);
  return code === 401 || code === 407;
}

/** The realm="..." of a challenge or credentials header value. */
function realmOf(value: string | undefined): string | undefined {
  return value === undefined ? undefined : /realm\s*=\s*"([^"]*)"/i.exec(value)?.[1];
}

function challengeHeader(code: number | undefined): string {
  return code === 407 ? 'proxy-authenticate' : 'www-authenticate';
}

function credentialsHeader(code: number | undefined): string {
  return code === 407 ? 'proxy-authorization' : 'authorization';
}

function callFindings(ctx: DiagnoseContext, call: Call): Finding[] {
  const out: Finding[] = [];
  const attempts = call.transactions
    .filter((t) => t.request !== undefined && t.initial && t.method === call.primary?.method)
    .sort((a, b) => (a.cseq ?? 0) - (b.cseq ?? 0));
  const challenges = attempts.filter((t) => isChallenge(ctx, t));
  if (challenges.length === 0) return out;
  const first = challenges[0] as Transaction;
  const firstFinal = first.final as number;
  const code = ctx.code(firstFinal);
  const challenge = ctx.detail(firstFinal)?.header(challengeHeader(code))?.value;
  const retries = attempts.filter((t) => (t.cseq ?? 0) > (first.cseq ?? 0));
  const evidence = [
    ctx.startLine(firstFinal),
    ...ctx.headers(firstFinal, challengeHeader(code), 1),
  ];

  if (retries.length === 0) {
    if (call.decisive === firstFinal || call.decisive === undefined)
      out.push(
        ctx.finding(
          'auth.no-credentials',
          0.85,
          `${ctx.sender(firstFinal)} challenged the request with ${code}, and no retry with credentials follows in the trace.`,
          evidence,
        ),
      );
    return out;
  }
  const retry = retries[retries.length - 1] as Transaction;
  const retryRequest = retry.request as number;
  const credentials = ctx.detail(retryRequest)?.header(credentialsHeader(code))?.value;
  const retryCode = ctx.code(call.decisive ?? retry.final);
  const stale = /stale\s*=\s*"?true/i.test(
    challenges.length > 1
      ? (ctx
          .detail(challenges[challenges.length - 1]?.final as number)
          ?.header(challengeHeader(code))?.value ?? '')
      : '',
  );
  const challengeRealm = realmOf(challenge);
  const answeredRealm = realmOf(credentials);
  if (
    challengeRealm !== undefined &&
    answeredRealm !== undefined &&
    challengeRealm !== answeredRealm
  ) {
    out.push(
      ctx.finding(
        'auth.realm-mismatch',
        0.8,
        `The challenge asked for realm "${challengeRealm}" but the credentials answer for realm "${answeredRealm}".`,
        [...evidence, ...ctx.headers(retryRequest, credentialsHeader(code), 1)],
      ),
    );
  }
  if (retryCode === 401 || retryCode === 407 || retryCode === 403) {
    const last = (call.decisive ?? retry.final) as number;
    const refused = [ctx.startLine(last), ...ctx.headers(retryRequest, credentialsHeader(code), 1)];
    if (stale) {
      out.push(
        ctx.finding(
          'auth.stale-nonce',
          0.8,
          'The credentials were refused with stale=true: the nonce had expired or was reused, not the password.',
          [...refused, ...ctx.headers(last, challengeHeader(code), 1)],
        ),
      );
    } else {
      out.push(
        ctx.finding(
          'auth.credentials-rejected',
          0.9,
          `The request was sent again with credentials and ${ctx.sender(last)} refused them (${retryCode}): the username, password or realm does not match what it holds.`,
          [...evidence, ...refused],
        ),
      );
    }
    return out;
  }
  out.push(
    ctx.finding(
      'auth.challenge',
      0.9,
      `${ctx.sender(firstFinal)} challenged the first attempt (${code}); the retry carried credentials and was accepted by the authentication step, so the challenge is not the failure.`,
      [...evidence, ...ctx.headers(retryRequest, credentialsHeader(code), 1)],
      'info',
    ),
  );
  return out;
}

/** Calls whose authentication is read in detail: enough to tell the story, bounded for big captures. */
const MAX_CALLS = 50;

export const auth: Rule = (ctx) => {
  const challenged = ctx.trace.calls.filter((call) =>
    call.transactions.some((t) => t.initial && isChallenge(ctx, t)),
  );
  const decisive = challenged.find((c) => c.outcome !== 'succeeded');
  const picked = challenged.slice(0, MAX_CALLS);
  if (decisive !== undefined && !picked.includes(decisive)) picked.push(decisive);
  return picked.flatMap((call) => callFindings(ctx, call));
};
