/** Card -> the JSON contract (`--json`): the card's data plus its title, for scripts and other bots. */
import type { Card } from '../card.js';
import { plainText } from '../inline.js';

export function renderJson(card: Card): string {
  return `${JSON.stringify({ ...card.data, kind: card.kind, title: plainText(card.title) }, null, 2)}\n`;
}
