/**
 * The call flows the corpus is made of, with how often each occurs: calls
 * answered, challenged, refused, cancelled; registrations with digest;
 * OPTIONS pings. Each flow yields its messages in the order a capture shows.
 */
import type { Dialog } from './corpus-cast.js';
import type { CorpusMessage } from './corpus-message.js';
import {
  digestChallenge,
  digestCredentials,
  type Field,
  request,
  response,
  sdpBody,
  uriOf,
} from './corpus-messages.js';
import type { Random } from './prng.js';

type Flow = (d: Dialog) => CorpusMessage[];

/** INVITE answered, talked, hung up. */
const answeredCall: Flow = (d) => invite(d, d.random.pick([200, 200, 200, 183]));

function invite(d: Dialog, outcome: number, challenged = false): CorpusMessage[] {
  const out: CorpusMessage[] = [];
  const extra: Field[] = challenged
    ? [
        {
          name: 'Proxy-Authorization',
          value: digestCredentials(d.random, d.caller, uriOf(d.callee)),
        },
      ]
    : [];
  const inv = request(d, { method: 'INVITE', body: sdpBody(d.random, d.caller, false), extra });
  out.push(inv.message);
  out.push(response(d, inv.draft, 100));
  if (outcome === 200 || outcome === 183) {
    if (outcome === 183)
      out.push(response(d, inv.draft, 183, { body: sdpBody(d.random, d.callee, true) }));
    else out.push(response(d, inv.draft, 180));
    out.push(response(d, inv.draft, 200, { body: sdpBody(d.random, d.callee, true) }));
    out.push(request(d, { method: 'ACK', toTag: d.toTag }).message);
    d.seq += 1;
    const reason: Field[] = d.random.chance(0.5)
      ? [{ name: 'Reason', value: 'Q.850;cause=16;text="Normal call clearing"', optional: true }]
      : [];
    const bye = request(d, { method: 'BYE', toTag: d.toTag, extra: reason });
    out.push(bye.message);
    out.push(response(d, bye.draft, 200));
    return out;
  }
  if (outcome === 487) {
    out.push(response(d, inv.draft, 180));
    const cancel = request(d, {
      method: 'CANCEL',
      hops: inv.draft.hops,
      requestUri: inv.draft.startLine.split(' ')[1],
    });
    out.push(cancel.message);
    out.push(response(d, cancel.draft, 200));
  }
  const extraFailure: Field[] = [];
  if (outcome === 503)
    extraFailure.push({ name: 'Retry-After', value: String(d.random.pick([30, 60, 120, 300])) });
  if (outcome === 488)
    extraFailure.push({
      name: 'Warning',
      value: `304 ${d.callee.domain} "Media type not available"`,
    });
  if (outcome === 486 || outcome === 500)
    extraFailure.push({
      name: 'Reason',
      value: `Q.850;cause=${outcome === 486 ? 17 : 41}`,
      optional: true,
    });
  if (outcome === 407)
    extraFailure.push({
      name: 'Proxy-Authenticate',
      value: digestChallenge(d.random, d.caller.domain),
    });
  out.push(response(d, inv.draft, outcome, { extra: extraFailure }));
  out.push(
    request(d, {
      method: 'ACK',
      hops: inv.draft.hops,
      toTag: d.toTag,
      requestUri: inv.draft.startLine.split(' ')[1],
    }).message,
  );
  return out;
}

const refusedCall: Flow = (d) => invite(d, d.random.pick([486, 486, 404, 403, 488, 500, 503, 503]));
const cancelledCall: Flow = (d) => invite(d, 487);
const challengedCall: Flow = (d) => {
  const first = invite(d, 407);
  d.seq += 1;
  return [...first, ...invite(d, 200, true)];
};

const registration: Flow = (d) => {
  const out: CorpusMessage[] = [];
  const first = request(d, { method: 'REGISTER' });
  out.push(first.message);
  out.push(
    response(d, first.draft, 401, {
      extra: [{ name: 'WWW-Authenticate', value: digestChallenge(d.random, d.caller.domain) }],
    }),
  );
  d.seq += 1;
  const second = request(d, {
    method: 'REGISTER',
    extra: [
      {
        name: 'Authorization',
        value: digestCredentials(d.random, d.caller, `sip:${d.caller.domain}`),
      },
    ],
  });
  out.push(second.message);
  out.push(response(d, second.draft, 200));
  return out;
};

const optionsPing: Flow = (d) => {
  const ping = request(d, {
    method: 'OPTIONS',
    extra: [{ name: 'Accept', value: 'application/sdp', optional: true }],
  });
  return [ping.message, response(d, ping.draft, d.random.chance(0.9) ? 200 : 404)];
};

const FLOWS: readonly [Flow, number][] = [
  [answeredCall, 40],
  [challengedCall, 8],
  [refusedCall, 14],
  [cancelledCall, 6],
  [registration, 20],
  [optionsPing, 12],
];
const FLOW_WEIGHT = FLOWS.reduce((sum, [, w]) => sum + w, 0);

export function pickFlow(random: Random): Flow {
  let roll = random.next() * FLOW_WEIGHT;
  for (const [flow, weight] of FLOWS) {
    roll -= weight;
    if (roll < 0) return flow;
  }
  return answeredCall;
}
