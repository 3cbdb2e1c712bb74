/**
 * Decodes what the elements said about why a call ended: every Reason
 * header (RFC 3326: Q.850 cause values with their FreeSWITCH and Asterisk
 * names, or a SIP code) and every Warning header (warn-codes) on the final
 * responses, CANCELs and BYEs of the trace.
 */
import { parseReason, parseWarning } from '../../sip/header-values.js';
import type { DiagnoseContext, Rule } from '../context.js';
import type { Evidence, Finding } from '../types.js';

/** Messages whose Reason and Warning headers say why something ended. */
function clearingMessages(ctx: DiagnoseContext): number[] {
  const out: number[] = [];
  for (const call of ctx.trace.calls) {
    for (const t of call.transactions) {
      if (t.final !== undefined && (ctx.code(t.final) ?? 0) >= 300) out.push(t.final);
      if ((t.method === 'BYE' || t.method === 'CANCEL') && t.request !== undefined)
        out.push(t.request);
    }
  }
  return out.sort((a, b) => a - b).slice(0, 200);
}

function describeCause(ctx: DiagnoseContext, cause: number): string {
  const entry = ctx.kb.cause(cause);
  const maps = ctx.kb.mappings.forCause(cause);
  const names = [
    maps.freeswitchName ? `FreeSWITCH ${maps.freeswitchName}` : undefined,
    maps.asteriskNames[0] ? `Asterisk ${maps.asteriskNames[0]}` : undefined,
  ].filter(Boolean);
  return `Q.850 cause ${cause}${entry ? ` (${entry.name})` : ''}${names.length ? `, ${names.join(', ')}` : ''}`;
}

export const clearing: Rule = (ctx) => {
  const reasons: string[] = [];
  const reasonEvidence: Evidence[] = [];
  const warnings: string[] = [];
  const warningEvidence: Evidence[] = [];
  for (const i of clearingMessages(ctx)) {
    // Parsed again only when it has a header to read (known without parsing it).
    const kept = ctx.kept(i);
    if (kept === undefined || !(kept.has('reason') || kept.has('warning'))) continue;
    const m = ctx.detail(i);
    if (m === undefined) continue;
    for (const h of m.headers) {
      if (h.key === 'reason') {
        for (const r of parseReason(h.value).reasons) {
          const what =
            r.protocol.toUpperCase() === 'Q.850' && r.cause !== undefined
              ? describeCause(ctx, r.cause)
              : r.cause !== undefined
                ? `${r.protocol} ${r.cause}${ctx.kb.code(r.cause) ? ` (${ctx.kb.code(r.cause)?.phrase})` : ''}`
                : r.raw;
          if (!reasons.includes(what)) reasons.push(what);
        }
        if (reasonEvidence.length < 4)
          reasonEvidence.push({
            message: i,
            header: h.name,
            text: ctx.redactor.text(`${h.name}: ${h.value}`),
          });
      } else if (h.key === 'warning') {
        for (const w of parseWarning(h.value).warnings) {
          const entry = w.code === undefined ? undefined : ctx.kb.warning(w.code);
          const what = `${w.code ?? '?'} ${entry ? `(${entry.text})` : ''} from ${w.agent}: "${w.text}"`;
          if (!warnings.includes(what)) warnings.push(what);
        }
        if (warningEvidence.length < 4)
          warningEvidence.push({
            message: i,
            header: h.name,
            text: ctx.redactor.text(`${h.name}: ${h.value}`),
          });
      }
    }
  }
  const out: Finding[] = [];
  if (reasons.length > 0)
    out.push(
      ctx.finding(
        'clearing.reason',
        0.95,
        `Reason given: ${reasons.slice(0, 4).join('; ')}.`,
        reasonEvidence,
      ),
    );
  if (warnings.length > 0)
    out.push(
      ctx.finding(
        'clearing.warning',
        0.95,
        `Warning: ${warnings.slice(0, 4).join('; ')}.`,
        warningEvidence,
      ),
    );
  return out;
};
