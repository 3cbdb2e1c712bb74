/**
 * B2BUA legs: a back-to-back user agent (FreeSWITCH, Asterisk, an SBC)
 * turns one call into two, each with its own Call-ID. They are tied
 * together when the outgoing leg names the incoming one in an
 * X-Call-ID-style header, or, failing that, when both INVITEs dial the same
 * number within a few seconds of each other (the later one is the B-leg).
 */
import type { InputMessage } from '../sip/input-message.js';
import { LEG_HEADERS } from '../sip/leg-headers.js';
import { type InputMessages, messageAt } from '../sip/message-list.js';
import { append, type CallDraft } from './trace-draft.js';

/** Seconds between the A-leg's INVITE and the B-leg's within which the same number ties them. */
const NUMBER_WINDOW_MS = 3000;
/**
 * INVITEs looked at: each costs a full parse for its headers (made one at a
 * time and dropped), so a capture with many thousands of calls stays bounded.
 */
const MAX_CALLS = 5000;

/** The dialled number of a Request-URI ("sip:+14155550100@x" -> "4155550100"), when it has one. */
function dialled(uri: string | undefined): string | undefined {
  const user = /^(?:sips?|tel):([^@;?]+)/i.exec(uri ?? '')?.[1];
  const digits = user?.replace(/[^0-9]/g, '') ?? '';
  return digits.length >= 6 ? digits.slice(-10) : undefined;
}

function link(a: CallDraft, b: CallDraft, how: 'header' | 'number'): void {
  if (b.legOf !== undefined || a === b) return;
  b.legOf = { callId: a.callId, how };
  if (!a.legs.includes(b.callId)) a.legs = append(a.legs, b.callId);
}

/** The other call an INVITE names in its first leg header that holds a known Call-ID but its own. */
function namedLeg(
  call: CallDraft,
  invite: InputMessage | undefined,
  byId: ReadonlyMap<string, CallDraft>,
): CallDraft | undefined {
  // Most INVITEs name no other leg: those are not parsed again.
  if (invite === undefined || !LEG_HEADERS.some((name) => invite.has(name))) return undefined;
  const parsed = invite.message;
  for (const name of LEG_HEADERS) {
    // An absent or empty header names no leg (and must not find the calls without a Call-ID).
    const named = parsed.header(name)?.value.trim() ?? '';
    const other = named === '' ? undefined : byId.get(named);
    if (other !== undefined && other !== call) return other;
  }
  return undefined;
}

/**
 * Links the legs of `calls` (in input order, outcomes already settled) and
 * notes, on each incoming leg, the deciding responses of its failed legs.
 */
export function linkLegs(calls: readonly CallDraft[], messages: InputMessages): void {
  const byId = new Map(calls.map((c) => [c.callId, c]));
  const invites = calls
    .filter((c) => c.primary?.method === 'INVITE' && c.primary.request !== undefined)
    .slice(0, MAX_CALLS);
  for (const call of invites) {
    const other = namedLeg(call, messageAt(messages, call.primary?.request), byId);
    if (other !== undefined) link(other, call, 'header');
  }
  const recent: { call: CallDraft; number: string; at: number }[] = [];
  for (const call of invites) {
    if (call.legOf !== undefined) continue;
    const m = messageAt(messages, call.primary?.request);
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
  for (const call of calls) {
    for (const id of call.legs) {
      const leg = byId.get(id);
      if (leg?.outcome === 'failed' && leg.decisive !== undefined)
        call.failedLegs = append(call.failedLegs, leg.decisive);
    }
  }
}
