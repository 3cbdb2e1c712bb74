/**
 * explain(query, kb): the answer to `/sip <query>` as a neutral card. Every
 * lookup is in memory; the caller loads the knowledge base once
 * (knowledge/load-knowledge-base.ts, or defaultKnowledgeBase()).
 */
import type { Card } from '../card.js';
import { redactSecrets } from '../diagnose/redact.js';
import { literal } from '../inline.js';
import type { ResponseClass } from '../knowledge/entry-types.js';
import type { EntryRef, KnowledgeBase } from '../knowledge/knowledge-base.js';
import { freeswitchCauseCard, q850Card } from './cause-card.js';
import { classCard, codeCard } from './code-card.js';
import { parseQuery } from './parse-query.js';
import { type Match, matchData, notFoundCard, searchResultsCard } from './search-card.js';
import { warningCard } from './warning-card.js';

/** Explains a SIP code, class, Q.850 cause, vendor cause name, warn-code or free text. Never throws on user input. */
export function explain(query: string, kb: KnowledgeBase): Card {
  const parsed = parseQuery(query);
  switch (parsed.type) {
    case 'empty':
      return notFoundCard(kb, '');
    case 'code': {
      const entry = kb.code(parsed.code);
      if (entry) return codeCard(kb, entry);
      const cls = kb.responseClass(`${Math.floor(parsed.code / 100)}xx` as ResponseClass);
      return cls ? classCard(kb, cls, parsed.code) : notFoundCard(kb, String(parsed.code));
    }
    case 'out-of-range':
      return notFoundCard(
        kb,
        String(parsed.code),
        `${parsed.code} is outside the SIP status code range: final and provisional responses run from 100 to 699.`,
      );
    case 'class': {
      const entry = kb.responseClass(`${parsed.digit}xx` as ResponseClass);
      return entry ? classCard(kb, entry) : notFoundCard(kb, `${parsed.digit}xx`);
    }
    case 'q850': {
      const entry = kb.cause(parsed.cause);
      return entry
        ? q850Card(kb, entry)
        : notFoundCard(
            kb,
            `q850 ${parsed.cause}`,
            `Q.850 defines no cause ${parsed.cause}; values run from 1 to 127 with gaps. Check the Reason header for a typo or a vendor-private value.`,
          );
    }
    case 'warning': {
      const entry = kb.warning(parsed.code);
      return entry
        ? warningCard(kb, entry)
        : notFoundCard(
            kb,
            `warning ${parsed.code}`,
            `${parsed.code} is not a registered warn-code. Vendors sometimes use private values; the warn-text after it usually says what they meant.`,
          );
    }
    case 'cause-name':
      return causeNameCard(kb, parsed.name) ?? textCard(kb, query, parsed.name);
    case 'text':
      return textCard(kb, query, parsed.text);
  }
}

function causeNameCard(kb: KnowledgeBase, name: string): Card | undefined {
  const fsOwn = kb.freeswitchCause(name);
  if (fsOwn) return freeswitchCauseCard(kb, fsOwn);
  const resolved = kb.mappings.causeValueForName(name);
  if (!resolved) return undefined;
  const entry = kb.cause(resolved.value);
  if (!entry) return undefined;
  const vendor =
    resolved.vendor === 'both'
      ? 'FreeSWITCH and Asterisk'
      : resolved.vendor === 'freeswitch'
        ? 'FreeSWITCH'
        : 'Asterisk';
  return q850Card(kb, entry, { name, vendor });
}

/**
 * Free text: when one entry is clearly what was asked for (the query is its
 * reason phrase or one of its keywords), answer with that entry's card and
 * list the runners-up; otherwise list the ranked matches.
 */
function textCard(kb: KnowledgeBase, query: string, text: string): Card {
  const hits = kb.search(text, 8);
  const [top, second] = hits;
  if (!top) return notFoundCard(kb, text);
  const clearWinner = top.exact && (!second?.exact || top.score >= second.score * 1.3);
  if (!clearWinner) return searchResultsCard(text, hits);
  const card = cardFor(kb, top.ref);
  const others: Match[] = hits.slice(1, 5);
  if (others.length > 0) {
    card.sections.push({
      id: 'also-matched',
      heading: 'Also matched',
      blocks: [{ type: 'text', text: others.map((m) => describe(m.ref)).join(' · ') }],
    });
  }
  // The query is the person's own text: a pasted secret in it stays out of the answer.
  card.data = { ...card.data, query: redactSecrets(query), matches: matchData(hits) };
  return card;
}

function cardFor(kb: KnowledgeBase, ref: EntryRef): Card {
  switch (ref.kind) {
    case 'code':
      return codeCard(kb, ref.entry);
    case 'class':
      return classCard(kb, ref.entry);
    case 'q850':
      return q850Card(kb, ref.entry);
    case 'warning':
      return warningCard(kb, ref.entry);
    case 'freeswitch-cause':
      return freeswitchCauseCard(kb, ref.entry);
  }
}

function describe(ref: EntryRef): string {
  switch (ref.kind) {
    case 'code':
      return `\`${ref.entry.code}\` ${literal(ref.entry.phrase)}`;
    case 'class':
      return `\`${ref.entry.class}\` ${literal(ref.entry.title)}`;
    case 'q850':
      return `\`q850 ${ref.entry.cause}\` ${literal(ref.entry.name)}`;
    case 'warning':
      return `\`warning ${ref.entry.code}\` ${literal(ref.entry.text)}`;
    case 'freeswitch-cause':
      return `\`${ref.entry.name}\``;
  }
}
