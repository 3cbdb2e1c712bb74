/**
 * `suggest`: autocomplete choices for what the person is still typing
 * (Discord's `/sip query:`). Reached only by name (`{ type: 'command',
 * command: 'suggest', text }`): typed text never selects it, so `/sip suggest
 * 403` still explains as it always did.
 */
import { single } from '../app/reply.js';
import type { Card } from '../card.js';
import { type Suggestion, suggest } from '../explain/suggest.js';
import { literal } from '../inline.js';
import { defineCommand } from './command.js';

export const suggestCommand = defineCommand<string>({
  name: 'suggest',
  parse(text, request) {
    if (request.type !== 'command' || request.command !== 'suggest') return undefined;
    return text.replace(/^suggest(?:\s+|$)/i, '');
  },
  run: async (partial, { kb }) =>
    single(suggestionsCard(suggest(partial, kb)), { kind: 'reply' }, { visibility: 'ephemeral' }),
});

/** The choices as a card: `data.choices` for the adapter, a list for faces that show it. */
export function suggestionsCard(choices: readonly Suggestion[]): Card {
  const count = choices.length;
  return {
    kind: 'search-results',
    title: 'Suggestions',
    summary:
      count === 0 ? 'No suggestions.' : `${count} suggestion${count === 1 ? '' : 's'}, best first.`,
    fields: [],
    sections:
      count === 0
        ? []
        : [
            {
              id: 'suggestions',
              heading: 'Suggestions',
              blocks: [
                {
                  type: 'list',
                  ordered: true,
                  items: choices.map((c) => `${literal(c.name)} (ask: \`${c.value}\`)`),
                },
              ],
            },
          ],
    checklist: [],
    references: [],
    actions: [],
    data: { kind: 'suggestions', choices: choices.map(({ name, value }) => ({ name, value })) },
  };
}
