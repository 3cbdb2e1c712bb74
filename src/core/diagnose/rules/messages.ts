/**
 * Defects in the messages themselves, from the parser's problems:
 * malformed messages (error problems), Content-Length that does not match
 * the body, a CSeq method that differs from the request's, and Via
 * branches without the RFC 3261 magic cookie.
 */
import type { DiagnoseContext, Rule } from '../context.js';
import type { Evidence, Finding } from '../types.js';

const LENGTH_PROBLEMS = new Set([
  'body.truncated',
  'body.extra-bytes',
  'content-length.invalid',
  'content-length.conflict',
]);

function collect(ctx: DiagnoseContext, pick: (id: string, severity: string) => boolean) {
  const evidence: Evidence[] = [];
  const sentences: string[] = [];
  let count = 0;
  ctx.trace.messages.forEach((m, i) => {
    for (const p of m.problems) {
      if (!pick(p.id, p.severity)) continue;
      count++;
      if (evidence.length < 3) {
        const line = ctx.startLine(i);
        evidence.push({ ...line, text: `${line.text} (${p.id})` });
        sentences.push(p.message);
      }
      break;
    }
  });
  return { evidence, sentences, count };
}

export const messages: Rule = (ctx) => {
  const out: Finding[] = [];
  const lengths = collect(ctx, (id) => LENGTH_PROBLEMS.has(id));
  if (lengths.count > 0)
    out.push(
      ctx.finding(
        'message.content-length-mismatch',
        0.8,
        `${lengths.count} message(s) have a body that does not match Content-Length: ${lengths.sentences[0] ?? ''}`,
        lengths.evidence,
      ),
    );
  const cseq = collect(ctx, (id) => id === 'cseq.method-mismatch');
  if (cseq.count > 0)
    out.push(ctx.finding('message.cseq-mismatch', 0.8, cseq.sentences[0] ?? '', cseq.evidence));
  const malformed = collect(
    ctx,
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
  const legacy = [...ctx.trace.transactions.values()].filter(
    (t) => t.legacy && t.request !== undefined,
  );
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
