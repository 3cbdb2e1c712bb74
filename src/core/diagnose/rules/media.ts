/**
 * Media negotiation (RFC 3264 offer/answer): a T.38 switch or an SRTP offer
 * that was refused, an answer missing from the 200 OK, and streams put on
 * hold or made inactive; and why a 488 or 606 refused an offer, each cause
 * weighed by the evidence the trace holds for it.
 */
import { parseSdp } from '../../sip/sdp/parse-sdp.js';
import type { SdpMedia, SdpSession } from '../../sip/sdp/sdp-types.js';
import type { Transaction } from '../../trace/types.js';
import type { DiagnoseContext, Rule } from '../context.js';
import type { Evidence, Finding } from '../types.js';

/** Refused offers; 488 and 606 are weighed by refusedOffer() for final-responses.ts. */
const REFUSED = new Set([415, 488, 606]);
/** INVITEs whose SDP is read for hold and missing answers (every refused one is read). */
const MAX_INVITES = 300;

/**
 * What the text of an offer that puts a stream on hold must hold: a direction
 * attribute other than sendrecv (its name is matched in any case), or the
 * connection address 0.0.0.0. An offer without any of them is not parsed for
 * hold at all.
 */
const HOLD_WORDS = /sendonly|recvonly|inactive|0\.0\.0\.0/i;

/** Whether message i carries an SDP body (known from the kept facts, without parsing it again). */
function hasSdp(ctx: DiagnoseContext, i: number): boolean {
  return ctx.kept(i)?.hasSdp === true;
}

