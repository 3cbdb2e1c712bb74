import { describe, expect, it } from 'vitest';
import { INCIDENT_CODES } from '../../../src/core/knowledge/schema.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import {
  referenceCodes,
  referenceFreeswitchInternal,
  referenceQ850,
  referenceWarnings,
} from '../../helpers/reference.js';

const kb = realKnowledge();

describe('knowledge coverage', () => {
  it('has an entry for each of the 75 registered response codes, with the registry phrase and RFC', () => {
    const reference = referenceCodes();
    expect(reference).toHaveLength(75);
    for (const { code, phrase, rfc } of reference) {
      const entry = kb.code(code);
      expect(entry, `codes/${code}.md`).toBeDefined();
      expect(entry?.phrase).toBe(phrase);
      expect(entry?.rfc).toBe(rfc);
    }
    expect(kb.allCodes()).toHaveLength(75);
  });

  it('goes deep on the 30 incident codes: at least 4 causes and 5 checklist steps each', () => {
    expect(INCIDENT_CODES.size).toBe(30);
    for (const code of INCIDENT_CODES) {
      const entry = kb.code(code);
      expect(entry?.causes.length, `${code} causes`).toBeGreaterThanOrEqual(4);
      expect(entry?.checklist.length, `${code} checklist`).toBeGreaterThanOrEqual(5);
    }
  });

  it('gives every other code at least 2 causes and 3 checklist steps', () => {
    for (const entry of kb.allCodes().filter((e) => !INCIDENT_CODES.has(e.code))) {
      expect(entry.causes.length, `${entry.code}`).toBeGreaterThanOrEqual(2);
      expect(entry.checklist.length, `${entry.code}`).toBeGreaterThanOrEqual(3);
    }
  });

  it.each([403, 503])('treats %i as a full troubleshooting article', (code) => {
    const entry = kb.code(code);
    expect(entry?.why.length).toBeGreaterThan(600);
    expect(entry?.steps.length).toBeGreaterThanOrEqual(6);
    expect(entry?.causes.length).toBeGreaterThanOrEqual(8);
    expect(entry?.checklist.length).toBeGreaterThanOrEqual(8);
    expect(entry?.example.text).toMatch(new RegExp(`^SIP/2\\.0 ${code} `, 'm'));
  });

  it('names the headers that explain the codes that need them', () => {
    const headerNames = (code: number) =>
      kb.code(code)?.headers.map((h) => h.name.toLowerCase()) ?? [];
    expect(headerNames(401)).toContain('www-authenticate');
    expect(headerNames(407)).toContain('proxy-authenticate');
    expect(headerNames(405)).toContain('allow');
    expect(headerNames(423)).toContain('min-expires');
    expect(headerNames(503)).toContain('retry-after');
    expect(headerNames(422)).toContain('min-se');
    expect(headerNames(420)).toContain('unsupported');
  });

  it('has one entry per class, 1xx to 6xx', () => {
    expect(kb.allClasses().map((c) => c.class)).toEqual(['1xx', '2xx', '3xx', '4xx', '5xx', '6xx']);
  });

  it('has every Q.850 cause of the reference table, with its ITU wording', () => {
    const reference = referenceQ850();
    expect(reference.length).toBeGreaterThan(70);
    for (const { cause, name } of reference)
      expect(kb.cause(cause)?.name, `cause ${cause}`).toBe(name);
    expect(kb.allCauses()).toHaveLength(reference.length);
  });

  it('has every warn-code of the reference table', () => {
    expect(kb.allWarnings().map((w) => w.code)).toEqual(referenceWarnings());
  });

  it("has every FreeSWITCH cause of its own, with FreeSWITCH's value", () => {
    for (const { name, value } of referenceFreeswitchInternal()) {
      expect(kb.freeswitchCause(name)?.value, name).toBe(value);
    }
  });

  it('has the general troubleshooting checklist with its groups', () => {
    const general = kb.checklist('general');
    const headings = general?.groups.map((g) => g.heading.toLowerCase()) ?? [];
    for (const group of [
      'connectivity',
      'registration',
      'logs',
      'packet capture',
      'nat',
      'routing',
      'isolation',
    ]) {
      expect(
        headings.some((h) => h.includes(group)),
        group,
      ).toBe(true);
    }
  });
});
