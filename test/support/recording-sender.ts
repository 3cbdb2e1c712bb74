/**
 * A sender module for WorkerApp tests: it runs inside the worker, "sends" a
 * reply by posting its card titles to the URL in the target, and fails like
 * a platform API when the target asks it to.
 */
import type { Reply } from '../../src/core/app/reply.js';

export function createSender(_options: unknown) {
  return async (reply: Reply, target: unknown): Promise<void> => {
    const t = target as { url: string; fail?: string };
    if (t.fail !== undefined)
      throw Object.assign(new Error(`refused: ${t.fail}`), { data: { error: t.fail } });
    await fetch(t.url, {
      method: 'POST',
      body: JSON.stringify(reply.messages.map((m) => m.card.title)),
    });
  };
}