export const media: Rule = (ctx) => {
  const out: Finding[] = [];
  let holdReported = false;
  let inspected = 0;
  for (const call of ctx.trace.calls) {
    for (const t of call.transactions) {
      if (t.method !== 'INVITE' || t.request === undefined) continue;
      const code = ctx.code(t.final) ?? 0;
      // A 488 or 606 is explained once, by final-responses.ts through refusedOffer() below:
      // nothing here reads its offer.
      if (code === 488 || code === 606) continue;
      // A 415 is always read; the rest only up to a bound on big captures.
      if (code !== 415 && ++inspected > MAX_INVITES) continue;
      const request = ctx.kept(t.request);
      if (request?.hasSdp !== true) continue;
      // A refused offer never took effect, so it put nothing on hold (refusedOffer weighs it).
      const mayHold = !holdReported && !REFUSED.has(code) && HOLD_WORDS.test(request.text);
      // The offer is parsed only for what reads it: a 415's reasons, and a possible hold.
      const offer =
        code === 415 || mayHold ? parseSdp(ctx.detail(t.request)?.body ?? '') : undefined;
      if (offer !== undefined && code === 415 && t.final !== undefined) {
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
      if (code >= 200 && code < 300 && t.final !== undefined) {
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
      if (mayHold && offer !== undefined) {
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

// ---------------------------------------------------------------------------
// Why an offer was refused (488 / 606): each possible cause is weighed by what
// the offer, the refusal (its Warning, Reason, reason phrase and any SDP it
// carries) and the signalling show. "No common codec" is claimed only when a
// Warning 305, the refusing side's own list or its words show it.

/** A possible cause of a refused offer, with the evidence for it. */
interface Cause {
  id: string;
  /** 0..1: how strongly the evidence points at this cause. */
  weight: number;
  /** What shows it, in words ("the offer is RTP/AVP while the INVITE came over TLS"). */
  because: string[];
  evidence: Evidence[];
}

/** The finding a 488 or 606 should raise: the best-supported cause, or "cause not shown". */
export interface Refusal {
  id: string;
  /** Confidence when the refusal decides the trace; final-responses lowers it otherwise. */
  confidence: number;
  /** Sentences appended to the status line's description. */
  explanation: string;
  evidence: Evidence[];
}

const SRTP_WORDS = /\b(s?rtp\/savpf?|srtp|crypto|encrypt\w*|secure media|sdes|media_encryption)\b/i;
const WEBRTC_WORDS = /\b(dtls|fingerprint|ice|webrtc|avpf|udp\/tls)\b/i;
const CODEC_WORDS = /\b(codecs?|payload|no common|incompatible media format|format)\b/i;
const SDP_WORDS = /\b(sdp|parse|malformed|syntax|invalid)\b/i;
const T38_WORDS = /\b(t\.?38|fax|udptl|image)\b/i;

function isWebRtc(m: SdpMedia): boolean {
  return /UDP\/TLS\/RTP\/SAVPF|DTLS/i.test(m.protocol);
}

function codecNames(m: SdpMedia): string[] {
  return m.codecs
    .map((c) => (c.encoding ?? `PT ${c.payloadType}`).toUpperCase())
    .filter((n) => !/^(TELEPHONE-EVENT|CN|RED|ULPFEC|RTX)$/.test(n));
}

function sdpOf(ctx: DiagnoseContext, i: number | undefined): SdpSession | undefined {
  return i !== undefined && hasSdp(ctx, i) ? parseSdp(ctx.detail(i)?.body ?? '') : undefined;
}

/** An SDP line as evidence; key material and long fingerprints are not quoted. */
function sdpLine(ctx: DiagnoseContext, message: number, text: string): Evidence {
  const safe = text
    .replace(/(inline:)[^\s|]+/gi, '$1…')
    .replace(/^(a=fingerprint:\S+ )(.{0,11}).*$/i, '$1$2…')
    .replace(/^(a=ice-pwd:).*/i, '$1…');
  return { message, text: ctx.redactor.text(safe.slice(0, 160)) };
}

function mLine(m: SdpMedia): string {
  return `m=${m.type} ${m.port ?? '?'} ${m.protocol} ${m.formats.join(' ')}`.trim();
}

function add(
  causes: Map<string, Cause>,
  id: string,
  weight: number,
  because: string,
  evidence: Evidence[] = [],
): void {
  const c = causes.get(id);
  if (c === undefined) {
    causes.set(id, { id, weight, because: [because], evidence: [...evidence] });
    return;
  }
  // Independent pieces of evidence add up, but never to certainty.
  c.weight = Math.min(0.97, Math.max(c.weight, weight) + Math.min(c.weight, weight) * 0.25);
  c.because.push(because);
  for (const e of evidence) if (!c.evidence.some((x) => x.text === e.text)) c.evidence.push(e);
}

/**
 * Why the offer of transaction t was refused with `final` (a 488 or 606):
 * the cause its evidence best supports, the others that have evidence too,
 * and, when nothing shows a cause, what to look at.
 */
export function refusedOffer(ctx: DiagnoseContext, t: Transaction, final: number): Refusal {
  const code = ctx.code(final) ?? 0;
  const causes = new Map<string, Cause>();
  const request = t.request === undefined ? undefined : ctx.detail(t.request);
  const offer = sdpOf(ctx, t.request);
  const stated = sdpOf(ctx, final);
  const warnings = ctx.headers(final, 'warning', 3);
  const wordEvidence = [...warnings, ...ctx.headers(final, 'reason', 2)];
  const startEvidence = ctx.startLine(final);
  // A Warning's agent (a host name such as gw.invalid) is not words about the cause.
  const spoken = (e: Evidence): string => e.text.replace(/^Warning:\s*\d+\s+\S+\s*/i, '');
  const said = (re: RegExp): Evidence[] => {
    const hits = wordEvidence.filter((e) => re.test(spoken(e)));
    return hits.length > 0 ? hits : re.test(ctx.kept(final)?.reason ?? '') ? [startEvidence] : [];
  };

  // What the refusing side said.
  const w305 = warnings.find((w) => /^Warning:\s*305\b/i.test(w.text));
  if (w305 !== undefined)
    add(causes, 'media.codec-mismatch', 0.9, `its Warning 305 (incompatible media format)`, [w305]);
  const w304 = warnings.find((w) => /^Warning:\s*304\b/i.test(w.text));
  if (w304 !== undefined && !offer?.media.some((m) => m.type === 'image'))
    add(causes, 'media.codec-mismatch', 0.6, `its Warning 304 (media type not available)`, [w304]);
  if (said(SRTP_WORDS).length > 0)
    add(causes, 'media.srtp-mismatch', 0.85, 'the refusal names SRTP or crypto', said(SRTP_WORDS));
  if (said(WEBRTC_WORDS).length > 0)
    add(
      causes,
      'media.webrtc-mismatch',
      0.8,
      'the refusal names DTLS, ICE or WebRTC',
      said(WEBRTC_WORDS),
    );
  if (w305 === undefined && said(CODEC_WORDS).length > 0 && said(SRTP_WORDS).length === 0)
    add(causes, 'media.codec-mismatch', 0.8, 'the refusal names codecs', said(CODEC_WORDS));
  if (said(SDP_WORDS).length > 0 && said(CODEC_WORDS).length === 0)
    add(
      causes,
      'media.sdp-malformed',
      0.6,
      'the refusal says the SDP could not be read',
      said(SDP_WORDS),
    );

  if (offer !== undefined && t.request !== undefined) {
    const at = t.request;
    const active = offer.media.filter((m) => !m.rejected);
    // T.38.
    const fax = active.find((m) => m.type === 'image' && /t38/i.test(m.formats.join(' ')));
    if (fax !== undefined)
      add(
        causes,
        'media.t38-rejected',
        said(T38_WORDS).length > 0 ? 0.95 : 0.9,
        `the offer switches to T.38 fax (${mLine(fax)})`,
        [sdpLine(ctx, at, mLine(fax))],
      );
    // Malformed SDP.
    const broken = offer.problems.filter(
      (p) =>
        p.severity === 'error' || p.id === 'sdp.connection.missing' || p.id === 'sdp.line.blank',
    );
    const where =
      offer.media[0] === undefined ? ctx.startLine(at) : sdpLine(ctx, at, mLine(offer.media[0]));
    if (offer.media.length === 0)
      add(causes, 'media.sdp-malformed', 0.85, 'the offer has no m= line', [where]);
    for (const p of broken.slice(0, 2))
      add(
        causes,
        'media.sdp-malformed',
        p.id === 'sdp.connection.missing' ? 0.85 : 0.75,
        `the offer's SDP is broken (${p.message.replace(/\.$/, '').replace(/^The /, 'the ')})`,
        [where],
      );
    const body = request?.body ?? '';
    if (/\r(?!\n)/.test(body) || (/\r\n/.test(body) && /(^|[^\r])\n/.test(body)))
      add(
        causes,
        'media.sdp-malformed',
        0.6,
        'the offer mixes line endings (CR LF with bare LF or CR)',
        [ctx.startLine(at)],
      );
    // WebRTC against plain SIP, and the reverse.
    const webrtc = active.find(isWebRtc);
    const fingerprint = active.find((m) => m.effectiveFingerprints.length > 0);
    const ice =
      active.find((m) => m.candidates.length > 0 || m.iceUfrag !== undefined) ??
      (offer.iceUfrag !== undefined ? active[0] : undefined);
    if (webrtc !== undefined || (fingerprint !== undefined && ice !== undefined)) {
      const shown: string[] = [];
      const ev: Evidence[] = [];
      if (webrtc !== undefined) {
        shown.push(webrtc.protocol);
        ev.push(sdpLine(ctx, at, mLine(webrtc)));
      }
      if (fingerprint !== undefined) {
        shown.push('a=fingerprint (DTLS)');
        const fp = fingerprint.effectiveFingerprints[0];
        if (fp !== undefined) ev.push(sdpLine(ctx, at, `a=fingerprint:${fp.hash} ${fp.value}`));
      }
      if (ice !== undefined) {
        shown.push(
          `ICE (${ice.candidates.length} candidate${ice.candidates.length === 1 ? '' : 's'})`,
        );
        const cand = ice.candidates[0];
        if (cand !== undefined)
          ev.push(
            sdpLine(
              ctx,
              at,
              `a=candidate:${cand.raw}`.replace('a=candidate:candidate:', 'a=candidate:'),
            ),
          );
      }
      const plainStated = stated?.media.some((m) => /^RTP\/S?AVP$/i.test(m.protocol));
      add(
        causes,
        'media.webrtc-mismatch',
        plainStated ? 0.9 : webrtc !== undefined ? 0.75 : 0.6,
        `the offer is WebRTC media (${shown.join(', ')})${plainStated ? ' and the refusing side lists plain RTP' : ''}, which a plain SIP endpoint does not take`,
        ev,
      );
    } else if (stated?.media.some(isWebRtc) || /^WSS?$/i.test(request?.via[0]?.transport ?? '')) {
      const m = active[0];
      add(
        causes,
        'media.webrtc-mismatch',
        stated?.media.some(isWebRtc) ? 0.85 : 0.55,
        `the offer is plain ${m?.protocol ?? 'SDP'} without DTLS or ICE, ${stated?.media.some(isWebRtc) ? 'while the refusing side lists WebRTC media' : `sent to a WebSocket (${request?.via[0]?.transport}) client, which needs DTLS-SRTP and ICE`}`,
        m === undefined ? [ctx.startLine(at)] : [sdpLine(ctx, at, mLine(m))],
      );
    }
    // SRTP required or refused (WebRTC's DTLS-SRTP counted above).
    if (webrtc === undefined) {
      const savp = active.find((m) => /SAVP/i.test(m.protocol));
      const avp = active.find((m) => /^RTP\/AVPF?$/i.test(m.protocol));
      const statedSavp = stated?.media.find((m) => /SAVP/i.test(m.protocol));
      const statedAvp = stated?.media.find((m) => /^RTP\/AVPF?$/i.test(m.protocol));
      const transport = request?.via[0]?.transport?.toUpperCase() ?? '';
      const tls = transport === 'TLS' || /^sips:/i.test(request?.requestUri ?? '');
      if (savp !== undefined && statedAvp !== undefined)
        add(
          causes,
          'media.srtp-mismatch',
          0.92,
          `the offer is ${savp.protocol} (SRTP) and the refusing side lists ${statedAvp.protocol} (plain RTP)`,
          [sdpLine(ctx, at, mLine(savp)), sdpLine(ctx, final, mLine(statedAvp))],
        );
      else if (avp !== undefined && statedSavp !== undefined)
        add(
          causes,
          'media.srtp-mismatch',
          0.92,
          `the offer is ${avp.protocol} (plain RTP) and the refusing side lists ${statedSavp.protocol} (SRTP)`,
          [sdpLine(ctx, at, mLine(avp)), sdpLine(ctx, final, mLine(statedSavp))],
        );
      if (savp !== undefined) {
        const keys = savp.crypto;
        const unusable = offer.problems.filter((p) =>
          /^sdp\.(crypto\.|srtp\.keys-missing)/.test(p.id),
        );
        if (keys.length === 0 && savp.effectiveFingerprints.length === 0)
          add(
            causes,
            'media.srtp-mismatch',
            0.75,
            `the offer is ${savp.protocol} but has no a=crypto line, so SRTP has no keys`,
            [sdpLine(ctx, at, mLine(savp))],
          );
        else if (unusable.length > 0)
          add(
            causes,
            'media.srtp-mismatch',
            0.7,
            `the offer's a=crypto is unusable (${unusable[0]?.message ?? ''})`,
            [sdpLine(ctx, at, mLine(savp))],
          );
        else {
          const first = keys[0];
          add(
            causes,
            'media.srtp-mismatch',
            0.6,
            `the offer requires SRTP (${savp.protocol}${first === undefined ? '' : `, a=crypto ${first.suite}`}), which a plain-RTP peer refuses`,
            [
              sdpLine(ctx, at, mLine(savp)),
              ...(first === undefined
                ? []
                : [sdpLine(ctx, at, `a=crypto:${first.tag} ${first.suite} inline:x`)]),
            ],
          );
        }
      } else if (avp !== undefined && tls)
        add(
          causes,
          'media.srtp-mismatch',
          0.5,
          `the INVITE came over ${transport === 'TLS' ? 'TLS' : 'a sips: URI'} but offers plain ${avp.protocol}; endpoints set for secure calls expect SRTP`,
          [sdpLine(ctx, at, mLine(avp)), ...(request?.via[0] ? ctx.headers(at, 'via', 1) : [])],
        );
      else if (avp !== undefined && avp.crypto.length > 0)
        add(
          causes,
          'media.srtp-mismatch',
          0.35,
          `the offer carries a=crypto on plain ${avp.protocol} (best-effort SRTP), which some peers refuse`,
          [sdpLine(ctx, at, mLine(avp))],
        );
    }
    // Codecs: shown only by the refusing side's own list.
    if (stated !== undefined) {
      for (const m of active.filter((x) => x.type !== 'image')) {
        const theirs = stated.media.find((s) => s.type === m.type);
        if (theirs === undefined) continue;
        const ours = codecNames(m);
        const their = codecNames(theirs);
        if (ours.length === 0 || their.length === 0) continue;
        if (!ours.some((c) => their.includes(c)))
          add(
            causes,
            'media.codec-mismatch',
            0.92,
            `the offer's ${m.type} codecs (${ours.join(', ')}) and the refusing side's (${their.join(', ')}) have none in common`,
            [sdpLine(ctx, at, mLine(m)), sdpLine(ctx, final, mLine(theirs))],
          );
        else {
          // A shared codec is evidence against a codec mismatch.
          const c = causes.get('media.codec-mismatch');
          if (c !== undefined) c.weight = Math.min(c.weight, 0.5);
        }
      }
    }
    // Direction or hold.
    const held = active.find(
      (m) =>
        m.candidates.length === 0 &&
        (m.effectiveDirection !== 'sendrecv' || m.effectiveConnection?.address === '0.0.0.0'),
    );
    if (held !== undefined && causes.size === 0)
      add(
        causes,
        'media.hold-or-inactive',
        0.5,
        `the offer puts the ${held.type} stream ${held.effectiveConnection?.address === '0.0.0.0' ? 'on hold (c=0.0.0.0)' : held.effectiveDirection}, which some endpoints refuse`,
        [
          sdpLine(ctx, at, mLine(held)),
          sdpLine(
            ctx,
            at,
            held.effectiveConnection?.address === '0.0.0.0'
              ? 'c=IN IP4 0.0.0.0'
              : `a=${held.effectiveDirection}`,
          ),
        ],
      );
  }

  const ranked = [...causes.values()].sort((a, b) => b.weight - a.weight);
  const top = ranked[0];
  if (top === undefined) return unexplained(ctx, t, code, offer);
  let explanation = ` What shows the cause: ${top.because.join('; ')}.`;
  const others = ranked.slice(1).filter((c) => c.weight >= 0.3);
  if (others.length > 0)
    explanation += ` Also possible, with less evidence: ${others.map((c) => `${c.id} (${c.because.join('; ')})`).join('; ')}.`;
  if (top.id !== 'media.codec-mismatch' && !causes.has('media.codec-mismatch'))
    explanation += ' Nothing in the trace shows the codec lists failing to overlap.';
  const evidence = [...top.evidence];
  for (const c of others) for (const e of c.evidence.slice(0, 1)) evidence.push(e);
  return { id: top.id, confidence: top.weight, explanation, evidence };
}

/** No evidence for any cause: a low-confidence finding that says what to look at. */
function unexplained(
  ctx: DiagnoseContext,
  t: Transaction,
  code: number,
  offer: SdpSession | undefined,
): Refusal {
  const parts: string[] = [];
  const evidence: Evidence[] = [];
  if (t.request === undefined)
    parts.push('the request and its SDP offer are not in the paste, so the offer cannot be read');
  else if (offer === undefined)
    parts.push(
      `the ${t.method} carried no SDP (a late offer or an in-dialog request), so the refused offer is not in the trace`,
    );
  else {
    const m = offer.media.find((x) => !x.rejected) ?? offer.media[0];
    if (m !== undefined) {
      evidence.push(sdpLine(ctx, t.request, mLine(m)));
      parts.push(
        `the offer (${mLine(m)}${codecNames(m).length > 0 ? `: ${codecNames(m).join(', ')}` : ''}) looks well formed, plain RTP and two-way`,
      );
    }
  }
  parts.push(`the ${code} carries no Warning, no SDP of its own and no words that name a cause`);
  return {
    id: 'media.offer-refused',
    confidence: 0.3,
    explanation: ` The cause is not shown: ${parts.join('; ')}. Look at the refusing side's log for the reason it gives, compare its allowed codecs and its media encryption setting (SRTP, DTLS) with the offer, and paste the SDP of both sides if they are not in the trace.`,
    evidence,
  };
}
