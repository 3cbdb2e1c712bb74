/**
 * The answer when something unexpected stopped the work (a bug, a worker
 * that died): only the asker sees it, and it says where the details are.
 * Its own file so a face can give it without loading the commands.
 */
import { messageCard } from '../commands/message-card.js';
import { type Reply, single } from './reply.js';

export function failedReply(): Reply {
  return single(
    messageCard(
      'Something went wrong',
      'sip-triage could not answer that; the details are in its log. Try again, or paste less at once.',
    ),
    { kind: 'reply' },
    { visibility: 'ephemeral' },
  );
}
