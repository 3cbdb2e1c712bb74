/**
 * A diagnosis card's "Full JSON" action names what the card was made from
 * (a platform message, a kept command paste) so a click can read it again;
 * the core leaves the value as "diagnosis" and each adapter fills it in.
 */
import type { Card } from '../../core/card.js';

/** The card with its "Full JSON" action pointing at `source`. */
export function withSource(card: Card, source: string | undefined): Card {
  if (source === undefined || !card.actions.some((a) => a.id === 'full-json')) return card;
  return {
    ...card,
    actions: card.actions.map((a) => (a.id === 'full-json' ? { ...a, value: source } : a)),
  };
}
