/** Pieces several explain cards share: references, mapping fields, checklist ids. */
import type { CardField, CardReference, CardSection, ChecklistItem } from '../card.js';
import type { SipToCauseMappings } from '../knowledge/cause-mappings.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';

export function rfcReference(rfc: string, section?: string): CardReference {
  const number = rfc.replace(/\D/g, '');
  return {
    label: section ? `${rfc} §${section}` : rfc,
    url: `https://www.rfc-editor.org/rfc/rfc${number}${section ? `#section-${section}` : ''}`,
  };
}

export const Q850_REFERENCE: CardReference = {
  label: 'ITU-T Q.850',
  url: 'https://www.itu.int/rec/T-REC-Q.850',
};

/** The IANA "Response Codes" table of the SIP parameters registry. */
export const IANA_RESPONSE_CODES_URL =
  'https://www.iana.org/assignments/sip-parameters/sip-parameters.xhtml#sip-parameters-7';

/**
 * A reference to a response code's row in the IANA registry, labelled as what
 * it is (the registry), not as a page of sip-triage.
 */
export function ianaResponseCodeReference(code: number): CardReference {
  return { label: `IANA SIP Response Codes registry (${code})`, url: IANA_RESPONSE_CODES_URL };
}

export function checklistItems(prefix: string, items: readonly string[]): ChecklistItem[] {
  return items.map((text, index) => ({ id: `${prefix}-${index + 1}`, text }));
}

export function listSection(
  id: string,
  heading: string,
  items: readonly string[],
  ordered = false,
): CardSection {
  return { id, heading, blocks: [{ type: 'list', ordered, items: [...items] }] };
}

export function textSection(id: string, heading: string, text: string): CardSection {
  return { id, heading, blocks: [{ type: 'text', text }] };
}

/** "401 Unauthorized, 407 Proxy Authentication Required" */
export function codeList(kb: KnowledgeBase, codes: readonly number[]): string {
  return codes.map((code) => `${code} ${kb.code(code)?.phrase ?? ''}`.trim()).join(', ');
}

/** The card fields for a SIP code's hangup-cause mappings, saying which table each came from. */
export function mappingFields(kb: KnowledgeBase, m: SipToCauseMappings): CardField[] {
  const fields: CardField[] = [];
  if (m.q850) {
    const cause = m.q850.cause;
    const name = cause === null ? undefined : kb.cause(cause)?.name;
    fields.push({
      label: 'Q.850 (RFC 3398)',
      value:
        cause === null
          ? `none: ${m.q850.note ?? 'no cause defined'}`
          : `${cause}${name ? ` ${name}` : ''}${m.q850.note ? ` (${m.q850.note})` : ''}`,
    });
  } else {
    fields.push({ label: 'Q.850 (RFC 3398)', value: 'not in the RFC 3398 table' });
  }
  if (m.freeswitch) {
    fields.push({
      label: 'FreeSWITCH',
      value: `\`${m.freeswitch.cause}\`${m.freeswitch.value !== undefined ? ` (${m.freeswitch.value})` : ''}${m.freeswitch.isDefault ? ', the default for unlisted codes' : ''}`,
    });
  }
  if (m.asterisk) {
    const name = m.asterisk.name ? ` \`${m.asterisk.name}\`` : '';
    const note = m.asterisk.isDefault ? ", chan_pjsip's default for this class" : '';
    fields.push({ label: 'Asterisk', value: `${m.asterisk.cause}${name}${note}` });
  }
  return fields;
}

/** Mappings as plain data, for the JSON contract. */
export function mappingData(m: SipToCauseMappings): Record<string, unknown> {
  return {
    q850: m.q850 ?? null,
    freeswitch: m.freeswitch ?? null,
    asterisk: m.asterisk ?? null,
  };
}
