/** Repeated lookups share one frozen card, keyed by the query exactly as typed. */
import { describe, expect, it } from 'vitest';
import { explain } from '../../../src/core/explain/explain.js';
import { ExplainCache } from '../../../src/core/explain/explain-cache.js';
import { realKnowledge } from '../../helpers/knowledge.js';

describe('ExplainCache', () => {
  const kb = realKnowledge();

  it('answers a repeated lookup with the same card as a fresh explain, built once and frozen', () => {
    const cache = new ExplainCache(kb);
    const first = cache.explain('503');
    expect(cache.explain('503')).toBe(first);
    expect(first).toEqual(explain('503', kb));
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.sections[0])).toBe(true);
    expect(() => {
      (first as { summary: string }).summary = 'changed';
    }).toThrow(TypeError);
  });

  it('gives a card that echoes the query only to the very same query', () => {
    const cache = new ExplainCache(kb);
    const missing = cache.explain('xyzzy plugh');
    expect(JSON.stringify(missing)).toContain('xyzzy plugh');
    expect(cache.explain('xyzzy plugh')).toBe(missing);
    expect(cache.explain('xyzzy  plugh')).not.toBe(missing);
    expect(cache.explain('XYZZY plugh')).not.toBe(missing);
  });

  it('forgets the least recently used card past its size', () => {
    const cache = new ExplainCache(kb, 2);
    const a = cache.explain('403');
    cache.explain('404');
    cache.explain('403');
    cache.explain('486');
    expect(cache.explain('403')).toBe(a);
    const b = cache.explain('404');
    expect(cache.explain('404')).toBe(b);
  });
});
