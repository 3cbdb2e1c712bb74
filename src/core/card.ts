/**
 * The neutral card: what the core answers with. Renderers turn it into text,
 * Markdown, JSON, Slack Block Kit or Discord embeds; nothing here knows about
 * any platform.
 *
 * Every string in a card is "inline text": plain characters plus two marks,
 * `**bold**` and `` `code` ``, with `\` escaping a mark character. Text that
 * came from a user must go through `literal()` (see inline.ts) before it is
 * placed in a card, so a renderer can escape it for its platform.
 */

export type CardKind =
  | 'response-code'
  | 'class'
  | 'q850'
  | 'warning'
  | 'vendor-cause'
  | 'search-results'
  | 'not-found'
  | 'list'
  | 'help'
  | 'diagnosis'
  | 'checklist'
  | 'error';

export interface CardField {
  label: string;
  value: string;
}

export type CardBlock =
  | { type: 'text'; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  /** Preformatted text (a SIP example, a ladder). Rendered verbatim, never parsed for marks. */
  | { type: 'code'; language: string; text: string };

export interface CardSection {
  /** Stable identifier ("why", "steps", "example", "causes"...), used by renderers and tests. */
  id: string;
  heading: string;
  blocks: CardBlock[];
}

export interface ChecklistItem {
  id: string;
  text: string;
  /**
   * On a shared checklist, once the item is done: who ticked it, when (ISO
   * 8601), and the note a renderer shows beside the text (inline text,
   * "ticked by **alice** at 10:02 UTC").
   */
  done?: { by: string; at: string; note: string };
}

export interface CardReference {
  label: string;
  url: string;
}

/**
 * What a person can do with a card: post its checklist as a shared
 * checklist, show a related card, get the full JSON of a diagnosis, tick or
 * untick an item of a shared checklist. Each face shows them its own way
 * (buttons in chat, a hint in the terminal).
 */
export type CardActionId = 'post-checklist' | 'show-more' | 'full-json' | 'tick' | 'untick';

export interface CardAction {
  id: CardActionId;
  label: string;
  /** Opaque value the adapter hands back to the core when the action is used (e.g. "code:403"). */
  value: string;
}

export interface Card {
  kind: CardKind;
  title: string;
  summary: string;
  fields: CardField[];
  sections: CardSection[];
  checklist: ChecklistItem[];
  references: CardReference[];
  actions: CardAction[];
  /** The machine-readable answer (the JSON contract); renderers other than JSON ignore it. */
  data: Record<string, unknown>;
}
