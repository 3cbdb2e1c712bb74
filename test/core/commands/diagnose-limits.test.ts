/**
 * A paste is parsed once, to route it and to diagnose it: under the
 * request's limits (an operator's SIP_MAX_* settings), not the defaults.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/core/app/handle.js';
import type { Reply } from '../../../src/core/app/reply.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const raw = readFileSync(
  fileURLToPath(new URL('../../fixtures/pastes/raw.txt', import.meta.url)),
  'utf8',
);
const origin = { platform: 'slack', user: { id: 'U1' }, conversation: 'C1' };

/** The message numbers the diagnosis card of `reply` lists under its dialogs. */
function dialogMessages(reply: Reply): number[] {
  const data = reply.messages[0]?.card.data as { dialogs?: { messages: number[] }[] } | undefined;
  return (data?.dialogs ?? []).flatMap((d) => d.messages);
}

describe('diagnose: the request limits hold for a paste', () => {
  it('takes no more messages than the operator allows, and says which setting cut it', async () => {
    const app = createApp({ kb: realKnowledge() });
    const policy = { pictures: [], limits: { maxMessages: 1 } };
    const reply = await app.handle({ type: 'message', text: raw, origin, policy });
    expect(dialogMessages(reply)).toEqual([1]);
    expect(JSON.stringify(reply.messages[0]?.card)).toContain('SIP_MAX_MESSAGES');

    const whole = await app.handle({
      type: 'message',
      text: raw,
      origin,
      policy: { pictures: [] },
    });
    expect(dialogMessages(whole).length).toBeGreaterThan(1);
  });
});
