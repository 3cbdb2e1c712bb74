/** The card for one registered SIP response code, and for an unregistered code answered by its class. */
import type { Card, CardSection } from '../card.js';
import { literal } from '../inline.js';
import type { ClassEntry, CodeEntry } from '../knowledge/entry-types.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import {
  checklistItems,
  codeList,
  listSection,
  mappingData,
  mappingFields,
  rfcReference,
  textSection,
} from './card-parts.js';

const ROLE_NAMES: Record<string, string> = {
  uac: 'the calling UA itself (locally generated)',
  uas: 'UAS (the called endpoint)',
  proxy: 'proxy',
  registrar: 'registrar',
  redirect: 'redirect server',
  gateway: 'gateway (PSTN/ISUP)',
  b2bua: 'B2BUA / PBX',
  sbc: 'SBC',
};

export function codeCard(kb: KnowledgeBase, entry: CodeEntry): Card {
  const mappings = kb.mappings.forSipCode(entry.code);
  const sections: CardSection[] = [
    textSection('why', 'Why it exists', entry.why),
    listSection('steps', 'How it arises', entry.steps, true),
    {
      id: 'example',
      heading: 'Example',
      blocks: [
        ...(entry.example.caption ? [{ type: 'text' as const, text: entry.example.caption }] : []),
        { type: 'code', language: 'sip', text: entry.example.text },
      ],
    },
    listSection('causes', 'Common root causes', entry.causes),
  ];
  if (entry.headers.length > 0) {
    sections.push(
      listSection(
        'headers',
        'Headers to read',
        entry.headers.map((h) => `**${literal(h.name)}:** ${h.why}`),
      ),
    );
  }
  if (entry.mappingNote)
    sections.push(textSection('mapping-note', 'About the mappings', entry.mappingNote));
  if (entry.notes) sections.push(textSection('notes', 'Notes', entry.notes));

  return {
    kind: 'response-code',
    title: `${entry.code} ${entry.phrase}`,
    summary: entry.summary,
    fields: [
      {
        label: 'Class',
        value: `${entry.class} ${kb.responseClass(entry.class)?.title ?? ''}`.trim(),
      },
      { label: 'Defined in', value: `${entry.rfc} §${entry.section}` },
      { label: 'Sent by', value: entry.sentBy.map((r) => ROLE_NAMES[r] ?? r).join(', ') },
      ...mappingFields(kb, mappings),
      ...(entry.related.length > 0
        ? [{ label: 'Related', value: codeList(kb, entry.related) }]
        : []),
    ],
    sections,
    checklist: checklistItems(`sip-${entry.code}`, entry.checklist),
    references: [rfcReference(entry.rfc, entry.section)],
    actions: [{ id: 'post-checklist', label: 'Post checklist', value: `code:${entry.code}` }],
    data: {
      kind: 'response-code',
      code: entry.code,
      phrase: entry.phrase,
      class: entry.class,
      rfc: entry.rfc,
      section: entry.section,
      summary: entry.summary,
      why: entry.why,
      steps: entry.steps,
      example: entry.example.text,
      sentBy: entry.sentBy,
      headers: entry.headers,
      causes: entry.causes,
      checklist: entry.checklist,
      related: entry.related,
      references: [rfcReference(entry.rfc, entry.section)],
      mappings: mappingData(mappings),
      ...(entry.notes ? { notes: entry.notes } : {}),
    },
  };
}

/** A class entry; with `code`, the answer for an unregistered code of that class (RFC 3261 §8.1.3.2). */
export function classCard(kb: KnowledgeBase, entry: ClassEntry, code?: number): Card {
  // RFC 3261 §8.1.3.2: an unknown final response counts as the x00 of its class,
  // an unknown provisional one (other than 100) as 183 Session Progress.
  const base = entry.class === '1xx' && code !== undefined ? 183 : Number(entry.class[0]) * 100;
  const baseEntry = kb.code(base);
  const fallback = code !== undefined;
  const mappings = fallback ? kb.mappings.forSipCode(code) : undefined;
  const sections: CardSection[] = [];
  if (fallback) {
    sections.push(
      textSection(
        'fallback',
        'Unregistered code',
        `${code} is not in the IANA registry. RFC 3261 §8.1.3.2 tells a UAC to treat an unrecognised ${entry.class === '1xx' ? 'provisional response (other than 100) as 183' : 'final response as the x00 of its class'}, so a compliant element handles it like **${base} ${baseEntry?.phrase ?? ''}**. Check the reason phrase and any Warning or Reason header: the vendor that sent it usually explains itself there.`,
      ),
    );
  }
  sections.push(
    textSection('why', 'Why it exists', entry.why),
    listSection('steps', 'How it arises', entry.steps, true),
  );
  if (entry.example) {
    sections.push({
      id: 'example',
      heading: 'Example',
      blocks: [
        ...(entry.example.caption ? [{ type: 'text' as const, text: entry.example.caption }] : []),
        { type: 'code', language: 'sip', text: entry.example.text },
      ],
    });
  }
  sections.push(listSection('causes', 'Common root causes', entry.causes));
  if (entry.notes) sections.push(textSection('notes', 'Notes', entry.notes));

  const references = [rfcReference('RFC 3261', '8.1.3.2'), rfcReference('RFC 3261', '21')];
  const title = fallback
    ? `${code}: unregistered, handled as ${base} ${baseEntry?.phrase ?? ''}`.trim()
    : `${entry.class} ${entry.title}`;
  return {
    kind: 'class',
    title,
    summary: fallback
      ? `${code} is not a registered SIP response code; treat it as ${base} (${entry.class} ${entry.title}). ${entry.summary}`
      : entry.summary,
    fields: [
      { label: 'Class', value: `${entry.class} ${entry.title}` },
      ...(mappings ? mappingFields(kb, mappings) : []),
      ...(entry.related.length > 0 ? [{ label: 'Codes', value: codeList(kb, entry.related) }] : []),
    ],
    sections,
    checklist: checklistItems(`sip-${code ?? entry.class}`, entry.checklist),
    references,
    actions: [
      { id: 'post-checklist', label: 'Post checklist', value: `class:${entry.class}` },
      ...(fallback && baseEntry
        ? [{ id: 'show-more' as const, label: `Show ${base}`, value: `code:${base}` }]
        : []),
    ],
    data: {
      kind: 'class',
      code: code ?? null,
      fallbackCode: fallback ? base : null,
      phrase: fallback ? (baseEntry?.phrase ?? null) : entry.title,
      class: entry.class,
      summary: entry.summary,
      why: entry.why,
      steps: entry.steps,
      headers: [],
      causes: entry.causes,
      checklist: entry.checklist,
      related: entry.related,
      references,
      mappings: mappings ? mappingData(mappings) : { q850: null, freeswitch: null, asterisk: null },
    },
  };
}
