/**
 * Defects in the messages themselves, from the parser's problems:
 * malformed messages (error problems), Content-Length that does not match
 * the body, a CSeq method that differs from the request's, and Via
 * branches without the RFC 3261 magic cookie. A message cut short by the
 * end of the paste is not blamed for what the cut took away.
 */
import type { Problem } from '../../sip/types.js';
import { cutMessage, isCutProblem } from '../../trace/cut-message.js';
import type { DiagnoseContext, Rule } from '../context.js';
import type { Evidence, Finding } from '../types.js';

const LENGTH_PROBLEMS = new Set([
  'body.truncated',
  'body.extra-bytes',
  'content-length.invalid',
  'content-length.conflict',
]);

/** A message that has problems, by its index, with them. */
interface WithProblems {
  index: number;
  problems: readonly Problem[];
}

/** The messages that have problems, in order: read once for every `collect`. */
function withProblems(ctx: DiagnoseContext): WithProblems[] {
  const out: WithProblems[] = [];
  ctx.trace.messages.forEach((m, index) => {
    const problems = m.problems;
    if (problems.length > 0) out.push({ index, problems });
  });
  return out;
}

function collect(
  ctx: DiagnoseContext,
  found: readonly WithProblems[],
  pick: (id: string, severity: string) => boolean,
) {
  const evidence: Evidence[] = [];
  const sentences: string[] = [];
  let count = 0;
  // The message the end of the paste cut is missing evidence (see verdict.ts), not a defect.
  const cut = cutMessage(ctx.trace.messages);
  for (const { index: i, problems } of found) {
    for (const p of problems) {
      if (i === cut && isCutProblem(p)) continue;
      if (!pick(p.id, p.severity)) continue;
      count++;
      if (evidence.length < 3) {
        const line = ctx.startLine(i);
        evidence.push({ ...line, text: `${line.text} (${p.id})` });
        sentences.push(p.message);
      }
      break;
    }
  }
  return { evidence, sentences, count };
}

/**
 * A request line whose method differs from its CSeq's. Its transaction is its
 * branch and CSeq method (RFC 3261 §17.1.3), so its response still matches it:
 * an error answer to it (400, 500) is most likely this defect, and says so.
 */
function cseqMismatch(ctx: DiagnoseContext, evidence: Evidence[], sentence: string): Finding {
  let explanation = sentence;
  let confidence = 0.8;
  const first = evidence[0]?.message;
  const t = ctx.trace.transactions.find((x) => first !== undefined && x.requests.includes(first));
  const code = ctx.code(t?.final) ?? 0;
  if (t?.final !== undefined && code >= 400) {
    evidence.push(ctx.startLine(t.final));
    explanation += ` Its response (matched by Via branch and CSeq method) is ${code} ${ctx.kept(t.final)?.reason ?? ''}: the element refused the request for this defect.`;
    confidence = 0.95;
  }
  return ctx.finding('message.cseq-mismatch', confidence, explanation, evidence);
}

export const messages: Rule = (ctx) => {
  const out: Finding[] = [];
  const found = withProblems(ctx);
  const lengths = collect(ctx, found, (id) => LENGTH_PROBLEMS.has(id));
  if (lengths.count > 0)
    out.push(
      ctx.finding(
        'message.content-length-mismatch',
        0.8,
        `${lengths.count} message(s) have a body that does not match Content-Length: ${lengths.sentences[0] ?? ''}`,
        lengths.evidence,
      ),
    );
  const cseq = collect(ctx, found, (id) => id === 'cseq.method-mismatch');
  if (cseq.count > 0) out.push(cseqMismatch(ctx, cseq.evidence, cseq.sentences[0] ?? ''));
  const malformed = collect(
    ctx,
    found,
    (id, severity) =>
      severity === 'error' &&
      !LENGTH_PROBLEMS.has(id) &&
      id !== 'cseq.method-mismatch' &&
      !id.startsWith('limits.'),
  );
  if (malformed.count > 0)
    out.push(
      ctx.finding(
        'message.malformed',
        0.7,
        `${malformed.count} message(s) break the SIP grammar; a strict element answers them 400 or drops them: ${malformed.sentences[0] ?? ''}`,
        malformed.evidence,
      ),
    );
  const legacy = ctx.trace.transactions.filter((t) => t.legacy && t.request !== undefined);
  if (legacy.length > 0)
    out.push(
      ctx.finding(
        'message.non-rfc3261-branch',
        0.7,
        `${legacy.length} request(s) carry a Via branch without the z9hG4bK magic cookie, so elements match their transactions the RFC 2543 way.`,
        legacy
          .slice(0, 2)
          .map((t) => ctx.header(t.request as number, 'via') ?? ctx.startLine(t.request as number)),
      ),
    );
  return out;
};
