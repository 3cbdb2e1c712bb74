/** The card for a Warning header code (warn-code). */
import type { Card } from '../card.js';
import type { WarningEntry } from '../knowledge/entry-types.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { codeList, rfcReference, textSection } from './card-parts.js';

export function warningCard(kb: KnowledgeBase, entry: WarningEntry): Card {
  const references = [rfcReference('RFC 3261', '20.43'), rfcReference(entry.rfc)];
  const unique = references.filter((r, i) => references.findIndex((o) => o.url === r.url) === i);
  return {
    kind: 'warning',
    title: `Warning ${entry.code}: ${entry.text}`,
    summary: entry.meaning,
    fields: [
      { label: 'Defined in', value: entry.rfc },
      { label: 'Range', value: warnRange(entry.code) },
      ...(entry.seenWith.length > 0
        ? [{ label: 'Seen with', value: codeList(kb, entry.seenWith) }]
        : []),
      { label: 'On the wire', value: `\`Warning: ${entry.code} <agent> "<text>"\`` },
    ],
    sections: [textSection('why', 'Typical cause', entry.typicalCause)],
    checklist: [],
    references: unique,
    actions: [],
    data: {
      kind: 'warning',
      code: entry.code,
      phrase: entry.text,
      class: null,
      summary: entry.meaning,
      why: entry.typicalCause,
      steps: [],
      headers: [],
      causes: [],
      checklist: [],
      related: entry.seenWith,
      references: unique,
      mappings: { q850: null, freeswitch: null, asterisk: null },
    },
  };
}

function warnRange(code: number): string {
  if (code < 330) return '300-329: a session description keyword problem';
  if (code < 340) return '330-339: network services';
  if (code >= 370 && code < 380) return '370-379: quality of service';
  if (code >= 380 && code < 390) return '380-389: SIPS';
  if (code >= 390) return '390-399: miscellaneous';
  return 'unassigned range';
}
