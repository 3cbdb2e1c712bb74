/** The list of known response codes, all or one class. */
import type { Card } from '../card.js';
import type { ResponseClass } from '../knowledge/entry-types.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';

export function listCard(kb: KnowledgeBase, cls?: ResponseClass): Card {
  const codes = kb.allCodes().filter((c) => !cls || c.class === cls);
  return {
    kind: 'list',
    title: cls ? `${cls} response codes` : 'SIP response codes',
    summary: `${codes.length} registered code${codes.length === 1 ? '' : 's'}${cls ? ` in ${cls}` : ''}. Ask for any of them by number.`,
    fields: [],
    sections: [
      {
        id: 'codes',
        heading: 'Codes',
        blocks: [
          {
            type: 'list',
            ordered: false,
            items: codes.map((c) => `\`${c.code}\` **${c.phrase}:** ${c.summary}`),
          },
        ],
      },
    ],
    checklist: [],
    references: [],
    actions: [],
    data: {
      kind: 'list',
      class: cls ?? null,
      codes: codes.map((c) => ({
        code: c.code,
        phrase: c.phrase,
        class: c.class,
        rfc: c.rfc,
        summary: c.summary,
      })),
    },
  };
}
