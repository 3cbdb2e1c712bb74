/** Cards for a Q.850 cause value (also reached by its FreeSWITCH/Asterisk name) and for FreeSWITCH's own causes. */
import type { Card, CardField } from '../card.js';
import { literal } from '../inline.js';
import type { FreeswitchCauseEntry, Q850Entry } from '../knowledge/entry-types.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import {
  checklistItems,
  listSection,
  Q850_REFERENCE,
  rfcReference,
  textSection,
} from './card-parts.js';

/** `via` is the vendor name the user typed, when the card was reached that way. */
export function q850Card(
  kb: KnowledgeBase,
  entry: Q850Entry,
  via?: { name: string; vendor: string },
): Card {
  const m = kb.mappings.forCause(entry.cause);
  const sipCodes = [
    ...new Set(
      [m.rfc3398?.sip, m.freeswitch?.sip].filter((c): c is number => typeof c === 'number'),
    ),
  ];
  const primary = sipCodes[0] !== undefined ? kb.code(sipCodes[0]) : undefined;
  const fields: CardField[] = [
    {
      label: 'SIP (RFC 3398)',
      value: m.rfc3398
        ? `${m.rfc3398.sip === null ? 'none' : sipLabel(kb, m.rfc3398.sip)}${m.rfc3398.note ? ` (${m.rfc3398.note})` : ''}`
        : 'not in the RFC 3398 table (gateways commonly fall back to 500 or 480)',
    },
    {
      label: 'FreeSWITCH',
      value: m.freeswitchName
        ? `\`${m.freeswitchName}\`, sent as ${m.freeswitch ? sipLabel(kb, m.freeswitch.sip) : '?'}${m.freeswitch?.isDefault ? ' (its default)' : ''}`
        : 'no name for this value',
    },
    {
      label: 'Asterisk',
      value:
        m.asteriskNames.length > 0
          ? m.asteriskNames.map((n) => `\`${n}\``).join(', ')
          : 'no AST_CAUSE name',
    },
  ];
  const checklist = primary?.checklist ?? [];
  const references = [
    Q850_REFERENCE,
    // The ISUP cause -> SIP table (§7.2.4.1), the direction this card answers.
    rfcReference('RFC 3398', kb.mappings.rfc3398Sections.toSip),
    rfcReference('RFC 3326'),
  ];
  return {
    kind: 'q850',
    title: `Q.850 cause ${entry.cause}: ${entry.name}`,
    summary: via
      ? `${literal(via.name)} is the ${via.vendor} name for Q.850 cause ${entry.cause}. ${entry.meaning}`
      : entry.meaning,
    fields,
    sections: [
      textSection('why', 'Typical cause', entry.typicalCause),
      ...(primary
        ? [
            textSection(
              'sip',
              `As SIP: ${primary.code} ${primary.phrase}`,
              `${primary.summary} In a trace it shows up as \`Reason: Q.850;cause=${entry.cause}\` on the response, BYE or CANCEL.`,
            ),
            listSection('causes', `Common root causes of ${primary.code}`, primary.causes),
          ]
        : []),
    ],
    checklist: checklistItems(`q850-${entry.cause}`, checklist),
    references,
    actions:
      checklist.length > 0
        ? [{ id: 'post-checklist', label: 'Post checklist', value: `q850:${entry.cause}` }]
        : [],
    data: {
      kind: 'q850',
      code: entry.cause,
      phrase: entry.name,
      class: null,
      summary: entry.meaning,
      why: entry.typicalCause,
      steps: [],
      headers: [],
      causes: primary?.causes ?? [],
      checklist,
      related: sipCodes,
      references,
      mappings: {
        q850: entry.cause,
        freeswitch: m.freeswitchName
          ? { name: m.freeswitchName, sip: m.freeswitch?.sip ?? null }
          : null,
        asterisk: m.asteriskNames.length > 0 ? { names: m.asteriskNames } : null,
        rfc3398: m.rfc3398 ?? null,
      },
      ...(via ? { matchedName: via.name, vendor: via.vendor } : {}),
    },
  };
}

export function freeswitchCauseCard(kb: KnowledgeBase, entry: FreeswitchCauseEntry): Card {
  const sip = entry.sip ?? kb.mappings.freeswitchSipForName(entry.name);
  const sipEntry = sip !== undefined ? kb.code(sip) : undefined;
  const references: Card['references'] = sipEntry
    ? [rfcReference(sipEntry.rfc, sipEntry.section)]
    : [];
  return {
    kind: 'vendor-cause',
    title: `FreeSWITCH ${entry.name} (${entry.value})`,
    summary: entry.meaning,
    fields: [
      { label: 'Kind', value: 'FreeSWITCH hangup cause of its own (not a Q.850 value)' },
      { label: 'SIP', value: sip !== undefined ? sipLabel(kb, sip) : 'no SIP response of its own' },
    ],
    sections: sipEntry
      ? [textSection('sip', `As SIP: ${sipEntry.code} ${sipEntry.phrase}`, sipEntry.summary)]
      : [],
    checklist: checklistItems(`fs-${entry.name.toLowerCase()}`, sipEntry?.checklist ?? []),
    references,
    actions: [],
    data: {
      kind: 'vendor-cause',
      vendor: 'freeswitch',
      code: entry.value,
      phrase: entry.name,
      class: null,
      summary: entry.meaning,
      why: entry.meaning,
      steps: [],
      headers: [],
      causes: [],
      checklist: sipEntry?.checklist ?? [],
      related: sip !== undefined ? [sip] : [],
      references,
      mappings: { q850: null, freeswitch: { name: entry.name, sip: sip ?? null }, asterisk: null },
    },
  };
}

function sipLabel(kb: KnowledgeBase, code: number): string {
  return `${code} ${kb.code(code)?.phrase ?? ''}`.trim();
}
