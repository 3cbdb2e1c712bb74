/**
 * Answers to repeated lookups, kept per app. During an incident the same
 * `/sip 503` is asked again and again; a knowledge card depends only on the
 * knowledge base and the query, so it is built once and shared (frozen, so
 * no caller can change the shared copy). The key is the query exactly as
 * typed: a card that echoes it ("not found", search results) is only ever
 * given to someone who typed the very same text.
 */
import type { Card } from '../card.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { explain } from './explain.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export class ExplainCache {
  private readonly cards = new Map<string, Card>();

  constructor(
    private readonly kb: KnowledgeBase,
    private readonly maxEntries = 256,
  ) {}

  explain(query: string): Card {
    const key = query;
    const kept = this.cards.get(key);
    if (kept !== undefined) {
      // Most recently used last, so the oldest goes first when full.
      this.cards.delete(key);
      this.cards.set(key, kept);
      return kept;
    }
    const card = explain(query, this.kb);
    this.cards.set(key, deepFreeze(card));
    if (this.cards.size > this.maxEntries) {
      const oldest = this.cards.keys().next().value;
      if (oldest !== undefined) this.cards.delete(oldest);
    }
    return card;
  }
}
