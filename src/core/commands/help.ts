/** `/sip help` (or `/sip` alone): what to ask. Always shown only to the asker where the platform can. */
import { single } from '../app/reply.js';
import type { Card } from '../card.js';
import { QUERY_EXAMPLES } from '../explain/search-card.js';
import { defineCommand } from './command.js';

export const help = defineCommand<true>({
  name: 'help',
  parse: (text) => (text === '' || /^\/?(help|\?)$/i.test(text) ? true : undefined),
  run: async () => single(helpCard(), { kind: 'reply' }, { visibility: 'ephemeral' }),
});

export function helpCard(): Card {
  return {
    kind: 'help',
    title: 'sip-triage',
    summary:
      'Explains SIP response codes, classes, Q.850 causes, vendor cause names and Warning codes, and diagnoses pasted SIP traces and captures.',
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
              '`/sip` followed by pasted SIP messages or a log excerpt, or a .pcap/.pcapng/.txt/.log file: what failed, sent by whom, and why',
              '`/sip checklist 403`: a shared fix checklist the team ticks off together',
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
