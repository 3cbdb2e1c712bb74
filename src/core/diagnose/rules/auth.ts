/**
 * Digest authentication (RFC 3261 §22): a 401/407 challenge is normal when
 * the request is sent again with credentials and goes through; it is the
 * problem when the retry is refused again (wrong password, user or realm),
 * when the nonce was stale, when a refresh with an old nonce is challenged
 * without stale=true, when no retry ever came, or when the challenge has no
 * WWW-Authenticate/Proxy-Authenticate to answer.
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

/** The nonce="..." of a challenge or credentials header value. */
function nonceOf(value: string | undefined): string | undefined {
  return value === undefined ? undefined : /nonce\s*=\s*"([^"]*)"/i.exec(value)?.[1];
}

function isStale(value: string | undefined): boolean {
  return /stale\s*=\s*"?true/i.test(value ?? '');
}

function challengeHeader(code: number | undefined): 'proxy-authenticate' | 'www-authenticate' {
  return code === 407 ? 'proxy-authenticate' : 'www-authenticate';
}

function credentialsHeader(code: number | undefined): string {
  return code === 407 ? 'proxy-authorization' : 'authorization';
}

/** The challenge header value of the final response of `t` (a 401 or 407). */
function challengeOf(ctx: DiagnoseContext, t: Transaction): string | undefined {
  return ctx.detail(t.final as number)?.header(challengeHeader(ctx.code(t.final)))?.value;
}

/**
 * A refresh (a re-REGISTER, a re-SUBSCRIBE...) sent with the credentials of
 * an earlier nonce, challenged again with a fresh nonce and no stale=true, and
 * nothing after it went through. Without stale=true (RFC 7616 §3.3) the client
 * must take the challenge as a refusal of its password, so it gives up.
 */
function staleMissing(ctx: DiagnoseContext, attempts: readonly Transaction[]): Finding | undefined {
  for (let k = 0; k < attempts.length; k++) {
    const t = attempts[k] as Transaction;
    if (!isChallenge(ctx, t) || t.request === undefined) continue;
    const code = ctx.code(t.final);
    const sent = nonceOf(ctx.detail(t.request)?.header(credentialsHeader(code))?.value);
    const challenge = challengeOf(ctx, t);
    const fresh = nonceOf(challenge);
    if (sent === undefined || fresh === undefined || fresh === sent || isStale(challenge)) continue;
    // Credentials answering the challenge just before were refused: the password (see below).
    const previous = attempts[k - 1];
    if (
      previous !== undefined &&
      isChallenge(ctx, previous) &&
      nonceOf(challengeOf(ctx, previous)) === sent
    )
      continue;
    // The client took the new nonce and got through: no harm done.
    if (
      attempts
        .slice(k + 1)
        .some((x) => (ctx.code(x.final) ?? 0) >= 200 && (ctx.code(x.final) ?? 0) < 300)
    )
      continue;
    const final = t.final as number;
    return ctx.finding(
      'auth.stale-missing',
      0.85,
      `${t.method} was sent with the credentials of an earlier nonce, and ${ctx.sender(final)} challenged it again (${code}) with a fresh nonce but without stale=true. That tells the client its password is wrong, so it gives up instead of answering the new nonce: the server should flag an expired nonce stale=true.`,
      [
        ...ctx.headers(t.request, credentialsHeader(code), 1),
        ctx.startLine(final),
        ...ctx.headers(final, challengeHeader(code), 1),
      ],
    );
  }
  return undefined;
}

function callFindings(ctx: DiagnoseContext, call: Call): Finding[] {
  const out: Finding[] = [];
  const attempts = call.transactions
    .filter((t) => t.request !== undefined && t.initial && t.method === call.primary?.method)
    .sort((a, b) => (a.cseq ?? 0) - (b.cseq ?? 0));
  const refused = staleMissing(ctx, attempts);
  if (refused !== undefined) return [refused];
  const challenges = attempts.filter((t) => isChallenge(ctx, t));
  if (challenges.length === 0) return loneChallenge(ctx, call);
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
    // A challenge without its header cannot be answered: challengeWithoutHeader says so.
    if (challenge === undefined) return out;
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

/**
 * A paste holding the challenge but not the request it answers (a lone 401 or
 * 407 to a REGISTER, SUBSCRIBE or INVITE): whether the request carried
 * credentials cannot be told, but no retry follows in the paste.
 */
function loneChallenge(ctx: DiagnoseContext, call: Call): Finding[] {
  const t = call.primary;
  if (t === undefined || t.request !== undefined || !isChallenge(ctx, t)) return [];
  const final = t.final as number;
  const code = ctx.code(final);
  if (challengeOf(ctx, t) === undefined) return [];
  return [
    ctx.finding(
      'auth.no-credentials',
      0.6,
      `Only the ${code} challenge from ${ctx.sender(final)} to ${t.method || 'the request'} is in the paste: the request it answers and anything the client sent next are not. A first ${t.method || 'request'} is normally challenged and sent again with credentials; it fails here only if no retry followed, or the retry was refused again: paste the ${t.method || 'request'} and what came after.`,
      [ctx.startLine(final), ...ctx.headers(final, challengeHeader(code), 1)],
      'warning',
    ),
  ];
}

/**
 * A 401 without WWW-Authenticate or a 407 without Proxy-Authenticate (RFC
 * 3261 §20.27, §20.44: they must carry one): nothing for the client to answer,
 * a defect of the server that sent it.
 */
function challengeWithoutHeader(ctx: DiagnoseContext): Finding[] {
  const bare: Transaction[] = [];
  // Whether the challenge header is there is kept with each message: none is parsed again here.
  for (const t of ctx.trace.transactions)
    if (
      isChallenge(ctx, t) &&
      ctx.kept(t.final as number)?.has(challengeHeader(ctx.code(t.final))) === false
    )
      bare.push(t);
  if (bare.length === 0) return [];
  const first = bare[0] as Transaction;
  const final = first.final as number;
  const code = ctx.code(final);
  const header = code === 407 ? 'Proxy-Authenticate' : 'WWW-Authenticate';
  const more =
    bare.length > 1 ? ` ${bare.length - 1} other challenge(s) in the trace lack it too.` : '';
  return [
    ctx.finding(
      'auth.challenge-header-missing',
      0.9,
      `${ctx.sender(final)} answered ${first.method || 'the request'} ${code} without a ${header} header, so the client has no realm or nonce to answer with and cannot authenticate: the server is at fault.${more}`,
      bare.slice(0, 3).map((t) => ctx.startLine(t.final as number)),
    ),
  ];
}

/** Calls whose authentication is read in detail: enough to tell the story, bounded for big captures. */
const MAX_CALLS = 50;

export const auth: Rule = (ctx) => {
  const challenged = ctx.trace.calls.filter((call) =>
    call.transactions.some(
      (t) => (t.initial || (t.request === undefined && t === call.primary)) && isChallenge(ctx, t),
    ),
  );
  const decisive = challenged.find((c) => c.outcome !== 'succeeded');
  const picked = challenged.slice(0, MAX_CALLS);
  if (decisive !== undefined && !picked.includes(decisive)) picked.push(decisive);
  return [...picked.flatMap((call) => callFindings(ctx, call)), ...challengeWithoutHeader(ctx)];
};
