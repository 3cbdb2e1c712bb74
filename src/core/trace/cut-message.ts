/**
 * A paste cut short: chat limits and copy-paste cut the last message of a
 * paste mid-header or mid-body. That message is missing evidence, not a
 * defect of the element that sent it: its problems come from the cut, and
 * what it does show (start line, Via, Call-ID, CSeq...) is still used.
 */
import { type InputMessages, messageAt } from '../sip/message-list.js';
import type { Problem } from '../sip/types.js';

/**
 * A problem that a cut by the end of the input explains on the message it cut:
 * a body shorter than its Content-Length, or a mandatory header missing (an
 * error; a missing Max-Forwards is only a warning and says nothing of a cut).
 */
export function isCutProblem(problem: Pick<Problem, 'id' | 'severity'>): boolean {
  return (
    problem.id === 'body.truncated' ||
    (problem.id === 'header.missing' && problem.severity === 'error')
  );
}

/**
 * Index of the message the end of the input cut short, if any: the last
 * message, flagged truncated by ingest, or (in a pasted text) with a body
 * shorter than its Content-Length or mandatory headers missing (the lines
 * after the cut). Headers not closed by an empty line alone are no sign: a
 * paste often ends right after the last header.
 */
export function cutMessage(messages: InputMessages): number | undefined {
  const last = messages.length - 1;
  const m = messageAt(messages, last);
  if (m === undefined || m.kind === 'unknown') return undefined;
  if (m.source.truncated === true) return last;
  // A captured datagram is whole: a body shorter than its Content-Length is the sender's defect.
  if (m.source.line === undefined) return undefined;
  return m.problems.some(isCutProblem) ? last : undefined;
}
