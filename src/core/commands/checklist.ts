/**
 * Shared checklists: `/sip checklist 403`, the "post checklist" action of a
 * card, and ticking or unticking an item. The checklist travels as the
 * state of the message that shows it; each tick updates that message with
 * who ticked what, and when.
 */

import { type Reply, single } from '../app/reply.js';
import type { ActionEvent } from '../app/request.js';
import type { Card } from '../card.js';
import { type Checklist, newChecklist, recordTick } from '../checklist/checklist.js';
import { checklistCard } from '../checklist/checklist-card.js';
import { decodeChecklist, encodeChecklist } from '../checklist/checklist-codec.js';
import { explain } from '../explain/explain.js';
import { literal, plainText } from '../inline.js';
import { type CommandContext, defineCommand } from './command.js';
import { messageCard } from './message-card.js';

/** Action values of "post checklist" on explain cards, as the query that gives the card again. */
const VALUE_QUERIES: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^code:(\d{3})$/, (m) => m[1] as string],
  [/^class:([1-6]xx)$/, (m) => m[1] as string],
  [/^q850:(\d{1,3})$/, (m) => `q850 ${m[1]}`],
];

export const checklist = defineCommand<string>({
  name: 'checklist',
  parse(text) {
    const match = /^checklist(?:\s+(.*))?$/is.exec(text);
    return match ? (match[1] ?? '').trim() : undefined;
  },
  async run(query, ctx) {
    if (query === '')
      return single(
        messageCard('Which checklist?', 'Name a code or cause, e.g. `/sip checklist 403`.'),
        { kind: 'reply' },
        { visibility: 'ephemeral' },
      );
    return post(fromCard(explain(query, ctx.kb), `query:${query}`), ctx, query);
  },
  actions: ['post-checklist', 'tick', 'untick'],
  async onAction(event, ctx) {
    if (event.id === 'post-checklist') return postFromAction(event, ctx);
    return tick(event, ctx);
  },
});

/** The checklist of a card (none when the card has no checklist). */
function fromCard(card: Card, ref: string): Checklist | undefined {
  if (card.checklist.length === 0) return undefined;
  return newChecklist(
    { ref, title: plainText(card.title) },
    card.checklist.map(({ id, text }) => ({ id, text })),
  );
}

function post(list: Checklist | undefined, ctx: CommandContext, asked: string): Promise<Reply> {
  if (list === undefined)
    return Promise.resolve(
      single(
        messageCard(
          'No checklist for that',
          `${literal(asked)} has no fix checklist. Ask for a response code, a class or a Q.850 cause, e.g. \`/sip checklist 486\`.`,
        ),
        { kind: 'reply' },
        { visibility: 'ephemeral' },
      ),
    );
  return Promise.resolve(
    single(checklistCard(list, ctx.now()), { kind: 'thread' }, { state: encodeChecklist(list) }),
  );
}

function postFromAction(event: ActionEvent, ctx: CommandContext): Promise<Reply> {
  // A diagnosis carries its checklist as the message's state; explain cards name their entry.
  const seed = decodeChecklist(event.state);
  if (seed !== undefined)
    return post(newChecklist(seed.source, seed.items), ctx, seed.source.title);
  for (const [pattern, query] of VALUE_QUERIES) {
    const match = pattern.exec(event.value);
    if (match) return post(fromCard(explain(query(match), ctx.kb), event.value), ctx, event.value);
  }
  return post(undefined, ctx, event.value);
}

function tick(event: ActionEvent, ctx: CommandContext): Promise<Reply> {
  const shown = decodeChecklist(event.state);
  if (shown === undefined)
    return Promise.resolve(
      single(
        messageCard(
          'This checklist cannot be read any more',
          'Its state is missing from the message. Post it again, e.g. `/sip checklist 403`.',
        ),
        { kind: 'reply' },
        { visibility: 'ephemeral' },
      ),
    );
  const { origin } = ctx.request;
  const key = `${origin.platform}:${origin.conversation}:${event.message}`;
  const updated = recordTick(ctx.checklists.current(key, shown), {
    item: event.value,
    user: origin.user.id,
    name: origin.user.name ?? origin.user.id,
    at: ctx.now(),
    done: event.id === 'tick',
  });
  ctx.checklists.remember(key, updated);
  return Promise.resolve(
    single(
      checklistCard(updated, ctx.now()),
      { kind: 'update', message: event.message },
      { state: encodeChecklist(updated) },
    ),
  );
}
