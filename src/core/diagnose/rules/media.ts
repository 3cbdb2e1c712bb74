/**
 * Media negotiation (RFC 3264 offer/answer): a T.38 switch or an SRTP offer
 * that was refused, an answer missing from the 200 OK, and streams put on
 * hold or made inactive.
 */
import { parseSdp } from '../../sip/sdp/parse-sdp.js';
import type { DiagnoseContext, Rule } from '../context.js';
import type { Finding } from '../types.js';

const REFUSED = new Set([415, 488, 606]);
/** INVITEs whose SDP is read for hold and missing answers (every refused one is read). */
const MAX_INVITES = 300;

function hasSdp(ctx: DiagnoseContext, i: number): boolean {
  const m = ctx.detail(i);
  return m !== undefined && m.bodyBytes > 0 && (m.contentType ?? '').includes('sdp');
}

export const media: Rule = (ctx) => {
  const out: Finding[] = [];
  let holdReported = false;
  let inspected = 0;
  for (const call of ctx.trace.calls) {
    for (const t of call.transactions) {
      if (t.method !== 'INVITE' || t.request === undefined) continue;
      // Refused offers are always read; the rest only up to a bound on big captures.
      if (!REFUSED.has(ctx.code(t.final) ?? 0) && ++inspected > MAX_INVITES) continue;
      const offer = hasSdp(ctx, t.request)
        ? parseSdp(ctx.detail(t.request)?.body ?? '')
        : undefined;
      const code = ctx.code(t.final) ?? 0;
      if (offer !== undefined && REFUSED.has(code) && t.final !== undefined) {
        if (offer.media.some((m) => m.type === 'image' && /t38/i.test(m.formats.join(' ')))) {
          out.push(
            ctx.finding(
              'media.t38-rejected',
              0.95,
              `The INVITE offered T.38 fax (m=image) and was refused with ${code}.`,
              [ctx.startLine(t.final), ctx.startLine(t.request)],
            ),
          );
        } else if (offer.media.some((m) => /SAVP/i.test(m.protocol))) {
          out.push(
            ctx.finding(
              'media.srtp-mismatch',
              0.9,
              `The INVITE offered encrypted media (${offer.media.map((m) => m.protocol).join(', ')}) and was refused with ${code}: the other side wants the other kind of RTP.`,
              [ctx.startLine(t.final), ctx.startLine(t.request)],
            ),
          );
        }
      }
      if (offer !== undefined && code >= 200 && code < 300 && t.final !== undefined) {
        const early = t.responses.some((r) => (ctx.code(r) ?? 0) < 200 && hasSdp(ctx, r));
        if (!early && !hasSdp(ctx, t.final)) {
          out.push(
            ctx.finding(
              'media.no-answer-sdp',
              0.8,
              'The INVITE carried an SDP offer, but neither a reliable provisional response nor the 200 OK carried the answer.',
              [ctx.startLine(t.final)],
            ),
          );
        }
      }
      if (!holdReported && offer !== undefined) {
        const held = offer.media.find(
          (m) =>
            m.effectiveDirection !== 'sendrecv' || m.effectiveConnection?.address === '0.0.0.0',
        );
        if (held !== undefined) {
          holdReported = true;
          out.push(
            ctx.finding(
              'media.hold-or-inactive',
              0.7,
              `An INVITE puts the ${held.type} stream ${held.effectiveConnection?.address === '0.0.0.0' ? 'on hold (c=0.0.0.0)' : held.effectiveDirection}: one side stops sending media.`,
              [ctx.startLine(t.request)],
            ),
          );
        }
      }
    }
  }
  return out;
};
