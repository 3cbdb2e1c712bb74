/** `/sip list` and `/sip list 4xx`: the registered response codes. */
import { single } from '../app/reply.js';
import { listCard } from '../explain/list-card.js';
import type { ResponseClass } from '../knowledge/entry-types.js';
import { defineCommand } from './command.js';

export const list = defineCommand<{ cls: ResponseClass | undefined }>({
  name: 'list',
  parse(text) {
    const match = /^list(?:\s+(?:--class\s+)?([1-6])xx)?$/i.exec(text);
    if (!match) return undefined;
    return { cls: match[1] ? (`${match[1]}xx` as ResponseClass) : undefined };
  },
  run: async ({ cls }, { kb }) => single(listCard(kb, cls)),
});
