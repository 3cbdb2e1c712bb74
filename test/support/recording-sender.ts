/**
 * A sender module for WorkerApp tests: it runs inside the worker, "sends" a
 * reply by posting its card titles to the URL in the target (once its
 * pictures are drawn), and fails like a platform API (or warns, as an
 * outbox does about a file it could not send) when the target asks it to.
 */
import type { WorkerWarn } from '../../src/adapters/shared/worker-protocol.js';
import type { Reply } from '../../src/core/app/reply.js';
import { settleReply } from '../../src/core/app/settle-reply.js';

export function createSender(_options: unknown, warn: WorkerWarn) {
  return async (sent: Reply, target: unknown): Promise<void> => {
    // As an outbox does, in the worker: the pictures still being drawn are awaited here.
    const reply = await settleReply(sent);
    const t = target as { url: string; fail?: string; warn?: string };
    if (t.warn !== undefined)
      warn(t.warn, { files: reply.messages.flatMap((m) => m.files.map((f) => f.name)) });
    if (t.fail !== undefined)
      throw Object.assign(new Error(`refused: ${t.fail}`), { data: { error: t.fail } });
    await fetch(t.url, {
      method: 'POST',
      body: JSON.stringify(reply.messages.map((m) => m.card.title)),
    });
  };
}
