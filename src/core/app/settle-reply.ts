/**
 * A reply with its pending files in place, for the faces that send each
 * message once and whole (the CLI, the console, the in-memory chat): the
 * files made late join the message's files, and a picture that could not
 * be drawn becomes the card's "No picture" section, as it was before
 * pictures could come later.
 */
import type { CardSection } from '../card.js';
import { literal } from '../inline.js';
import type { OutgoingMessage, Reply } from './reply.js';

/** The card section that says why a picture is missing. */
export function noPictureSection(failures: readonly string[]): CardSection {
  return {
    id: 'pictures',
    heading: 'No picture',
    blocks: [{ type: 'text', text: failures.map(literal).join(' ') }],
  };
}

/** One message with its pending files awaited and merged; the message itself is not changed. */
export async function settleMessage(out: OutgoingMessage): Promise<OutgoingMessage> {
  if (out.later === undefined) return out;
  const { later, ...rest } = out;
  const { files, failures } = await later.ready;
  return {
    ...rest,
    card:
      failures.length === 0
        ? out.card
        : { ...out.card, sections: [...out.card.sections, noPictureSection(failures)] },
    files: [...out.files, ...files],
  };
}

/** Every message of `reply` settled (see settleMessage). */
export async function settleReply(reply: Reply): Promise<Reply> {
  if (!reply.messages.some((m) => m.later !== undefined)) return reply;
  return { messages: await Promise.all(reply.messages.map(settleMessage)) };
}
