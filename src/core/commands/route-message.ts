/**
 * The chat commands every adapter understands, as one platform-neutral
 * router: `/sip <query>`, `/sip list [4xx]`, `/sip help`. Adapters hand in the
 * text after their own command prefix handling and render the card they get.
 */
import type { Card } from '../card.js';
import { explain } from '../explain/explain.js';
import { listCard } from '../explain/list-card.js';
import { QUERY_EXAMPLES } from '../explain/search-card.js';
import type { ResponseClass } from '../knowledge/entry-types.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';

export type ChatCommand =
  | { type: 'help' }
  | { type: 'list'; cls?: ResponseClass }
  | { type: 'explain'; query: string };

/** Reads `/sip 403`, `sip 403`, `403`, `/sip list 4xx`, `help`. */
export function parseChatCommand(text: string): ChatCommand {
  const body = text.trim().replace(/^\/?sip(?:-triage)?(?=\s|$)\s*/i, '');
  if (/^\/?(help|\?)$/i.test(body) || body === '') return { type: 'help' };
  const list = /^list(?:\s+(?:--class\s+)?([1-6])xx)?$/i.exec(body);
  if (list)
    return list[1] ? { type: 'list', cls: `${list[1]}xx` as ResponseClass } : { type: 'list' };
  return { type: 'explain', query: body };
}

export function runChatCommand(command: ChatCommand, kb: KnowledgeBase): Card {
  switch (command.type) {
    case 'help':
      return helpCard();
    case 'list':
      return listCard(kb, command.cls);
    case 'explain':
      return explain(command.query, kb);
  }
}

export function helpCard(): Card {
  return {
    kind: 'help',
    title: 'sip-triage',
    summary:
      'Explains SIP response codes, classes, Q.850 causes, vendor cause names and Warning codes.',
    fields: [],
    sections: [
      {
        id: 'usage',
        heading: 'Ask',
        blocks: [
          {
            type: 'list',
            ordered: false,
            items: [
              ...QUERY_EXAMPLES.map((q) => `\`/sip ${q}\``),
              '`/sip too many hops`: words from a reason phrase or a symptom, typos are fine',
              '`/sip list` or `/sip list 4xx`: the registered codes',
            ],
          },
        ],
      },
    ],
    checklist: [],
    references: [],
    actions: [],
    data: { kind: 'help', examples: QUERY_EXAMPLES },
  };
}
