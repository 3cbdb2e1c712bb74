/**
 * The core split by cost. A lookup (`/sip 403`, a suggestion while typing,
 * a checklist click) is answered in microseconds from the knowledge base in
 * memory, and crossing to a worker thread and back costs more than the
 * answer: those run here. Anything that parses a trace (a paste, a file,
 * "Full JSON") runs in the worker threads, so it never holds up the thread
 * that answers everyone else.
 */
import type { App } from '../../core/app/handle.js';
import type { Reply } from '../../core/app/reply.js';
import type { AppRequest } from '../../core/app/request.js';

/** Card actions that only read the knowledge base or a message's state. */
const LIGHT_ACTIONS = new Set(['post-checklist', 'show-more', 'tick', 'untick']);

/** Whether a request is a lookup: no files, no SIP messages to parse. */
export function isLookup(request: AppRequest): boolean {
  if ((request.attachments?.length ?? 0) > 0) return false;
  if (request.type === 'message') return false;
  if (request.type === 'action') return LIGHT_ACTIONS.has(request.action.id);
  if (request.command !== undefined && request.command !== 'suggest') return false;
  // A paste after the command, or text long enough to be one, is a diagnosis.
  return request.text.length <= 500 && !/SIP\/2\.0/i.test(request.text);
}

export class SplitApp implements App {
  constructor(
    private readonly lookups: App,
    private readonly traces: App,
  ) {}

  handle(request: AppRequest): Promise<Reply> {
    return (isLookup(request) ? this.lookups : this.traces).handle(request);
  }
}
