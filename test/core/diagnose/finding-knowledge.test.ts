/** Every finding the rules can raise has its knowledge entry, and every entry belongs to the taxonomy. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDING_IDS } from '../../../src/core/diagnose/finding-ids.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const kb = realKnowledge();
const rulesDir = new URL('../../../src/core/diagnose/rules/', import.meta.url);

describe('finding knowledge', () => {
  it('has an entry for every id of the taxonomy, and no entry outside it', () => {
    const ids = kb.allFindings().map((f) => f.id);
    for (const id of FINDING_IDS) expect(ids, `knowledge/findings/${id}.md`).toContain(id);
    for (const id of ids) expect(FINDING_IDS as readonly string[]).toContain(id);
  });

  it("names every finding in lower-case ASCII, where code-unit order (how ties are ranked) is the collator's", () => {
    for (const id of FINDING_IDS) expect(id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
    const byCollator = [...FINDING_IDS].sort((a, b) => a.localeCompare(b));
    const byCodeUnits = [...FINDING_IDS].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(byCodeUnits).toEqual(byCollator);
  });

  it('knows every id the rules raise', () => {
    const raised = new Set<string>();
    for (const file of readdirSync(rulesDir)) {
      const source = readFileSync(new URL(file, rulesDir), 'utf8');
      // Ids handed to ctx.finding, listed as `id: '...'`, or assigned/returned as an id.
      for (const m of source.matchAll(/(?:finding\(\s*|id: |id = |return )'([a-z]+\.[a-z0-9-]+)'/g))
        raised.add(m[1] ?? '');
    }
    expect(raised.size).toBeGreaterThan(40);
    for (const id of raised) expect(FINDING_IDS as readonly string[], id).toContain(id);
  });

  it('gives each entry a checklist of at least three steps', () => {
    for (const f of kb.allFindings()) expect(f.checks.length, f.id).toBeGreaterThanOrEqual(3);
  });
});
