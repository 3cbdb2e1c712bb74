/** Cards for every knowledge entry, and synthetic oversize and hostile cards, for renderer tests. */
import type { Card } from '../../src/core/card.js';
import { explain } from '../../src/core/explain/explain.js';
import { literal } from '../../src/core/inline.js';
import { realKnowledge } from './knowledge.js';

export function everyEntryCard(): { name: string; card: Card }[] {
  const kb = realKnowledge();
  const queries = [
    ...kb.allCodes().map((c) => String(c.code)),
    '1xx',
    '2xx',
    '3xx',
    '4xx',
    '5xx',
    '6xx',
    '499',
    ...kb.allCauses().map((c) => `q850 ${c.cause}`),
    ...kb.allWarnings().map((w) => `warning ${w.code}`),
    ...kb.allFreeswitchCauses().map((c) => c.name),
    'USER_BUSY',
    'congestion',
    'nonsense xyzzy',
    '',
  ];
  return queries.map((q) => ({ name: q || '(empty)', card: explain(q, kb) }));
}

/** The entry whose card is longest in total text. */
export function longestCard(): Card {
  const size = (card: Card) => JSON.stringify(card).length;
  return everyEntryCard().reduce((a, b) => (size(b.card) > size(a.card) ? b : a)).card;
}

export const HOSTILE =
  '<!channel> <!here> @everyone @here <@U123> <@&456> <#C789> <http://evil.example|click> [click](http://evil.example) &amp;';

/** A card far beyond every platform limit, carrying hostile user text everywhere text can go. */
export function oversizeCard(): Card {
  const user = literal(HOSTILE);
  const long = `${user} ${'word '.repeat(3000)}`;
  return {
    kind: 'search-results',
    title: `${user} ${'T'.repeat(400)}`,
    summary: long,
    fields: Array.from({ length: 40 }, (_, i) => ({
      label: `${user} field ${i} ${'L'.repeat(300)}`,
      value: long,
    })),
    sections: Array.from({ length: 30 }, (_, i) => ({
      id: `s${i}`,
      heading: `${HOSTILE} section ${i}`,
      blocks: [
        { type: 'text' as const, text: long },
        {
          type: 'list' as const,
          ordered: i % 2 === 0,
          items: Array.from({ length: 40 }, () => long.slice(0, 900)),
        },
        {
          type: 'code' as const,
          language: 'sip',
          text: `${HOSTILE}\n\`\`\`\n${'INVITE sip:x SIP/2.0\n'.repeat(400)}`,
        },
      ],
    })),
    checklist: Array.from({ length: 60 }, (_, i) => ({ id: `c${i}`, text: long.slice(0, 1500) })),
    references: Array.from({ length: 20 }, (_, i) => ({
      label: `${HOSTILE} ${i}`,
      url: 'https://www.rfc-editor.org/rfc/rfc3261',
    })),
    actions: Array.from({ length: 30 }, (_, i) => ({
      id: 'show-more' as const,
      label: `${HOSTILE} ${'B'.repeat(100)}`,
      value: `v${i}${'x'.repeat(3000)}`,
    })),
    data: {},
  };
}
