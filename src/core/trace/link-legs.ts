/**
 * B2BUA legs: a back-to-back user agent (FreeSWITCH, Asterisk, an SBC)
 * turns one call into two, each with its own Call-ID. They are tied
 * together when the outgoing leg names the incoming one in an
 * X-Call-ID-style header, or, failing that, when both INVITEs dial the same
 * number within a few seconds of each other (the later one is the B-leg).
 */
import type { InputMessage } from '../sip/input-message.js';
import type { Call, Trace } from './types.js';

/** Headers B2BUAs and SBCs put the other leg's Call-ID in. */
export const LEG_HEADERS = [
  'x-call-id',
  'x-cid',
  'x-orig-call-id',
  'x-original-call-id',
  'x-leg-call-id',
  'x-fs-call-id',
] as const;

/** Seconds between the A-leg's INVITE and the B-leg's within which the same number ties them. */
const NUMBER_WINDOW_MS = 3000;
/** Calls looked at by number (the header check is cheap and looks at all of them). */
const MAX_CALLS = 5000;

/** The dialled number of a Request-URI ("sip:+14155550100@x" -> "4155550100"), when it has one. */
function dialled(uri: string | undefined): string | undefined {
  const user = /^(?:sips?|tel):([^@;?]+)/i.exec(uri ?? '')?.[1];
  const digits = user?.replace(/[^0-9]/g, '') ?? '';
  return digits.length >= 6 ? digits.slice(-10) : undefined;
}

/** The final response of a failed B2BUA leg made from `call` that came before `final`, if any. */
export function failedLeg(trace: Trace, call: Call, final: number): number | undefined {
  for (const id of call.legs) {
    const leg = trace.callsById.get(id);
    const legFinal = leg?.decisive;
    if (leg?.outcome === 'failed' && legFinal !== undefined && legFinal < final) return legFinal;
  }
  return undefined;
}

function link(a: Call, b: Call, how: 'header' | 'number'): void {
  if (b.legOf !== undefined || a === b) return;
  b.legOf = { callId: a.callId, how };
  if (!a.legs.includes(b.callId)) a.legs.push(b.callId);
}

/**
 * Links the legs of `calls` (in input order). `header(i, name)` reads a
 * header of message i (the caller parses it on demand).
 */
export function linkLegs(
  calls: readonly Call[],
  messages: readonly InputMessage[],
  header: (index: number, name: string) => string | undefined,
): void {
  const byId = new Map(calls.map((c) => [c.callId, c]));
  const invites = calls
    .filter((c) => c.primary?.method === 'INVITE' && c.primary.request !== undefined)
    .slice(0, MAX_CALLS);
  for (const call of invites) {
    const request = call.primary?.request as number;
    for (const name of LEG_HEADERS) {
      const other = byId.get((header(request, name) ?? '').trim());
      if (other !== undefined && other !== call) {
        link(other, call, 'header');
        break;
      }
    }
  }
  const recent: { call: Call; number: string; at: number }[] = [];
  for (const call of invites) {
    if (call.legOf !== undefined) continue;
    const m = messages[call.primary?.request as number];
    const number = dialled(m?.requestUri);
    const at = m?.source.epochMicros;
    if (number === undefined || at === undefined) continue;
    const earlier = recent.find(
      (r) => r.number === number && at - r.at >= 0 && at - r.at <= NUMBER_WINDOW_MS * 1000,
    );
    if (earlier !== undefined && earlier.call.legOf === undefined)
      link(earlier.call, call, 'number');
    recent.push({ call, number, at });
    if (recent.length > 64) recent.shift();
  }
}
