/** A short card that only says something: a note, a refusal, an error the user can act on. */
import type { Card } from '../card.js';

/** `title` and `text` are inline text: pass user-supplied parts through literal() first. */
export function messageCard(title: string, text: string, kind: Card['kind'] = 'error'): Card {
  return {
    kind,
    title,
    summary: text,
    fields: [],
    sections: [],
    checklist: [],
    references: [],
    actions: [],
    data: { kind, title, message: text },
  };
}
