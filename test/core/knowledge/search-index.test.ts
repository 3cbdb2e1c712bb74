import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundedEditDistance,
  SearchIndex,
  tokenize,
} from '../../../src/core/knowledge/search-index.js';

/** Plain dynamic-programming OSA distance, the reference the fast version must agree with. */
function referenceDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

describe('boundedEditDistance', () => {
  it.each([
    ['forbiden', 'forbidden', 1],
    ['bsuy', 'busy', 1],
    ['hosp', 'hops', 1],
    ['busy', 'busy', 0],
    ['abc', 'xyz', 3],
  ])('%s -> %s is %i (capped at 2)', (a, b, expected) => {
    expect(boundedEditDistance(a, b, 2)).toBe(Math.min(expected, 3));
  });

  it('agrees with the textbook algorithm whenever the true distance is within the bound', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        fc.integer({ min: 0, max: 3 }),
        (a, b, max) => {
          const truth = referenceDistance(a, b);
          const fast = boundedEditDistance(a, b, max);
          return truth <= max ? fast === truth : fast > max;
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('SearchIndex', () => {
  const index = new SearchIndex([
    {
      id: 'a',
      prior: 1,
      phrases: ['Busy Here'],
      fields: [
        { text: 'Busy Here', weight: 5 },
        { text: 'the callee is on another call', weight: 1 },
      ],
    },
    {
      id: 'b',
      prior: 1,
      phrases: ['Busy Everywhere'],
      fields: [{ text: 'Busy Everywhere', weight: 5 }],
    },
    {
      id: 'c',
      prior: 1,
      phrases: ['Loop Detected'],
      fields: [
        { text: 'Loop Detected', weight: 5 },
        { text: 'busy proxies', weight: 0.3 },
      ],
    },
  ]);

  it('drops stop words and punctuation when tokenizing', () => {
    expect(tokenize('The SIP code: 486 — Busy, here!')).toEqual(['486', 'busy', 'here']);
  });

  it('ranks title matches above passing mentions and flags exact phrases', () => {
    const hits = index.search('busy here');
    expect(hits.map((h) => h.id)).toEqual(['a', 'b', 'c']);
    expect(hits[0]?.exact).toBe(true);
    expect(hits[1]?.exact).toBe(false);
  });

  it('tolerates typos and prefixes', () => {
    expect(index.search('loop detcted')[0]?.id).toBe('c');
    expect(index.search('everyw')[0]?.id).toBe('b');
  });

  it('returns nothing for unrelated words and suggests near words', () => {
    expect(index.search('zzzz')).toEqual([]);
    expect(index.suggestWords('bussy')).toContain('busy');
  });
});
