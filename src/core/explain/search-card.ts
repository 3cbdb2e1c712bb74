/** Cards for free-text results and for queries nothing matched. */
import type { Card } from '../card.js';
import { redactSecrets } from '../diagnose/redact.js';
import { literal } from '../inline.js';
import { type EntryRef, type KnowledgeBase, refId } from '../knowledge/knowledge-base.js';

export interface Match {
  ref: EntryRef;
  score: number;
}

export const QUERY_EXAMPLES = ['403', '4xx', 'busy', 'q850 34', 'USER_BUSY', 'warning 399'];

/** How to ask for a match again, e.g. "403", "q850 34". */
export function matchQuery(ref: EntryRef): string {
  switch (ref.kind) {
    case 'code':
      return String(ref.entry.code);
    case 'class':
      return ref.entry.class;
    case 'q850':
      return `q850 ${ref.entry.cause}`;
    case 'warning':
      return `warning ${ref.entry.code}`;
    case 'freeswitch-cause':
      return ref.entry.name;
  }
}

export function matchTitle(ref: EntryRef): {
  code: number | string;
  phrase: string;
  summary: string;
} {
  switch (ref.kind) {
    case 'code':
      return { code: ref.entry.code, phrase: ref.entry.phrase, summary: ref.entry.summary };
    case 'class':
      return { code: ref.entry.class, phrase: ref.entry.title, summary: ref.entry.summary };
    case 'q850':
      return { code: ref.entry.cause, phrase: ref.entry.name, summary: ref.entry.meaning };
    case 'warning':
      return { code: ref.entry.code, phrase: ref.entry.text, summary: ref.entry.meaning };
    case 'freeswitch-cause':
      return { code: ref.entry.value, phrase: ref.entry.name, summary: ref.entry.meaning };
  }
}

const KIND_LABEL: Record<EntryRef['kind'], string> = {
  code: 'SIP',
  class: 'class',
  q850: 'Q.850',
  warning: 'warning',
  'freeswitch-cause': 'FreeSWITCH',
};

export function matchData(matches: readonly Match[]): Record<string, unknown>[] {
  return matches.map(({ ref, score }) => ({
    id: refId(ref),
    kind: ref.kind,
    ...matchTitle(ref),
    query: matchQuery(ref),
    score: Math.round(score * 100) / 100,
  }));
}

export function searchResultsCard(rawQuery: string, matches: readonly Match[]): Card {
  // The query is user text echoed back: a pasted Authorization line must not repeat its digest.
  const query = redactSecrets(rawQuery);
  const lines = matches.map(({ ref }) => {
    const { code, phrase, summary } = matchTitle(ref);
    return `**${KIND_LABEL[ref.kind]} ${code} ${literal(phrase)}:** ${summary} (ask: \`${matchQuery(ref)}\`)`;
  });
  return {
    kind: 'search-results',
    title: `Matches for "${literal(query)}"`,
    summary: `${matches.length} entr${matches.length === 1 ? 'y matches' : 'ies match'}, best first. Ask for one by its code for the full card.`,
    fields: [],
    sections: [
      {
        id: 'matches',
        heading: 'Matches',
        blocks: [{ type: 'list', ordered: true, items: lines }],
      },
    ],
    checklist: [],
    references: [],
    actions: [],
    data: { kind: 'search-results', query, matches: matchData(matches) },
  };
}

export function notFoundCard(kb: KnowledgeBase, rawQuery: string, reason?: string): Card {
  const query = redactSecrets(rawQuery);
  const words = query.split(/\s+/).filter((w) => w.length > 2);
  const didYouMean = [...new Set(words.flatMap((w) => kb.suggestWords(w)))].slice(0, 5);
  const tips = [
    `A response code: \`403\`, or a class: \`4xx\``,
    'Words from the reason phrase or the symptom: `busy`, `forbidden`, `too many hops`',
    'A Q.850 cause: `q850 34` or `cause 34`',
    'A FreeSWITCH or Asterisk cause name: `NORMAL_CIRCUIT_CONGESTION`, `AST_CAUSE_USER_BUSY`',
    'A Warning code: `warning 399`',
  ];
  return {
    kind: 'not-found',
    title: query ? `Nothing matched "${literal(query)}"` : 'What should I explain?',
    summary:
      reason ??
      (query
        ? `I have no entry for that${didYouMean.length > 0 ? `; did you mean ${didYouMean.map((w) => `\`${w}\``).join(', ')}?` : '.'}`
        : 'Give me a SIP code, a class, a cause or a few words.'),
    fields: [],
    sections: [
      { id: 'tips', heading: 'Try', blocks: [{ type: 'list', ordered: false, items: tips }] },
    ],
    checklist: [],
    references: [],
    actions: [],
    data: { kind: 'not-found', query, suggestions: didYouMean, examples: QUERY_EXAMPLES },
  };
}
